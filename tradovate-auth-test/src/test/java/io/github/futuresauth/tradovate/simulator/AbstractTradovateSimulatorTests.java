package io.github.futuresauth.tradovate.simulator;

import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A started {@link TradovateSimulator} on a {@link MutableClock} and a client of it, for
 * the tests of the simulator over real HTTP.
 */
abstract class AbstractTradovateSimulatorTests {

	static final Instant START = Instant.parse("2026-03-02T14:30:00Z");

	static final String NAME = "trader";

	static final String PASSWORD = "s3cret-password";

	final MutableClock clock = new MutableClock(START);

	TradovateSimulator simulator;

	SimulatorClient client;

	@BeforeEach
	void startSimulator() {
		this.simulator = configure(TradovateSimulator.builder()
			.clock(this.clock)
			.user(NAME, PASSWORD)
			.user("app-user", "app-password", "my-app", "my-secret")).start();
		this.client = new SimulatorClient(this.simulator);
	}

	@AfterEach
	void closeSimulator() {
		this.simulator.close();
	}

	/**
	 * Configure the simulator further before it starts.
	 * @param builder the builder, with the clock and the users set
	 * @return the builder
	 */
	TradovateSimulatorBuilder configure(TradovateSimulatorBuilder builder) {
		return builder;
	}

}
