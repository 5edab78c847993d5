package io.github.futuresauth.tradovate.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Tradovate's time, as this machine estimates it: the local clock plus an offset measured
 * from the {@code Date} header of Tradovate's answers. Token expiry and renewal are
 * judged in Tradovate's time, because {@code expirationTime} is Tradovate's: a local
 * clock two hours ahead would otherwise see every token as expired on arrival, and one
 * behind would renew too late.
 * <p>
 * A {@code Date} header has a resolution of one second, and the answer was dated
 * somewhere between sending the request and receiving the answer. The offset taken is the
 * smallest that agrees with both, so a clock that is right measures as exactly right.
 */
public final class ServerClock extends Clock {

	/**
	 * An offset beyond which a warning is logged: the local clock should be synchronized.
	 */
	static final Duration SKEW_WARNING = Duration.ofSeconds(30);

	private static final Log logger = LogFactory.getLog(ServerClock.class);

	private final Clock localClock;

	private volatile Duration offset = Duration.ZERO;

	private volatile boolean warned;

	/**
	 * Create a server clock that starts with no offset.
	 * @param localClock this machine's clock
	 */
	public ServerClock(Clock localClock) {
		this.localClock = localClock;
	}

	/**
	 * Take a new measurement of the offset from an answer's {@code Date} header.
	 * @param sent when the request was sent, by the local clock
	 * @param received when the answer arrived, by the local clock
	 * @param date the answer's {@code Date} header
	 */
	public void observe(Instant sent, Instant received, Instant date) {
		// Tradovate's time when it answered lies in [date, date + 1s), and that moment
		// lies in [sent, received] by the local clock.
		Duration lowest = Duration.between(received, date);
		Duration highest = Duration.between(sent, date.plusSeconds(1));
		Duration measured = (lowest.isNegative() && !highest.isNegative()) ? Duration.ZERO
				: (!lowest.isNegative()) ? lowest : highest;
		this.offset = measured;
		boolean skewed = measured.abs().compareTo(SKEW_WARNING) > 0;
		if (skewed && !this.warned) {
			logger.warn("This machine's clock is " + describe(measured) + " Tradovate's; token expiry and renewal"
					+ " are judged in Tradovate's time, but synchronize the clock (NTP)");
		}
		this.warned = skewed;
	}

	/**
	 * Return how far Tradovate's clock is ahead of this machine's (negative when it is
	 * behind).
	 * @return the offset, zero until measured
	 */
	public Duration getOffset() {
		return this.offset;
	}

	/**
	 * Return the local clock that this clock is based on.
	 * @return the local clock
	 */
	public Clock getLocalClock() {
		return this.localClock;
	}

	/**
	 * Convert an instant in Tradovate's time to this machine's, for scheduling.
	 * @param serverInstant an instant by Tradovate's clock
	 * @return the same moment by the local clock
	 */
	public Instant toLocal(Instant serverInstant) {
		return serverInstant.minus(this.offset);
	}

	@Override
	public Instant instant() {
		return this.localClock.instant().plus(this.offset);
	}

	@Override
	public ZoneId getZone() {
		return this.localClock.getZone();
	}

	@Override
	public Clock withZone(ZoneId zone) {
		throw new UnsupportedOperationException("Tradovate's clock is in UTC");
	}

	private static String describe(Duration offset) {
		Duration abs = offset.abs();
		return abs.toSeconds() + "s " + (offset.isNegative() ? "ahead of" : "behind");
	}

}
