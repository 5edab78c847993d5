package io.github.futuresauth.tradovate.autoconfigure.oauth;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.futuresauth.tradovate.auth.TradovateEnvironment;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Describes Tradovate to Spring Security's OAuth2 client when the application registers
 * it ({@code spring.security.oauth2.client.registration.tradovate.client-id}): the
 * authorize page, the token endpoint and {@code /auth/me} of the configured environment,
 * and the client authentication that Tradovate's token endpoint reads (the client id and
 * secret as form fields). Every default is overridden by a property that the application
 * sets.
 */
public class TradovateOAuth2EnvironmentPostProcessor implements EnvironmentPostProcessor {

	private static final String REGISTRATION = "spring.security.oauth2.client.registration.tradovate.";

	private static final String PROVIDER = "spring.security.oauth2.client.provider.tradovate.";

	/** Where Tradovate sends its users to authorize an application. */
	static final URI AUTHORIZE_PAGE = URI.create("https://trader.tradovate.com/oauth");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.getProperty(REGISTRATION + "client-id") == null) {
			return;
		}
		Binder binder = Binder.get(environment);
		URI baseUrl = binder.bind("tradovate.base-url", URI.class)
			.orElseGet(() -> binder.bind("tradovate.environment", TradovateEnvironment.class)
				.orElse(TradovateEnvironment.DEMO)
				.getBaseUrl());
		String base = baseUrl.toString().replaceAll("/+$", "");
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put(REGISTRATION + "authorization-grant-type", "authorization_code");
		defaults.put(REGISTRATION + "client-authentication-method", "client_secret_post");
		defaults.put(REGISTRATION + "client-name", "Tradovate");
		defaults.put(PROVIDER + "authorization-uri", authorizePage(baseUrl).toString());
		defaults.put(PROVIDER + "token-uri", base + "/auth/oauthtoken");
		defaults.put(PROVIDER + "user-info-uri", base + "/auth/me");
		defaults.put(PROVIDER + "user-name-attribute", "name");
		environment.getPropertySources().addLast(new MapPropertySource("tradovateOAuth2Defaults", defaults));
	}

	/**
	 * Return Tradovate's authorize page, or, for a base URL on this machine (the
	 * simulator), the page that it serves at {@code /oauth}.
	 */
	static URI authorizePage(URI baseUrl) {
		String host = baseUrl.getHost();
		boolean loopback = "localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host)
				|| "::1".equals(host);
		return loopback ? baseUrl.resolve("/oauth") : AUTHORIZE_PAGE;
	}

}
