package io.github.futuresauth.tradovate.autoconfigure.oauth;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link TradovateAccessTokenResponseConverter}.
 */
class TradovateAccessTokenResponseConverterTests {

	private final TradovateAccessTokenResponseConverter converter = new TradovateAccessTokenResponseConverter();

	@Test
	void anAnswerWithoutTokenTypeIsABearerToken() {
		OAuth2AccessTokenResponse response = this.converter
			.convert(Map.of("access_token", "token-1", "expires_in", 4800));
		assertThat(response.getAccessToken().getTokenType()).isEqualTo(OAuth2AccessToken.TokenType.BEARER);
		assertThat(response.getRefreshToken()).isNull();
	}

	@Test
	void anErrorInASuccessfulAnswerIsAnError() {
		assertThatExceptionOfType(OAuth2AuthorizationException.class)
			.isThrownBy(() -> this.converter
				.convert(Map.of("error", "invalid_grant", "error_description", "The code was used")))
			.satisfies((ex) -> assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_grant"))
			.withMessageContaining("The code was used");
	}

}
