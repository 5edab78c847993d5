package io.github.futuresauth.tradovate.autoconfigure;

import java.time.Duration;

import io.github.futuresauth.tradovate.auth.LazyClientHttpRequestFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.http.client.ClientHttpRequestFactory;

/**
 * The {@link HttpClientSettings} of the connections to Tradovate: Spring Boot's
 * ({@code spring.http.clients.*}) with the {@code tradovate.*} properties on top, and
 * never following redirects, because HTTP clients carry the {@code Authorization} header
 * along to wherever a redirect points.
 */
final class TradovateHttpClientSettings {

	private TradovateHttpClientSettings() {
	}

	/**
	 * Return the settings for logins, renewals and {@code /auth/me}: timeouts from
	 * {@code tradovate.*} when set, else from Spring Boot, else the defaults.
	 * @param properties the {@code tradovate.*} properties
	 * @param settings Spring Boot's settings
	 * @param sslBundles the SSL bundles, for {@code tradovate.ssl.bundle}
	 * @return the settings
	 */
	static HttpClientSettings forAuthentication(TradovateAuthProperties properties, HttpClientSettings settings,
			ObjectProvider<SslBundles> sslBundles) {
		Duration connectTimeout = firstNonNull(properties.getConnectTimeout(), settings.connectTimeout(),
				TradovateAuthProperties.DEFAULT_CONNECT_TIMEOUT);
		Duration readTimeout = firstNonNull(properties.getReadTimeout(), settings.readTimeout(),
				TradovateAuthProperties.DEFAULT_READ_TIMEOUT);
		return forApi(properties, settings, sslBundles).withTimeouts(connectTimeout, readTimeout);
	}

	/**
	 * Return the settings for API calls through {@code tradovateRestClient}: Spring
	 * Boot's, with {@code tradovate.ssl.bundle} when set.
	 * @param properties the {@code tradovate.*} properties
	 * @param settings Spring Boot's settings
	 * @param sslBundles the SSL bundles, for {@code tradovate.ssl.bundle}
	 * @return the settings
	 */
	static HttpClientSettings forApi(TradovateAuthProperties properties, HttpClientSettings settings,
			ObjectProvider<SslBundles> sslBundles) {
		HttpClientSettings result = settings.withRedirects(HttpRedirects.DONT_FOLLOW);
		String bundle = properties.getSsl().getBundle();
		if (bundle != null && !bundle.isBlank()) {
			SslBundles bundles = sslBundles.getIfAvailable();
			if (bundles == null) {
				throw new IllegalStateException("tradovate.ssl.bundle is set to '" + bundle
						+ "', but the application has no SSL bundles: define it under spring.ssl.bundle.*");
			}
			result = result.withSslBundle(bundles.getBundle(bundle.trim()));
		}
		return result;
	}

	/**
	 * Return a request factory with the given settings that builds its HTTP client when
	 * the first request is made: building one loads the JDK's TLS and HTTP client
	 * classes, which an application that does not log in while it starts need not wait
	 * for.
	 * @param requestFactoryBuilder the application's builder, if it has one
	 * @param settings the settings of the client
	 * @return the request factory
	 */
	static ClientHttpRequestFactory requestFactory(
			ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilder, HttpClientSettings settings) {
		ClientHttpRequestFactoryBuilder<?> builder = requestFactoryBuilder
			.getIfAvailable(ClientHttpRequestFactoryBuilder::detect);
		return new LazyClientHttpRequestFactory(() -> builder.build(settings));
	}

	private static Duration firstNonNull(@Nullable Duration first, @Nullable Duration second, Duration fallback) {
		if (first != null) {
			return first;
		}
		return (second != null) ? second : fallback;
	}

}
