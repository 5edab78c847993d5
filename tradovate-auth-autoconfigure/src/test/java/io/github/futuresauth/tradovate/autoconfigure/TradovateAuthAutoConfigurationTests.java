package io.github.futuresauth.tradovate.autoconfigure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import io.github.futuresauth.tradovate.auth.FixedTokenProvider;
import io.github.futuresauth.tradovate.auth.CredentialsRejectedException;
import io.github.futuresauth.tradovate.auth.InMemoryTokenStore;
import io.github.futuresauth.tradovate.auth.RenewingTokenProvider;
import io.github.futuresauth.tradovate.auth.TokenProvider;
import io.github.futuresauth.tradovate.auth.TokenStore;
import io.github.futuresauth.tradovate.auth.TradovateAuthClient;
import io.github.futuresauth.tradovate.auth.TradovateBearerTokenInterceptor;
import io.github.futuresauth.tradovate.auth.TradovateCredentials;
import io.github.futuresauth.tradovate.simulator.RecordedRequest;
import io.github.futuresauth.tradovate.simulator.RequestKind;
import io.github.futuresauth.tradovate.simulator.TradovateSimulator;
import io.github.futuresauth.tradovate.simulator.TradovateSimulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientBuilderConfigurer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TradovateAuthAutoConfiguration}.
 */
@ExtendWith(OutputCaptureExtension.class)
class TradovateAuthAutoConfigurationTests {

	private static final String NAME = TradovateSimulator.DEFAULT_USER_NAME;

	@RegisterExtension
	static final TradovateSimulatorExtension extension = new TradovateSimulatorExtension();

