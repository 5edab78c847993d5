package io.github.futuresauth.tradovate.autoconfigure;

import java.util.Objects;

import io.github.futuresauth.tradovate.auth.InMemoryTokenStore;
import io.github.futuresauth.tradovate.auth.RenewingTokenProvider;
import io.github.futuresauth.tradovate.auth.TokenProvider;
import io.github.futuresauth.tradovate.auth.TokenStore;
import io.github.futuresauth.tradovate.auth.TradovateAuthClient;
import io.github.futuresauth.tradovate.auth.TradovateBearerTokenInterceptor;
import io.github.futuresauth.tradovate.auth.TradovateCredentials;
import io.github.futuresauth.tradovate.auth.TradovateUsers;
import io.github.futuresauth.tradovate.autoconfigure.redis.TradovateFleetProperties;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Qualifier;
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
import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
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
@Import(TradovateUsersConfiguration.class)
public final class TradovateAuthAutoConfiguration {

	/**
	 * The name of the {@link TaskScheduler} that renews tokens, checks sessions, and runs
	 * the other background work of the starter: the token provider's, the fleet store's
	 * and the WebSocket clients'. Define a bean of this name to use another one.
	 */
	public static final String TASK_SCHEDULER_BEAN_NAME = "tradovateTaskScheduler";

	/**
	 * The one scheduler of the starter's background work, on virtual threads when they
	 * are enabled ({@code spring.threads.virtual.enabled}). It is no candidate for
	 * injection by type, so that it never becomes the scheduler of the application's own
	 * {@code @Scheduled} methods; look it up by {@link #TASK_SCHEDULER_BEAN_NAME name}.
	 */
	@Bean(name = TASK_SCHEDULER_BEAN_NAME, defaultCandidate = false)
	@ConditionalOnMissingBean(name = TASK_SCHEDULER_BEAN_NAME)
	static ThreadPoolTaskScheduler tradovateTaskScheduler(Environment environment) {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskSchedulerBuilder().poolSize(2)
			.threadNamePrefix("tradovate-")
			.awaitTermination(false)
			.build();
		scheduler.setVirtualThreads(Threading.VIRTUAL.isActive(environment));
		scheduler.setDaemon(true);
		scheduler.setRemoveOnCancelPolicy(true);
		return scheduler;
	}

	@Bean
	@ConditionalOnMissingBean(name = "tradovateUnknownPropertiesCheck")
	@ConditionalOnBooleanProperty(name = "tradovate.ignore-unknown-properties", havingValue = false,
			matchIfMissing = true)
	static UnknownTradovatePropertiesCheck tradovateUnknownPropertiesCheck(Environment environment,
			ResourceLoader resourceLoader) {
		return new UnknownTradovatePropertiesCheck(environment, resourceLoader.getClassLoader());
	}

	@Bean
	@Lazy
	@ConditionalOnMissingBean
	TokenStore tradovateTokenStore() {
		return new InMemoryTokenStore();
	}

	@Bean
	@ConditionalOnMissingBean
	TradovateTokenStoreFactory tradovateTokenStoreFactory() {
		return (environment, credentials) -> new InMemoryTokenStore();
	}

	/**
	 * The token provider, created where it is first used (with
	 * {@code tradovate.login-at-startup}, while the context starts), and with it its
	 * store and HTTP client.
	 */
	@Bean
	@Lazy
	@ConditionalOnMissingBean(TokenProvider.class)
	@Conditional(DefaultUserCondition.class)
	RenewingTokenProvider tradovateTokenProvider(TradovateAuthClient client, TokenStore tokenStore,
			TradovateAuthProperties properties, ObjectProvider<TradovateCredentials> credentials,
			TradovateTokenProviderConfigurer configurer) {
		RenewingTokenProvider tokenProvider = new RenewingTokenProvider(client,
				credentials.getIfAvailable(properties::determineCredentials));
		tokenProvider.setTokenStore(tokenStore);
		return configurer.configure(tokenProvider);
	}

	@Bean
	@ConditionalOnMissingBean
	TradovateTokenProviderConfigurer tradovateTokenProviderConfigurer(TradovateAuthProperties properties,
			ObjectProvider<ObservationRegistry> observationRegistry, ObjectProvider<TradovateFleetProperties> fleet,
			@Qualifier(TASK_SCHEDULER_BEAN_NAME) ObjectProvider<TaskScheduler> taskScheduler) {
		return new TradovateTokenProviderConfigurer(properties, observationRegistry, fleet, taskScheduler);
	}

	/**
	 * Checks, while the context starts, the credentials of the auto-configured token
	 * provider, which is created only where it is first used: wrong configuration stops
	 * the application at once, even when it logs in later.
	 */
	@Bean
	@ConditionalOnMissingBean(name = "tradovateCredentialsCheck")
	static SmartInitializingSingleton tradovateCredentialsCheck(ConfigurableListableBeanFactory beanFactory,
			ObjectProvider<TradovateAuthProperties> properties, ObjectProvider<TradovateCredentials> credentials) {
		return () -> {
			if (isAutoConfigured(beanFactory, "tradovateTokenProvider") && credentials.getIfAvailable() == null) {
				properties.getObject().determineCredentials();
			}
		};
	}

