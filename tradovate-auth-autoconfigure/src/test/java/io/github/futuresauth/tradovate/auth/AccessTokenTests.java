package io.github.futuresauth.tradovate.auth;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AccessToken}.
 */
class AccessTokenTests {

	private static final Instant EXPIRY = Instant.parse("2026-01-02T10:00:00Z");

	@Test
	void toStringHidesBothTokens() {
		AccessToken token = new AccessToken("secret-access", "secret-md", EXPIRY, 7L, "trader", "Active");
		assertThat(token.toString()).contains("trader", EXPIRY.toString()).doesNotContain("secret-access", "secret-md");
	}

	@Test
	void expiresAtItsExpirationTime() {
		AccessToken token = new AccessToken("a", null, EXPIRY, null, null, null);
		assertThat(token.isExpired(EXPIRY.minusMillis(1))).isFalse();
		assertThat(token.isExpired(EXPIRY)).isTrue();
	}

	@Test
	void renewalKeepsWhatTheResponseLeftOut() {
		AccessToken token = new AccessToken("old", "md", EXPIRY, 7L, "trader", "Active");
		AccessToken renewed = token.renewedBy(new AccessToken("new", null, EXPIRY.plusSeconds(60), null, null, null));
		assertThat(renewed).isEqualTo(new AccessToken("new", "md", EXPIRY.plusSeconds(60), 7L, "trader", "Active"));
	}

}
