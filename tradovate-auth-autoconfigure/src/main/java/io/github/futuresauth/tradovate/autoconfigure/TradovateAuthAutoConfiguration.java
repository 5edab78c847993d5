package io.github.futuresauth.tradovate.autoconfigure;

import java.util.Objects;

import io.github.futuresauth.tradovate.auth.InMemoryTokenStore;
import io.github.futuresauth.tradovate.auth.RenewingTokenProvider;
import io.github.futuresauth.tradovate.auth.TokenProvider;
import io.github.futuresauth.tradovate.auth.TokenStore;
import io.github.futuresauth.tradovate.auth.TradovateAuthClient;
import io.github.futuresauth.tradovate.auth.TradovateBearerTokenInterceptor;
import io.github.futuresauth.tradovate.auth.TradovateCredentials;
import io.github.futuresauth.tradovate.autoconfigure.redis.TradovateFleetProperties;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * Auto-configuration for authenticating to the Tradovate REST API: a
 * {@link TokenProvider} that keeps one token renewed, and a {@link RestClientCustomizer}
 * that puts it on every request that a {@link RestClient} built from Spring Boot's
 * {@link RestClient.Builder} sends to Tradovate.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration",
		"org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration",
		"org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration",
		"org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration" })
@ConditionalOnClass(RestClient.class)
@EnableConfigurationProperties(TradovateAuthProperties.class)
public final class TradovateAuthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "tradovateUnknownPropertiesCheck")
	@ConditionalOnBooleanProperty(name = "tradovate.ignore-unknown-properties", havingValue = false,
			matchIfMissing = true)
	static UnknownTradovatePropertiesCheck tradovateUnknownPropertiesCheck(Environment environment,
			ResourceLoader resourceLoader) {
		return new UnknownTradovatePropertiesCheck(environment, resourceLoader.getClassLoader());
	}

	@Bean
	@ConditionalOnMissingBean
	TokenStore tradovateTokenStore() {
		return new InMemoryTokenStore();
	}

	@Bean
	@ConditionalOnMissingBean(TokenProvider.class)
	RenewingTokenProvider tradovateTokenProvider(TradovateAuthClient client, TokenStore tokenStore,
			TradovateAuthProperties properties, ObjectProvider<TradovateCredentials> credentials,
			ObjectProvider<ObservationRegistry> observationRegistry, ObjectProvider<TradovateFleetProperties> fleet) {
		RenewingTokenProvider tokenProvider = new RenewingTokenProvider(client,
				credentials.getIfAvailable(properties::determineCredentials));
		tokenProvider.setTokenStore(tokenStore);
		tokenProvider.setRenewalMargin(properties.getRenewalMargin());
		tokenProvider.setRetryPolicy(properties.getRetry().toRetryPolicy());
		tokenProvider.setLimits(properties.getLimits().toAuthLimits());
		tokenProvider.setTokenWaitTimeout(properties.getTokenWaitTimeout());
		fleet.ifAvailable((fleetProperties) -> tokenProvider.setLeaseTime(fleetProperties.getLeaseTime()));
		observationRegistry.ifAvailable(tokenProvider::setObservationRegistry);
		return tokenProvider;
	}

	@Bean
	@ConditionalOnMissingBean
	TradovateBearerTokenInterceptor tradovateBearerTokenInterceptor(TokenProvider tokenProvider,
			TradovateAuthProperties properties) {
		return new TradovateBearerTokenInterceptor(tokenProvider, properties.determineBaseUrl());
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "tradovate.login-at-startup", matchIfMissing = true)
	SmartInitializingSingleton tradovateLoginAtStartup(TokenProvider tokenProvider) {
		return tokenProvider::getToken;
	}

	/**
	 * The auth client on Spring Boot's HTTP client support: the library, SSL bundle,
	 * redirects and timeouts of {@code spring.http.clients.*}, with
	 * {@code tradovate.connect-timeout}, {@code tradovate.read-timeout} and
	 * {@code tradovate.ssl.bundle} taking precedence. It never follows redirects, which
	 * could carry the token elsewhere.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ClientHttpRequestFactoryBuilder.class)
	static class HttpClientConfiguration {

		@Bean
		@ConditionalOnMissingBean
		TradovateAuthClient tradovateAuthClient(TradovateAuthProperties properties,
				ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilder,
				ObjectProvider<HttpClientSettings> httpClientSettings, ObjectProvider<SslBundles> sslBundles) {
			HttpClientSettings settings = TradovateHttpClientSettings.forAuthentication(properties,
					httpClientSettings.getIfAvailable(HttpClientSettings::defaults), sslBundles);
			RestClient restClient = RestClient.builder()
				.baseUrl(TradovateAuthClient.requireSafeBaseUrl(properties.determineBaseUrl()).toString())
				.requestFactory(TradovateHttpClientSettings.requestFactory(requestFactoryBuilder, settings))
				.defaultHeader(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE)
				.build();
			TradovateAuthClient client = new TradovateAuthClient(restClient, properties.determineBaseUrl());
			if (settings.readTimeout() != null) {
				client.setReadTimeout(settings.readTimeout());
			}
			return client;
		}

	}

	/**
	 * The auth client on the JDK's HTTP client, for applications without Spring Boot's
	 * HTTP client support.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder")
	static class JdkHttpClientConfiguration {

		@Bean
		@ConditionalOnMissingBean
		TradovateAuthClient tradovateAuthClient(TradovateAuthProperties properties) {
			return TradovateAuthClient.create(properties.determineBaseUrl(),
					Objects.requireNonNullElse(properties.getConnectTimeout(),
							TradovateAuthProperties.DEFAULT_CONNECT_TIMEOUT),
					Objects.requireNonNullElse(properties.getReadTimeout(),
							TradovateAuthProperties.DEFAULT_READ_TIMEOUT));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RestClientCustomizer.class)
	static class RestClientConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "tradovateRestClientCustomizer")
		RestClientCustomizer tradovateRestClientCustomizer(TradovateBearerTokenInterceptor interceptor) {
			return (builder) -> builder.requestInterceptor(interceptor);
		}

		/**
		 * A client for the configured base URL that does not follow redirects: HTTP
		 * clients carry the {@code Authorization} header along to wherever a redirect
		 * points, which the interceptor cannot see. It is built from a clone of the
		 * builder, so that a builder bean of the application's own is left as it was, and
		 * it carries the interceptor even when the builder does not. It takes no part in
		 * injection by type, so that it never competes with a {@link RestClient} bean of
		 * the application's own, and is created only where it is used: creating it
		 * creates Spring Boot's builder, and so an HTTP client.
		 */
		@Bean(defaultCandidate = false)
		@Lazy
		@ConditionalOnMissingBean(name = "tradovateRestClient")
		@ConditionalOnBean(RestClient.Builder.class)
		RestClient tradovateRestClient(RestClient.Builder builder, TradovateAuthProperties properties,
				TradovateBearerTokenInterceptor interceptor,
				ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilder,
				ObjectProvider<HttpClientSettings> httpClientSettings, ObjectProvider<SslBundles> sslBundles) {
			HttpClientSettings settings = TradovateHttpClientSettings.forApi(properties,
					httpClientSettings.getIfAvailable(HttpClientSettings::defaults), sslBundles);
			return builder.clone().requestInterceptors((interceptors) -> {
				if (!interceptors.contains(interceptor)) {
					interceptors.add(interceptor);
				}
			})
				.requestFactory(TradovateHttpClientSettings.requestFactory(requestFactoryBuilder, settings))
				.baseUrl(properties.determineBaseUrl().toString())
				.build();
		}

		@Bean
		@ConditionalOnMissingBean(name = "tradovateRestClientBuilderCheck")
		@ConditionalOnBean(RestClient.Builder.class)
		static RestClientBuilderCheck tradovateRestClientBuilderCheck(ConfigurableListableBeanFactory beanFactory) {
			return new RestClientBuilderCheck(beanFactory);
		}

	}

}