	private final TradovateSimulator simulator = extension.simulator();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(TradovateAuthAutoConfiguration.class, RestClientAutoConfiguration.class));

	private final ApplicationContextRunner simulatedRunner = this.contextRunner
		.withPropertyValues(this.simulator.springProperties());

	@Test
	void logsInAtStartupByDefault() {
		this.simulatedRunner.run((context) -> {
			assertThat(context).hasSingleBean(RenewingTokenProvider.class)
				.hasSingleBean(TradovateAuthClient.class)
				.hasSingleBean(TokenStore.class)
				.hasSingleBean(TradovateBearerTokenInterceptor.class)
				.hasBean("tradovateRestClientCustomizer")
				.hasBean("tradovateRestClient");
			assertThat(this.simulator.journal().logins()).isOne();
			assertThat(context.getBean(TokenStore.class).current()).isNotNull();
		});
	}

	@Test
	void runsTheProvidersBackgroundWorkOnOneSchedulerLookedUpByName() {
		this.simulatedRunner.run((context) -> {
			assertThat(context).hasBean(TradovateAuthAutoConfiguration.TASK_SCHEDULER_BEAN_NAME);
			ThreadPoolTaskScheduler scheduler = context.getBean(TradovateAuthAutoConfiguration.TASK_SCHEDULER_BEAN_NAME,
					ThreadPoolTaskScheduler.class);
			assertThat(scheduler.getThreadNamePrefix()).isEqualTo("tradovate-");
			// The renewal of the token logged in at startup waits on it.
			assertThat(scheduler.getScheduledThreadPoolExecutor().getQueue()).isNotEmpty();
			// Not a candidate for injection by type: the application's @Scheduled
			// methods keep their own scheduler.
			AbstractBeanDefinition definition = (AbstractBeanDefinition) ((GenericApplicationContext) context
				.getSourceApplicationContext())
				.getBeanDefinition(TradovateAuthAutoConfiguration.TASK_SCHEDULER_BEAN_NAME);
			assertThat(definition.isDefaultCandidate()).isFalse();
		});
	}

	@Test
	void holdAfterTooManyRequestsCanOnlyBeShortened() {
		this.simulatedRunner.withPropertyValues("tradovate.limits.too-many-requests-hold=10m")
			.run((context) -> assertThat(context).hasNotFailed());
		this.simulatedRunner.withPropertyValues("tradovate.limits.too-many-requests-hold=2h")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("tradovate.limits.too-many-requests-hold"));
	}

	@Test
	void backsOffFromASchedulerOfTheSameName() {
		this.simulatedRunner
			.withBean(TradovateAuthAutoConfiguration.TASK_SCHEDULER_BEAN_NAME, ThreadPoolTaskScheduler.class, () -> {
				ThreadPoolTaskScheduler own = new ThreadPoolTaskScheduler();
				own.setThreadNamePrefix("own-");
				return own;
			})
			.run((context) -> {
				ThreadPoolTaskScheduler scheduler = context
					.getBean(TradovateAuthAutoConfiguration.TASK_SCHEDULER_BEAN_NAME, ThreadPoolTaskScheduler.class);
				assertThat(scheduler.getThreadNamePrefix()).isEqualTo("own-");
				assertThat(scheduler.getScheduledThreadPoolExecutor().getQueue()).isNotEmpty();
			});
	}

	@Test
	void logsInAtFirstUseWhenToldTo() {
		this.simulatedRunner.withPropertyValues("tradovate.login-at-startup=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(this.simulator.journal().requests()).isEmpty();
			context.getBean(TokenProvider.class).getToken();
			assertThat(this.simulator.journal().logins()).isOne();
		});
	}

	@Test
	void rejectedCredentialsStopStartup() {
		this.contextRunner
			.withPropertyValues("tradovate.base-url=" + this.simulator.baseUrl(), "tradovate.name=" + NAME,
					"tradovate.password=not-the-password")
			.run((context) -> assertThat(context.getStartupFailure()).isInstanceOf(CredentialsRejectedException.class)
				.message()
				.doesNotContain("not-the-password"));
	}

	@Test
	void restClientFromBootsBuilderCarriesTheToken() {
		this.simulatedRunner.run((context) -> {
			RestClient client = context.getBean(RestClient.Builder.class).build();
			String accounts = client.get()
				.uri(this.simulator.baseUrl() + "/account/list")
				.retrieve()
				.body(String.class);
			assertThat(accounts).startsWith("[");
			RecordedRequest request = this.simulator.journal().requests(RequestKind.API).get(0);
			assertThat(request.validBearer()).isTrue();
		});
	}

	@Test
	void readyRestClientTargetsTheBaseUrl() {
		this.simulatedRunner.run((context) -> {
			RestClient client = context.getBean("tradovateRestClient", RestClient.class);
			assertThat(client.get().uri("/account/list").retrieve().body(String.class)).startsWith("[");
			assertThat(this.simulator.journal().requests(RequestKind.API)).singleElement()
				.satisfies((request) -> assertThat(request.validBearer()).isTrue());
		});
	}

	@Test
	void readyRestClientDoesNotFollowRedirectsElsewhere() throws IOException {
		HttpServer elsewhere = server((exchange) -> exchange.sendResponseHeaders(200, -1));
		HttpServer redirecting = server((exchange) -> {
			exchange.getResponseHeaders()
				.set("Location", "http://127.0.0.1:" + elsewhere.getAddress().getPort() + "/collect");
			exchange.sendResponseHeaders(302, -1);
		});
		List<String> received = new CopyOnWriteArrayList<>();
		elsewhere.createContext("/collect", (exchange) -> {
			received.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
			exchange.sendResponseHeaders(200, -1);
		});
		try {
			this.contextRunner.withUserConfiguration(TokenProviderConfiguration.class)
				.withPropertyValues("tradovate.base-url=http://127.0.0.1:" + redirecting.getAddress().getPort() + "/v1")
				.run((context) -> {
					RestClient client = context.getBean("tradovateRestClient", RestClient.class);
					assertThat(client.get().uri("/account/list").retrieve().toBodilessEntity().getStatusCode().value())
						.isEqualTo(302);
					assertThat(received).isEmpty();
				});
		}
		finally {
			redirecting.stop(0);
			elsewhere.stop(0);
		}
	}

	@Test
	void applicationsOwnRestClientIsInjectedByType() {
		this.simulatedRunner.withUserConfiguration(OwnRestClientConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(RestClientUser.class).restClient)
				.isSameAs(context.getBean("myRestClient", RestClient.class));
			RestClient tradovate = context.getBean("tradovateRestClient", RestClient.class);
			assertThat(tradovate.get().uri("/account/list").retrieve().body(String.class)).startsWith("[");
		});
	}

	@Test
	void applicationsOwnBuilderIsLeftAsItWasAndWarnedAbout(CapturedOutput output) {
		this.simulatedRunner.withUserConfiguration(OwnBuilderConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			RestClient.Builder builder = context.getBean(RestClient.Builder.class);
			builder.requestInterceptors((interceptors) -> assertThat(interceptors).isEmpty());
			RestClient tradovate = context.getBean("tradovateRestClient", RestClient.class);
			assertThat(tradovate.get().uri("/account/list").retrieve().body(String.class)).startsWith("[");
			assertThat(this.simulator.journal().requests(RequestKind.API)).singleElement()
				.satisfies((request) -> assertThat(request.validBearer()).isTrue());
		});
		assertThat(output).contains(
				"The application's RestClient.Builder bean does not add the Tradovate access " + "token",
				"RestClientBuilderConfigurer");
	}

	@Test
	void applicationsOwnBuilderFromSpringBootsConfigurerCarriesTheToken(CapturedOutput output) {
		this.simulatedRunner.withUserConfiguration(ConfiguredBuilderConfiguration.class).run((context) -> {
			RestClient client = context.getBean(RestClient.Builder.class).build();
			assertThat(client.get().uri(this.simulator.baseUrl() + "/account/list").retrieve().body(String.class))
				.startsWith("[");
			assertThat(this.simulator.journal().requests(RequestKind.API)).singleElement()
				.satisfies((request) -> assertThat(request.validBearer()).isTrue());
		});
		assertThat(output).doesNotContain("RestClient.Builder bean does not add");
	}

	@Test
	void springBootsBuilderIsNotWarnedAbout(CapturedOutput output) {
		this.simulatedRunner.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).doesNotContain("RestClient.Builder bean does not add");
	}

	@Test
	void anotherRestClientBeanLeavesTheTradovateOneInPlace() {
		this.simulatedRunner.withPropertyValues("tradovate.login-at-startup=false")
			.withBean("otherApi", RestClient.class, RestClient::create)
			.run((context) -> assertThat(context).hasBean("tradovateRestClient").hasBean("otherApi"));
	}

	private static HttpServer server(HttpHandler rootHandler) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/", rootHandler);
		server.start();
		return server;
	}

	@Test
	void withoutSpringBootRestClientTheCoreStillWorks() {
		this.simulatedRunner.withClassLoader(new FilteredClassLoader(RestClientCustomizer.class)).run((context) -> {
			assertThat(context).hasSingleBean(RenewingTokenProvider.class)
				.hasSingleBean(TradovateBearerTokenInterceptor.class)
				.doesNotHaveBean("tradovateRestClientCustomizer")
				.doesNotHaveBean("tradovateRestClient");
		});
	}

	@Test
	void environmentSelectsTheBaseUrl() {
		this.contextRunner
			.withPropertyValues("tradovate.login-at-startup=false", "tradovate.name=n", "tradovate.password=p",
					"tradovate.environment=live")
			.run((context) -> assertThat(context.getBean(TradovateAuthProperties.class).determineBaseUrl())
				.isEqualTo(URI.create("https://live.tradovateapi.com/v1")));
		this.contextRunner
			.withPropertyValues("tradovate.login-at-startup=false", "tradovate.name=n", "tradovate.password=p")
			.run((context) -> assertThat(context.getBean(TradovateAuthProperties.class).determineBaseUrl())
				.isEqualTo(URI.create("https://demo.tradovateapi.com/v1")));
	}

	@Test
	void propertiesBind() {
		this.simulatedRunner
			.withPropertyValues("tradovate.login-at-startup=false", "tradovate.app-id=my-app",
					"tradovate.app-version=2.0", "tradovate.device-id=box-1", "tradovate.cid=8", "tradovate.sec=abc",
					"tradovate.renewal-margin=20m", "tradovate.connect-timeout=2s", "tradovate.read-timeout=3s",
					"tradovate.retry.max-retries=5", "tradovate.retry.delay=200ms", "tradovate.retry.multiplier=1.5",
					"tradovate.retry.max-delay=5s", "tradovate.retry.jitter=50ms")
			.run((context) -> {
				TradovateAuthProperties properties = context.getBean(TradovateAuthProperties.class);
				assertThat(properties.determineCredentials()).isEqualTo(new TradovateCredentials(NAME,
						TradovateSimulator.DEFAULT_PASSWORD, "my-app", "2.0", "box-1", "8", "abc"));
				assertThat(properties.getRenewalMargin()).isEqualTo(Duration.ofMinutes(20));
				assertThat(properties.getConnectTimeout()).isEqualTo(Duration.ofSeconds(2));
				assertThat(properties.getReadTimeout()).isEqualTo(Duration.ofSeconds(3));
				TradovateAuthProperties.Retry retry = properties.getRetry();
				assertThat(retry.getMaxRetries()).isEqualTo(5);
				assertThat(retry.getDelay()).isEqualTo(Duration.ofMillis(200));
				assertThat(retry.getMultiplier()).isEqualTo(1.5);
				assertThat(retry.getMaxDelay()).isEqualTo(Duration.ofSeconds(5));
				assertThat(retry.getJitter()).isEqualTo(Duration.ofMillis(50));
			});
	}

	@Test
	void missingCredentialsNameTheProperties() {
		// The token provider is created on first use, and its credentials checked at
		// once.
		this.contextRunner.withPropertyValues("tradovate.login-at-startup=false")
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(InvalidTradovateCredentialsException.class)
				.hasMessageContaining("tradovate.name is required")
				.hasMessageContaining("tradovate.password is required"));
	}

	@Test
	void overlongSecretsAreRefusedWithoutShowingThem() {
		String password = "p".repeat(513);
		String sec = "s".repeat(8193);
		this.contextRunner
			.withPropertyValues("tradovate.login-at-startup=false", "tradovate.name=n",
					"tradovate.password=" + password, "tradovate.sec=" + sec, "tradovate.app-id=" + "a".repeat(65))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("tradovate.password must be at most 512 characters")
				.hasMessageContaining("tradovate.sec must be at most 8192 characters")
				.hasMessageContaining("tradovate.app-id must be at most 64 characters")
				.message()
				.doesNotContain(password)
				.doesNotContain(sec));
	}

	@Test
	void plainHttpBaseUrlIsRefusedUnlessLoopback() {
		this.contextRunner
			.withPropertyValues("tradovate.login-at-startup=false", "tradovate.name=n", "tradovate.password=p",
					"tradovate.base-url=http://proxy.example.com/v1")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("tradovate.base-url")
				.hasStackTraceContaining("must use https"));
		this.contextRunner
			.withPropertyValues("tradovate.login-at-startup=false", "tradovate.name=n", "tradovate.password=p",
					"tradovate.base-url=http://localhost:8099/v1")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void invalidDurationsAndRetrySettingsAreRefused() {
		this.contextRunner
			.withPropertyValues("tradovate.login-at-startup=false", "tradovate.name=n", "tradovate.password=p",
					"tradovate.renewal-margin=0s", "tradovate.read-timeout=-1s", "tradovate.retry.max-retries=-1",
					"tradovate.retry.multiplier=0.5", "tradovate.retry.delay=10s", "tradovate.retry.max-delay=1s")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("tradovate.renewal-margin must be a positive duration")
				.hasStackTraceContaining("tradovate.read-timeout must be a positive duration")
				.hasStackTraceContaining("tradovate.retry.max-retries must be zero or more")
				.hasStackTraceContaining("tradovate.retry.multiplier must be 1 or more")
				.hasStackTraceContaining("tradovate.retry.max-delay must not be shorter than tradovate.retry.delay"));
	}

	@Test
	void userDefinedCredentialsReplaceTheProperties() {
		this.contextRunner.withUserConfiguration(CredentialsConfiguration.class)
			.withPropertyValues("tradovate.base-url=" + this.simulator.baseUrl())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(this.simulator.journal().logins()).isOne();
			});
	}

	@Test
	void userDefinedTokenProviderNeedsNoCredentials() {
		this.contextRunner.withUserConfiguration(TokenProviderConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(RenewingTokenProvider.class);
			assertThat(context).getBean(TokenProvider.class).isSameAs(context.getBean("fixedTokenProvider"));
			assertThat(context).hasSingleBean(TradovateBearerTokenInterceptor.class);
		});
	}

	@Test
	void everyBeanBacksOff() {
		this.simulatedRunner.withUserConfiguration(UserBeansConfiguration.class).run((context) -> {
			assertThat(context).getBean(TradovateAuthClient.class).isSameAs(context.getBean("myClient"));
			assertThat(context).getBean(TokenStore.class).isSameAs(context.getBean("myStore"));
			assertThat(context).getBean(TradovateBearerTokenInterceptor.class)
				.isSameAs(context.getBean("myInterceptor"));
			assertThat(context).getBean("tradovateRestClientCustomizer").isSameAs(UserBeansConfiguration.CUSTOMIZER);
			assertThat(context).getBean("tradovateRestClient").isSameAs(UserBeansConfiguration.REST_CLIENT);
			// The provider is still auto-configured, with the user's client and store.
			assertThat(context.getBean(TokenStore.class).current()).isNotNull();
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnRestClientConfiguration {

		@Bean
		RestClient myRestClient() {
			return RestClient.create("http://127.0.0.1:1");
		}

		@Bean
		RestClientUser restClientUser(RestClient restClient) {
			return new RestClientUser(restClient);
		}

	}

	static class RestClientUser {

		private final RestClient restClient;

		RestClientUser(RestClient restClient) {
			this.restClient = restClient;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnBuilderConfiguration {

		@Bean
		RestClient.Builder myRestClientBuilder() {
			return RestClient.builder();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ConfiguredBuilderConfiguration {

		@Bean
		RestClient.Builder myRestClientBuilder(RestClientBuilderConfigurer configurer) {
			return configurer.configure(RestClient.builder());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CredentialsConfiguration {

		@Bean
		TradovateCredentials myCredentials() {
			return TradovateCredentials.of(NAME, TradovateSimulator.DEFAULT_PASSWORD);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TokenProviderConfiguration {

		@Bean
		TokenProvider fixedTokenProvider() {
			return new FixedTokenProvider("from-elsewhere");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeansConfiguration {

		static final RestClientCustomizer CUSTOMIZER = (builder) -> {
		};

		static final RestClient REST_CLIENT = RestClient.create();

		@Bean
		TradovateAuthClient myClient(TradovateAuthProperties properties) {
			return TradovateAuthClient.create(properties.determineBaseUrl(), Duration.ofSeconds(1),
					Duration.ofSeconds(1));
		}

		@Bean
		TokenStore myStore() {
			return new InMemoryTokenStore();
		}

		@Bean
		TradovateBearerTokenInterceptor myInterceptor(TokenProvider tokenProvider) {
			return new TradovateBearerTokenInterceptor(tokenProvider, URI.create("https://example.com"));
		}

		@Bean
		RestClientCustomizer tradovateRestClientCustomizer() {
			return CUSTOMIZER;
		}

		@Bean
		RestClient tradovateRestClient() {
			return REST_CLIENT;
		}

	}

}
