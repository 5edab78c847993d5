package io.github.futuresauth.tradovate.autoconfigure;

import java.util.concurrent.atomic.AtomicInteger;

import io.github.futuresauth.tradovate.auth.TokenProvider;
import io.github.futuresauth.tradovate.simulator.TradovateSimulator;
import io.github.futuresauth.tradovate.simulator.TradovateSimulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that the starter builds no HTTP client while the context starts, when nothing is
 * sent then: building one loads the JDK's TLS and HTTP client classes.
 */
class TradovateStartupCostTests {

	@RegisterExtension
	static final TradovateSimulatorExtension extension = new TradovateSimulatorExtension();

	private final TradovateSimulator simulator = extension.simulator();

	private final AtomicInteger httpClientsBuilt = new AtomicInteger();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(TradovateAuthAutoConfiguration.class, RestClientAutoConfiguration.class))
		.withPropertyValues(this.simulator.springProperties())
		.withBean(ClientHttpRequestFactoryBuilder.class, () -> this::countingBuild);

	private ClientHttpRequestFactory countingBuild(HttpClientSettings settings) {
		this.httpClientsBuilt.incrementAndGet();
		return ClientHttpRequestFactoryBuilder.jdk().build(settings);
	}

	@Test
	void buildsNoHttpClientWhileStartingWithoutLogin() {
		this.contextRunner.withPropertyValues("tradovate.login-at-startup=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(this.httpClientsBuilt).hasValue(0);
			context.getBean(TokenProvider.class).getToken();
			assertThat(this.httpClientsBuilt).as("the client of logins, built by the first login").hasValue(1);
			RestClient tradovate = context.getBean("tradovateRestClient", RestClient.class);
			assertThat(tradovate.get().uri("/account/list").retrieve().body(String.class)).startsWith("[");
			assertThat(this.httpClientsBuilt.get()).as("the clients of API calls, built when first used")
				.isGreaterThan(1);
		});
		assertThat(this.simulator.journal().logins()).isEqualTo(1);
	}

	@Test
	void createsTheTokenChainOnFirstUseWithoutLogin() {
		this.contextRunner.withPropertyValues("tradovate.login-at-startup=false").run((context) -> {
			assertThat(context).hasNotFailed();
			ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
			String[] chain = { "tradovateTokenProvider", "tradovateTokenStore", "tradovateAuthClient",
					"tradovateBearerTokenInterceptor" };
			assertThat(chain).allSatisfy((name) -> assertThat(beanFactory.containsSingleton(name)).as(name).isFalse());
			context.getBean(RestClient.Builder.class).build();
			assertThat(chain).allSatisfy((name) -> assertThat(beanFactory.containsSingleton(name)).as(name).isTrue());
		});
		assertThat(this.simulator.journal().requests()).isEmpty();
	}

	@Test
	void logsInAtStartupByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(this.httpClientsBuilt).hasValue(1);
		});
		assertThat(this.simulator.journal().logins()).isEqualTo(1);
	}

}
