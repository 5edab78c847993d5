package io.github.futuresauth.tradovate.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * The clock of the simulated server: the simulator's clock plus an offset that can change
 * while the simulator runs, so that a test can share one {@link MutableClock} with the
 * client and still put the server ahead of it or behind it.
 */
final class ServerClock extends Clock {

	private final Clock clock;

	private volatile Duration offset;

	ServerClock(Clock clock, Duration offset) {
		this.clock = clock;
		this.offset = offset;
	}

	Duration getOffset() {
		return this.offset;
	}

	void setOffset(Duration offset) {
		this.offset = Objects.requireNonNull(offset, "'offset' must not be null");
	}

	@Override
	public Instant instant() {
		return this.clock.instant().plus(this.offset);
	}

	@Override
	public ZoneId getZone() {
		return this.clock.getZone();
	}

	@Override
	public Clock withZone(ZoneId zone) {
		throw new UnsupportedOperationException("The server clock has a fixed zone");
	}

	@Override
	public String toString() {
		return "ServerClock[" + this.clock + ", offset=" + this.offset + "]";
	}

}