	private static boolean isAutoConfigured(ConfigurableListableBeanFactory beanFactory, String name) {
		if (!beanFactory.containsBeanDefinition(name)) {
			return false;
		}
		String factoryBean = beanFactory.getMergedBeanDefinition(name).getFactoryBeanName();
		return factoryBean != null && beanFactory.containsBeanDefinition(factoryBean)
				&& TradovateAuthAutoConfiguration.class.getName()
					.equals(beanFactory.getMergedBeanDefinition(factoryBean).getBeanClassName());
	}

	@Bean
	@Lazy
	@ConditionalOnMissingBean
	@Conditional(DefaultUserCondition.class)
	TradovateBearerTokenInterceptor tradovateBearerTokenInterceptor(TokenProvider tokenProvider,
			TradovateAuthProperties properties) {
		return new TradovateBearerTokenInterceptor(tokenProvider, properties.determineBaseUrl());
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "tradovate.login-at-startup", matchIfMissing = true)
	@Conditional(DefaultUserCondition.class)
	SmartInitializingSingleton tradovateLoginAtStartup(TokenProvider tokenProvider,
			ObjectProvider<TokenStore> tokenStore, TradovateAuthProperties properties) {
		return new LoginAtStartup(tokenProvider, tokenStore.getIfUnique(), properties.getLimits().getChecksPerHour());
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
		@Lazy
		@ConditionalOnMissingBean
		TradovateAuthClient tradovateAuthClient(TradovateAuthClients clients, TradovateAuthProperties properties) {
			return clients.get(properties.determineBaseUrl());
		}

		@Bean
		@Lazy
		TradovateAuthClients tradovateAuthClients(TradovateAuthProperties properties,
				ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilder,
				ObjectProvider<HttpClientSettings> httpClientSettings, ObjectProvider<SslBundles> sslBundles) {
			return new TradovateAuthClients((baseUrl) -> {
				HttpClientSettings settings = TradovateHttpClientSettings.forAuthentication(properties,
						httpClientSettings.getIfAvailable(HttpClientSettings::defaults), sslBundles);
				RestClient restClient = RestClient.builder()
					.baseUrl(TradovateAuthClient.requireSafeBaseUrl(baseUrl).toString())
					.requestFactory(TradovateHttpClientSettings.requestFactory(requestFactoryBuilder, settings))
					.defaultHeader(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE)
					.build();
				TradovateAuthClient client = new TradovateAuthClient(restClient, baseUrl);
				if (settings.readTimeout() != null) {
					client.setReadTimeout(settings.readTimeout());
				}
				return client;
			});
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
		@Lazy
		@ConditionalOnMissingBean
		TradovateAuthClient tradovateAuthClient(TradovateAuthClients clients, TradovateAuthProperties properties) {
			return clients.get(properties.determineBaseUrl());
		}

		@Bean
		@Lazy
		TradovateAuthClients tradovateAuthClients(TradovateAuthProperties properties) {
			return new TradovateAuthClients((baseUrl) -> TradovateAuthClient.create(baseUrl,
					Objects.requireNonNullElse(properties.getConnectTimeout(),
							TradovateAuthProperties.DEFAULT_CONNECT_TIMEOUT),
					Objects.requireNonNullElse(properties.getReadTimeout(),
							TradovateAuthProperties.DEFAULT_READ_TIMEOUT)));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RestClientCustomizer.class)
	static class RestClientConfiguration {

		/**
		 * Adds the interceptor to every builder from Spring Boot's. Spring Boot creates
		 * the customizers while the context starts; the interceptor, and with it the
		 * token provider, its store and its HTTP client, only when a builder is
		 * customized.
		 */
		@Bean
		@ConditionalOnMissingBean(name = "tradovateRestClientCustomizer")
		RestClientCustomizer tradovateRestClientCustomizer(TradovateAuthProperties properties,
				ObjectProvider<TradovateBearerTokenInterceptor> interceptor, ObjectProvider<TradovateUsers> users) {
			return (builder) -> builder.requestInterceptor(tokens(properties, interceptor.getIfAvailable(), users));
		}

		/**
		 * The interceptor that puts on a request the token of the user it names, or of
		 * the default user when it names none. With a default user alone, requests that
		 * name none take its token without the registry of users, which is created only
		 * for a request that names a user.
		 */
		static ClientHttpRequestInterceptor tokens(TradovateAuthProperties properties,
				@Nullable TradovateBearerTokenInterceptor defaultUser, ObjectProvider<TradovateUsers> users) {
			return (properties.getUsers().isEmpty() && defaultUser != null) ? new UserInterceptor(defaultUser, users)
					: users.getObject().interceptor();
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
		@Conditional(DefaultUserCondition.class)
		RestClient tradovateRestClient(RestClient.Builder builder, TradovateAuthProperties properties,
				TradovateBearerTokenInterceptor interceptor, ObjectProvider<TradovateUsers> users,
				ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilder,
				ObjectProvider<HttpClientSettings> httpClientSettings, ObjectProvider<SslBundles> sslBundles) {
			HttpClientSettings settings = TradovateHttpClientSettings.forApi(properties,
					httpClientSettings.getIfAvailable(HttpClientSettings::defaults), sslBundles);
			ClientHttpRequestInterceptor tokens = tokens(properties, interceptor, users);
			return builder.clone().requestInterceptors((interceptors) -> {
				// One interceptor puts the token on: another after it would replace the
				// token of the user that a request names.
				interceptors.removeIf((other) -> UserInterceptor.addsTokens(other) || other == tokens);
				interceptors.add(tokens);
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
