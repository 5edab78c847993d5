package io.github.futuresauth.tradovate.auth;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RenewalSchedule}.
 */
class RenewalScheduleTests {

	private static final Instant NOW = Instant.parse("2026-01-05T10:00:00Z");

	private final RenewalSchedule schedule = new RenewalSchedule(Duration.ofMinutes(15));

	@Test
	void renewsTheMarginBeforeExpiryLessSomeJitter() {
		Instant expiry = NOW.plus(Duration.ofMinutes(90));
		Instant at = this.schedule.renewalTime(expiry, NOW);
		assertThat(at).isBetween(expiry.minus(Duration.ofMinutes(15)).minus(Duration.ofSeconds(90)),
				expiry.minus(Duration.ofMinutes(15)));
	}

	@Test
	void neverRenewsBeforeHalfWay() {
		Instant expiry = NOW.plus(Duration.ofMinutes(10));
		assertThat(this.schedule.renewalTime(expiry, NOW)).isBetween(NOW.plus(Duration.ofMinutes(4)).minusSeconds(31),
				NOW.plus(Duration.ofMinutes(5)));
	}

	@Test
	void retriesLandBeforeExpiry() {
		Instant expiry = NOW.plusSeconds(4);
		assertThat(this.schedule.retryTime(expiry, NOW, Duration.ofSeconds(1))).isEqualTo(NOW.plusSeconds(1));
		assertThat(this.schedule.retryTime(expiry, NOW, Duration.ofSeconds(8))).isEqualTo(NOW.plusSeconds(2));
		assertThat(this.schedule.retryTime(expiry, expiry.minusMillis(100), Duration.ofSeconds(1))).isNull();
	}

}
