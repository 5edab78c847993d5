package io.github.futuresauth.tradovate.simulator;

import java.time.Instant;

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
