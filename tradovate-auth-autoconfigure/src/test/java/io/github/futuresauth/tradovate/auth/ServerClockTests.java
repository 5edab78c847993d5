package io.github.futuresauth.tradovate.auth;

import java.time.Duration;
import java.time.Instant;

import io.github.futuresauth.tradovate.simulator.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ServerClock}.
 */
class ServerClockTests {

	private final MutableClock local = new MutableClock(Instant.parse("2026-01-05T10:00:00.400Z"));

	private final ServerClock clock = new ServerClock(this.local);

	@Test
	void clockThatAgreesWithinTheDateHeadersResolutionHasNoOffset() {
		Instant sent = this.local.instant();
		this.clock.observe(sent, sent.plusMillis(80), Instant.parse("2026-01-05T10:00:00Z"));
		assertThat(this.clock.getOffset()).isZero();
		assertThat(this.clock.instant()).isEqualTo(this.local.instant());
	}

	@Test
	void serverBehindIsMeasuredFromTheDateHeader() {
		Instant sent = this.local.instant();
		this.clock.observe(sent, sent.plusMillis(100), Instant.parse("2026-01-05T08:00:00Z"));
		assertThat(this.clock.getOffset()).isBetween(Duration.ofHours(-2), Duration.ofHours(-2).plusSeconds(1));
		Instant serverExpiry = Instant.parse("2026-01-05T09:00:00Z");
		assertThat(this.clock.toLocal(serverExpiry)).isAfter(this.local.instant());
	}

	@Test
	void serverAheadIsMeasuredFromTheDateHeader() {
		Instant sent = this.local.instant();
		this.clock.observe(sent, sent.plusMillis(100), Instant.parse("2026-01-05T10:20:00Z"));
		assertThat(this.clock.getOffset()).isBetween(Duration.ofMinutes(20).minusSeconds(1), Duration.ofMinutes(20));
	}

}
