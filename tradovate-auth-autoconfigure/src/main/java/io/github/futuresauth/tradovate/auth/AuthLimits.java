package io.github.futuresauth.tradovate.auth;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * How many requests to Tradovate's {@code /auth/*} endpoints may go out, and how far
 * apart logins must be. The {@link #TRADOVATE defaults} are Tradovate's published
 * per-hour limits, which apply per network address: every instance behind one address
 * shares them.
 *
 * @param failedLoginsPerHour logins that return no token, in any rolling hour (Tradovate
 * locks the network out after 5)
 * @param renewalsPerHour renewals of any outcome, in any rolling hour (Tradovate allows
 * 15)
 * @param checksPerHour {@code /auth/me} requests that ask whether a token still works, in
 * any rolling hour (Tradovate allows 10 failed ones; every one is counted here)
 * @param minLoginInterval the first spacing between logins that replace sessions closed
 * by another client of the same user, once that happens again within an hour: it doubles
 * with every further such session, up to 15 minutes, so that instances that close each
 * other's sessions cannot churn them. The first session closed is replaced at once.
 * @param tooManyRequestsHold how long every request to {@code /auth/*} is held after a
 * {@code 429} that carries no {@code Retry-After}: an hour, as Tradovate asks, or less
 */
public record AuthLimits(int failedLoginsPerHour, int renewalsPerHour, int checksPerHour, Duration minLoginInterval,
		Duration tooManyRequestsHold) {

	/** The hold after a {@code 429} that Tradovate's rate-limit page asks for. */
	public static final Duration TOO_MANY_REQUESTS_HOLD = Duration.ofHours(1);

	/** Tradovate's published limits, and one login a minute. */
	public static final AuthLimits TRADOVATE = new AuthLimits(5, 15, 10, Duration.ofMinutes(1));

	public AuthLimits {
		Assert.isTrue(failedLoginsPerHour > 0, "failedLoginsPerHour must be positive");
		Assert.isTrue(renewalsPerHour > 0, "renewalsPerHour must be positive");
		Assert.isTrue(checksPerHour > 0, "checksPerHour must be positive");
		Assert.isTrue(minLoginInterval != null && !minLoginInterval.isNegative(),
				"minLoginInterval must not be negative");
		Assert.isTrue(
				tooManyRequestsHold != null && !tooManyRequestsHold.isNegative() && !tooManyRequestsHold.isZero()
						&& tooManyRequestsHold.compareTo(TOO_MANY_REQUESTS_HOLD) <= 0,
				"tooManyRequestsHold must be positive and at most an hour, Tradovate's own wait");
	}

	/**
	 * Create limits with the hold after a {@code 429} that Tradovate asks for.
	 * @param failedLoginsPerHour failed logins in any rolling hour
	 * @param renewalsPerHour renewals in any rolling hour
	 * @param checksPerHour checks in any rolling hour
	 * @param minLoginInterval the first spacing of logins after sessions closed elsewhere
	 */
	public AuthLimits(int failedLoginsPerHour, int renewalsPerHour, int checksPerHour, Duration minLoginInterval) {
		this(failedLoginsPerHour, renewalsPerHour, checksPerHour, minLoginInterval, TOO_MANY_REQUESTS_HOLD);
	}

}
