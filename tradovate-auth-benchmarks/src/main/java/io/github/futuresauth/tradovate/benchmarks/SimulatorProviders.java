package io.github.futuresauth.tradovate.benchmarks;

import java.time.Duration;

import io.github.futuresauth.tradovate.auth.RenewingTokenProvider;
import io.github.futuresauth.tradovate.auth.TradovateAuthClient;
import io.github.futuresauth.tradovate.auth.TradovateCredentials;
import io.github.futuresauth.tradovate.simulator.TradovateSimulator;

/**
 * Token providers that log in to a simulator as its default user, as every benchmark
 * does.
 */
final class SimulatorProviders {

	private SimulatorProviders() {
	}

	/**
	 * Create a provider for the simulator's default user; it has not logged in yet.
	 * @param simulator the simulator
	 * @param connectTimeout how long to wait for a connection
	 * @param readTimeout how long to wait for an answer
	 * @return the provider
	 */
	static RenewingTokenProvider forDefaultUser(TradovateSimulator simulator, Duration connectTimeout,
			Duration readTimeout) {
		return new RenewingTokenProvider(TradovateAuthClient.create(simulator.baseUrl(), connectTimeout, readTimeout),
				TradovateCredentials.of(TradovateSimulator.DEFAULT_USER_NAME, TradovateSimulator.DEFAULT_PASSWORD));
	}

}
