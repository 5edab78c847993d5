package io.github.futuresauth.tradovate.auth;

import java.time.Instant;

/**
 * A {@link TokenProvider} that always hands out the same token, which never expires, and
 * ignores reports that it was rejected: a stand-in for a provider that gets its token
 * elsewhere.
 */
public class FixedTokenProvider implements TokenProvider {

	private final AccessToken token;

	public FixedTokenProvider(String accessToken) {
		this.token = new AccessToken(accessToken, null, Instant.MAX, null, "user", null);
	}

	@Override
	public AccessToken getToken() {
		return this.token;
	}

	@Override
	public void invalidate(AccessToken token) {
	}

}
