package io.github.futuresauth.tradovate.auth;

import java.util.Objects;

/**
 * A token as a {@link TokenStore} holds it: with the version under which it was stored.
 * Every token stored replaces the previous one under a greater version, so that a writer
 * that read an older version cannot overwrite a newer token.
 *
 * @param token the token
 * @param version the version it was stored under, greater than zero
 */
public record StoredToken(AccessToken token, long version) {

	public StoredToken {
		Objects.requireNonNull(token, "token must not be null");
		if (version <= 0) {
			throw new IllegalArgumentException("version must be positive, but was " + version);
		}
	}

}
