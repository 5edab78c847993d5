package io.github.futuresauth.tradovate.autoconfigure.oauth;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import io.github.futuresauth.tradovate.auth.TradovateEnvironment;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.util.StringUtils;

/**
 * Describes Tradovate to Spring Security's OAuth2 client when the application registers
 * it ({@code spring.security.oauth2.client.registration.tradovate.client-id}): the
 * authorize page, the token endpoint and {@code /auth/me} of the configured environment,
 * and the client authentication that Tradovate's token endpoint reads (the client id and
 * secret as form fields). Every default is overridden by a property that the application
 * sets.
 * <p>
 * The addresses are worked out when they are read, not when the environment is prepared:
 * a base URL that a test sets later ({@code @AutoConfigureTradovateSimulator},
 * {@code @DynamicPropertySource}, an initializer that starts a simulator) is followed.
 */
public class TradovateOAuth2EnvironmentPostProcessor implements EnvironmentPostProcessor {

	private static final String REGISTRATION = "spring.security.oauth2.client.registration.tradovate.";

	private static final String PROVIDER = "spring.security.oauth2.client.provider.tradovate.";

	/** The name of the property source of the defaults. */
	static final String PROPERTY_SOURCE_NAME = "tradovateOAuth2Defaults";

	/** Where Tradovate sends its users to authorize an application. */
	static final URI AUTHORIZE_PAGE = URI.create("https://trader.tradovate.com/oauth");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.getProperty(REGISTRATION + "client-id") == null) {
			return;
		}
		Map<String, Function<URI, Object>> defaults = new LinkedHashMap<>();
		defaults.put(REGISTRATION + "authorization-grant-type", (baseUrl) -> "authorization_code");
		defaults.put(REGISTRATION + "client-authentication-method", (baseUrl) -> "client_secret_post");
		defaults.put(REGISTRATION + "client-name", (baseUrl) -> "Tradovate");
		defaults.put(PROVIDER + "authorization-uri", (baseUrl) -> authorizePage(baseUrl).toString());
		defaults.put(PROVIDER + "token-uri", (baseUrl) -> base(baseUrl) + "/auth/oauthtoken");
		defaults.put(PROVIDER + "user-info-uri", (baseUrl) -> base(baseUrl) + "/auth/me");
		defaults.put(PROVIDER + "user-name-attribute", (baseUrl) -> "name");
		environment.getPropertySources().addLast(new Defaults(environment, defaults));
	}

	private static String base(URI baseUrl) {
		return baseUrl.toString().replaceAll("/+$", "");
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

	/**
	 * The defaults, derived from {@code tradovate.base-url} or
	 * {@code tradovate.environment} as they are when read.
	 */
	private static final class Defaults extends EnumerablePropertySource<Map<String, Function<URI, Object>>> {

		private final ConfigurableEnvironment environment;

		private final String[] names;

		Defaults(ConfigurableEnvironment environment, Map<String, Function<URI, Object>> defaults) {
			super(PROPERTY_SOURCE_NAME, defaults);
			this.environment = environment;
			this.names = StringUtils.toStringArray(defaults.keySet());
		}

		@Override
		public String[] getPropertyNames() {
			return this.names.clone();
		}

		@Override
		public @Nullable Object getProperty(String name) {
			Function<URI, Object> value = getSource().get(name);
			return (value != null) ? value.apply(baseUrl()) : null;
		}

		private URI baseUrl() {
			// Neither property is one of this source's: no loop.
			Binder binder = Binder.get(this.environment);
			return binder.bind("tradovate.base-url", URI.class)
				.orElseGet(() -> binder.bind("tradovate.environment", TradovateEnvironment.class)
					.orElse(TradovateEnvironment.DEMO)
					.getBaseUrl());
		}

	}

}
