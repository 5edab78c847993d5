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
 * @param minLoginInterval the least time between two logins that open a session, so that
 * a token rejected again and again, or instances that close each other's sessions, cannot
 * churn sessions
 */
public record AuthLimits(int failedLoginsPerHour, int renewalsPerHour, int checksPerHour, Duration minLoginInterval) {

	/** Tradovate's published limits, and one login a minute. */
	public static final AuthLimits TRADOVATE = new AuthLimits(5, 15, 10, Duration.ofMinutes(1));

	public AuthLimits {
		Assert.isTrue(failedLoginsPerHour > 0, "failedLoginsPerHour must be positive");
		Assert.isTrue(renewalsPerHour > 0, "renewalsPerHour must be positive");
		Assert.isTrue(checksPerHour > 0, "checksPerHour must be positive");
		Assert.isTrue(minLoginInterval != null && !minLoginInterval.isNegative(),
				"minLoginInterval must not be negative");
	}

}
