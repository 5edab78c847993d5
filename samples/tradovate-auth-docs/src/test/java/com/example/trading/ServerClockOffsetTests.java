package com.example.trading;

import java.time.Duration;

import io.github.futuresauth.tradovate.simulator.TradovateSimulator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServerClockOffsetTests {

	@Test
	void serverTimeIsTheClockPlusTheOffset() {
		try (TradovateSimulator simulator = TradovateSimulator.builder()
			.user("trader", "s3cret-password")
			// Server time two hours ahead of the clock:
			.serverClockOffset(Duration.ofHours(2))
			.start()) {
			// Or changed in a test:
			simulator.setServerClockOffset(Duration.ofMinutes(-10));
			assertThat(simulator.serverTime()).isEqualTo(simulator.clock().instant().minus(Duration.ofMinutes(10)));
		}
	}

}
