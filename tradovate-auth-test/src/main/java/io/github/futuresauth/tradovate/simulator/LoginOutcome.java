package io.github.futuresauth.tradovate.simulator;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * How {@link AuthenticationState} answered a login or a renewal.
 */
sealed interface LoginOutcome {

	/**
	 * A new access token, and for a login a new market data token.
	 *
	 * @param user the user the tokens belong to
	 * @param accessToken the new access token
	 * @param mdAccessToken the new market data token, or {@code null} for a renewal
	 * @param expirationTime when the access token expires
	 */
	record Granted(SimulatedUser user, String accessToken, String mdAccessToken,
			Instant expirationTime) implements LoginOutcome {

		@Override
		public String toString() {
			return "Granted[user=" + this.user.name() + ", expirationTime=" + this.expirationTime + "]";
		}

	}

	/**
	 * A refused login.
	 *
	 * @param errorText the message to answer with
	 */
	record Rejected(String errorText) implements LoginOutcome {

	}

	/**
	 * A login refused with 423 because logins are locked out, as after a reCAPTCHA
	 * lock-out.
	 */
	record LockedOut() implements LoginOutcome {

	}

	/**
	 * A login refused with 429 because its user is rate limited.
	 *
	 * @param retryAfter the {@code Retry-After} to answer with, or {@code null} for none
	 */
	record UserRateLimited(@Nullable Duration retryAfter) implements LoginOutcome {

	}

	/**
	 * A login answered with a time penalty.
	 *
	 * @param ticket the {@code p-ticket}
	 * @param waitSeconds the {@code p-time}
	 * @param captcha whether a captcha has to be solved, which no API client can do
	 * @param rateLimited whether the penalty is for exceeding the hourly limit of failed
	 * logins
	 */
	record Penalized(String ticket, long waitSeconds, boolean captcha, boolean rateLimited) implements LoginOutcome {

	}

}
