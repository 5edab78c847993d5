package io.github.futuresauth.tradovate.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MutableClock}.
 */
class MutableClockTests {

	private static final Instant START = Instant.parse("2026-03-02T14:30:00Z");

	@Test
	void standsStillUntilMoved() {
		MutableClock clock = new MutableClock(START);
		assertThat(clock.instant()).isEqualTo(START);
		assertThat(clock.millis()).isEqualTo(START.toEpochMilli());
		assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
	}

	@Test
	void advanceAndSetInstantMoveTheClock() {
		MutableClock clock = new MutableClock(START);
		assertThat(clock.advance(Duration.ofMinutes(5))).isEqualTo(START.plusSeconds(300));
		assertThat(clock.instant()).isEqualTo(START.plusSeconds(300));
		clock.setInstant(START);
		assertThat(clock.instant()).isEqualTo(START);
	}

	@Test
	void defaultConstructorStartsNow() {
		Instant before = Instant.now();
		assertThat(new MutableClock().instant()).isBetween(before, Instant.now());
	}

	@Test
	void clockWithOtherZoneSharesTheInstant() {
		MutableClock clock = new MutableClock(START);
		MutableClock zoned = clock.withZone(ZoneId.of("America/Chicago"));
		assertThat(zoned.getZone()).isEqualTo(ZoneId.of("America/Chicago"));
		clock.advance(Duration.ofSeconds(1));
		assertThat(zoned.instant()).isEqualTo(START.plusSeconds(1));
		assertThat(clock.withZone(ZoneOffset.UTC)).isSameAs(clock);
	}

	@Test
	void concurrentAdvancesAreNotLost() {
		MutableClock clock = new MutableClock(START);
		List<CompletableFuture<Void>> advances = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			advances.add(CompletableFuture.runAsync(() -> {
				for (int j = 0; j < 1000; j++) {
					clock.advance(Duration.ofMillis(1));
				}
			}));
		}
		advances.forEach(CompletableFuture::join);
		assertThat(clock.instant()).isEqualTo(START.plusSeconds(8));
	}

}
