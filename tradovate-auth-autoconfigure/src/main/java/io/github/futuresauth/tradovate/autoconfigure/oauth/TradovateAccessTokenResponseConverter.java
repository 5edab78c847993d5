package io.github.futuresauth.tradovate.autoconfigure.oauth;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.endpoint.DefaultMapOAuth2AccessTokenResponseConverter;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;

/**
 * Reads the answer of Tradovate's {@code /auth/oauthtoken} as Spring Security's token
 * response, where Tradovate differs from the OAuth 2.0 specification: its schema names
 * {@code error} and {@code error_description} beside the token, so an error may come with
 * a success status, and it does not promise a {@code token_type}, which Spring Security
 * requires; its tokens are bearer tokens.
 */
final class TradovateAccessTokenResponseConverter implements Converter<Map<String, Object>, OAuth2AccessTokenResponse> {

	private final Converter<Map<String, Object>, OAuth2AccessTokenResponse> delegate = new DefaultMapOAuth2AccessTokenResponseConverter();

	@Override
	public OAuth2AccessTokenResponse convert(Map<String, Object> parameters) {
		Object error = parameters.get(OAuth2ParameterNames.ERROR);
		if (error != null && !error.toString().isBlank()) {
			Object description = parameters.get(OAuth2ParameterNames.ERROR_DESCRIPTION);
			throw new OAuth2AuthorizationException(new OAuth2Error(error.toString(),
					(description != null) ? "Tradovate refused the authorization code: " + description : null, null));
		}
		Map<String, Object> bearer = new LinkedHashMap<>(parameters);
		bearer.putIfAbsent(OAuth2ParameterNames.TOKEN_TYPE, "Bearer");
		return this.delegate.convert(bearer);
	}

}
