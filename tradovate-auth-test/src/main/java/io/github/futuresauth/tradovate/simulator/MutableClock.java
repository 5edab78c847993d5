package io.github.futuresauth.tradovate.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that stands still until it is told to move, so that tests can cross
 * token expiry or a login penalty without waiting.
 *
 * <p>
 * Thread-safe: the simulator's request threads read it while a test moves it. Clocks
 * obtained through {@link #withZone(ZoneId)} share the instant with the clock they came
 * from.
 *
 * @see TradovateSimulator#advance(Duration)
 */
public final class MutableClock extends Clock {

	private final AtomicReference<Instant> instant;

	private final ZoneId zone;

	/**
	 * Create a clock that starts at the current instant of the system clock.
	 */
	public MutableClock() {
		this(Instant.now());
	}

	/**
	 * Create a clock that starts at the given instant.
	 * @param instant the instant to start at
	 */
	public MutableClock(Instant instant) {
		this(new AtomicReference<>(Objects.requireNonNull(instant, "'instant' must not be null")), ZoneOffset.UTC);
	}

	private MutableClock(AtomicReference<Instant> instant, ZoneId zone) {
		this.instant = instant;
		this.zone = zone;
	}

	@Override
	public Instant instant() {
		return this.instant.get();
	}

	@Override
	public ZoneId getZone() {
		return this.zone;
	}

	@Override
	public MutableClock withZone(ZoneId zone) {
		Objects.requireNonNull(zone, "'zone' must not be null");
		return (zone.equals(this.zone)) ? this : new MutableClock(this.instant, zone);
	}

	/**
	 * Move the clock forward (or, with a negative duration, back).
	 * @param duration how far to move
	 * @return the new instant
	 */
	public Instant advance(Duration duration) {
		Objects.requireNonNull(duration, "'duration' must not be null");
		return this.instant.updateAndGet((current) -> current.plus(duration));
	}

	/**
	 * Set the clock to the given instant.
	 * @param instant the new instant
	 */
	public void setInstant(Instant instant) {
		this.instant.set(Objects.requireNonNull(instant, "'instant' must not be null"));
	}

	@Override
	public String toString() {
		return "MutableClock[" + instant() + "," + this.zone + "]";
	}

}
