package io.github.futuresauth.tradovate.auth;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * An access token issued by Tradovate, with what the API said about it.
 * <p>
 * Tokens are opaque strings and bearer credentials: {@link #toString()} shows when the
 * token expires and whose it is, never the token itself.
 *
 * @param accessToken the token to send as {@code Authorization: Bearer}
 * @param mdAccessToken the market data token, or {@code null} when the API sent none
 * @param expirationTime when the token stops being accepted
 * @param userId the user's id, or {@code null} when the API sent none
 * @param name the user's name, or {@code null} when the API sent none
 * @param userStatus the user's status, such as {@code Active}, or {@code null} when the
 * API sent none
 */
public record AccessToken(String accessToken, @Nullable String mdAccessToken, Instant expirationTime,
		@Nullable Long userId, @Nullable String name, @Nullable String userStatus) {

	public AccessToken {
		Objects.requireNonNull(accessToken, "accessToken must not be null");
		Objects.requireNonNull(expirationTime, "expirationTime must not be null");
	}

	/**
	 * Return whether this token is no longer accepted at the given instant.
	 * @param now the current instant
	 * @return {@code true} when {@code now} is at or past {@link #expirationTime()}
	 */
	public boolean isExpired(Instant now) {
		return !now.isBefore(this.expirationTime);
	}

	/**
	 * Return a renewed copy of this token: the new token and expiration, keeping what the
	 * renewal response left out (the API does not document whether renewal returns a
	 * market data token).
	 * @param renewal the token that the renewal returned
	 * @return the merged token
	 */
	AccessToken renewedBy(AccessToken renewal) {
		return new AccessToken(renewal.accessToken(),
				(renewal.mdAccessToken() != null) ? renewal.mdAccessToken() : this.mdAccessToken,
				renewal.expirationTime(), (renewal.userId() != null) ? renewal.userId() : this.userId,
				(renewal.name() != null) ? renewal.name() : this.name,
				(renewal.userStatus() != null) ? renewal.userStatus() : this.userStatus);
	}

	@Override
	public String toString() {
		return "AccessToken[expirationTime=" + this.expirationTime + ", userId=" + this.userId + ", name=" + this.name
				+ ", userStatus=" + this.userStatus + "]";
	}

}
