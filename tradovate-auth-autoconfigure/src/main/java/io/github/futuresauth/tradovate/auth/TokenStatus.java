package io.github.futuresauth.tradovate.auth;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What a {@link TokenProvider} knows about its token and about the requests it may still
 * send to Tradovate, for health checks, metrics and operators. It holds no secret.
 *
 * @param state the state of the token
 * @param user the user the token belongs to, or {@code null} before the first login
 * @param expirationTime when the token expires, in Tradovate's time, or {@code null}
 * without one
 * @param version the version of the token in its store, {@code 0} without one
 * @param now the instant of this status, in Tradovate's time
 * @param lastLogin when a login last opened a session, in Tradovate's time, or
 * {@code null}
 * @param lastRenewal when the token was last renewed, by the local clock, or {@code null}
 * @param nextRefresh when the next renewal or background login is due, by the local
 * clock, or {@code null} when none is scheduled
 * @param lastFailure the latest failure to log in or renew, or {@code null} after a
 * success
 * @param clockOffset how far Tradovate's clock is ahead of this machine's
 * @param hold the hold on logins in force now, or {@code null}
 * @param failedLogins failed logins in the last hour, against their limit
 * @param renewals renewals in the last hour, against their limit
 * @param checks token checks ({@code /auth/me}) in the last hour, against their limit
 */
public record TokenStatus(State state, @Nullable String user, @Nullable Instant expirationTime, long version,
		Instant now, @Nullable Instant lastLogin, @Nullable Instant lastRenewal, @Nullable Instant nextRefresh,
		@Nullable TradovateAuthException lastFailure, Duration clockOffset, @Nullable Hold hold, Usage failedLogins,
		Usage renewals, Usage checks) {

	/**
	 * Return how long the token has left.
	 * @return the time until expiry, zero when it has expired or there is none
	 */
	public Duration expiresIn() {
		if (this.expirationTime == null || !this.expirationTime.isAfter(this.now)) {
			return Duration.ZERO;
		}
		return Duration.between(this.now, this.expirationTime);
	}

	/**
	 * The state of the token.
	 */
	public enum State {

		/** No token yet, and no failure. */
		NONE,

		/** A token that Tradovate accepts, as far as is known. */
		VALID,

		/** The token expired or was rejected, and has not been replaced. */
		EXPIRED,

		/** There is no valid token, and the latest login failed. */
		FAILED

	}

	/**
	 * How many requests of a kind went out in the last hour, against how many may.
	 *
	 * @param used the requests sent in the last hour
	 * @param limit the most that may be sent in any hour
	 */
	public record Usage(int used, int limit) {

	}

}
