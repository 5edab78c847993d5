package com.example.trading;

import java.time.Duration;

import io.github.futuresauth.tradovate.auth.RenewingTokenProvider;
import io.github.futuresauth.tradovate.auth.TradovateAuthClient;
import io.github.futuresauth.tradovate.auth.TradovateCredentials;
import io.github.futuresauth.tradovate.simulator.ManualTaskScheduler;
import io.github.futuresauth.tradovate.simulator.MutableClock;
import io.github.futuresauth.tradovate.simulator.TradovateSimulator;
import io.github.futuresauth.tradovate.simulator.TradovateSimulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(TradovateSimulatorExtension.class)
class RenewalTests {

	@Test
	void renewsAheadOfExpiry(TradovateSimulator simulator) {
		TradovateAuthClient client = TradovateAuthClient.create(simulator.baseUrl(), Duration.ofSeconds(5),
				Duration.ofSeconds(10));
		try (RenewingTokenProvider tokenProvider = new RenewingTokenProvider(client,
				TradovateCredentials.of("trader", "s3cret-password"))) {
			MutableClock clock = (MutableClock) simulator.clock();
			ManualTaskScheduler scheduler = new ManualTaskScheduler(clock);
			tokenProvider.setClock(clock);
			tokenProvider.setTaskScheduler(scheduler);
			tokenProvider.getToken(); // logs in and schedules the renewal
			scheduler.runNext(); // 75 minutes later, in no time: renewed
			assertThat(simulator.journal().renewals()).isOne();
		}
	}

}
