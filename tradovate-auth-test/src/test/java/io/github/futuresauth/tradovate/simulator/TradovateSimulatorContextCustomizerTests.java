package io.github.futuresauth.tradovate.simulator;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.MergedContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link TradovateSimulatorContextCustomizer}.
 */
class TradovateSimulatorContextCustomizerTests {

	private final MergedContextConfiguration configuration = new MergedContextConfiguration(getClass(), null, null,
			null, null);

	@Test
	void pointsTheContextAtItsSimulatorAndStopsItWithTheContext() throws Exception {
		TradovateSimulator simulator;
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			customizer(Alice.class).customizeContext(context, this.configuration);
			context.refresh();
			simulator = context.getBean(TradovateSimulator.class);
			assertThat(context.getBean(TradovateSimulatorContextCustomizer.BEAN_NAME)).isSameAs(simulator);
			URI baseUrl = simulator.baseUrl();
			assertThat(context.getEnvironment().getProperty("tradovate.base-url")).isEqualTo(baseUrl.toString());
			assertThat(context.getEnvironment().getProperty("tradovate.name")).isEqualTo("alice");
			assertThat(context.getEnvironment().getProperty("tradovate.password")).isEqualTo("alice-password");
			assertThat(new SimulatorClient(simulator).accessToken("alice", "alice-password", ApiKey.DEFAULT))
				.isNotBlank();
		}
		assertThat(simulator).hasToString("TradovateSimulator[closed]");
	}

	@Test
	void takesPrecedenceOverTheApplicationsProperties() {
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("application",
						Map.of("tradovate.base-url", "https://demo.tradovateapi.com/v1")));
			customizer(Alice.class).customizeContext(context, this.configuration);
			context.refresh();
			assertThat(context.getEnvironment().getProperty("tradovate.base-url"))
				.isEqualTo(context.getBean(TradovateSimulator.class).baseUrl().toString());
		}
	}

	@Test
	void replacesTheWholeCredentialSetAndKeepsTheOtherSettings() throws Exception {
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			Map<String, Object> application = Map.of("tradovate.environment", "live", "tradovate.name", "real-user",
					"tradovate.password", "real-password", "tradovate.app-id", "real-app", "tradovate.app-version",
					"7.0", "tradovate.cid", "1234", "tradovate.sec", "real-secret", "tradovate.device-id", "my-device",
					"tradovate.renewal-margin", "20m");
			context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("application", application));
			customizer(Alice.class).customizeContext(context, this.configuration);
			context.refresh();
			TradovateSimulator simulator = context.getBean(TradovateSimulator.class);
			Environment environment = context.getEnvironment();
			assertThat(environment.getProperty("tradovate.name")).isEqualTo("alice");
			assertThat(environment.getProperty("tradovate.password")).isEqualTo("alice-password");
			assertThat(environment.getProperty("tradovate.app-id")).isEqualTo(ApiKey.DEFAULT_APP_ID);
			assertThat(environment.getProperty("tradovate.app-version")).isEqualTo(ApiKey.DEFAULT_APP_VERSION);
			assertThat(environment.getProperty("tradovate.cid")).isEqualTo(ApiKey.DEFAULT_CID);
			assertThat(environment.getProperty("tradovate.sec")).isEqualTo(ApiKey.DEFAULT_SEC);
			assertThat(environment.getProperty("tradovate.base-url")).isEqualTo(simulator.baseUrl().toString());
			assertThat(environment.getProperty("tradovate.websocket.url"))
				.isEqualTo(simulator.webSockets().tradingUrl().toString());
			assertThat(environment.getProperty("tradovate.websocket.market-data-url"))
				.isEqualTo(simulator.webSockets().marketDataUrl().toString());
			assertThat(environment.getProperty("tradovate.device-id")).isEqualTo("my-device");
			assertThat(environment.getProperty("tradovate.renewal-margin")).isEqualTo("20m");
			assertThat(new SimulatorClient(simulator).accessToken("alice", "alice-password", ApiKey.DEFAULT))
				.isNotBlank();
		}
	}

	@Test
	void stopsTheSimulatorWhenTheContextFailsToStart() {
		GenericApplicationContext context = new GenericApplicationContext();
		customizer(Alice.class).customizeContext(context, this.configuration);
		TradovateSimulator simulator = (TradovateSimulator) context.getBeanFactory()
			.getSingleton(TradovateSimulatorContextCustomizer.BEAN_NAME);
		context.registerBean("failing", Object.class, () -> {
			throw new IllegalStateException("failed");
		});
		assertThat(simulator).asString().startsWith("TradovateSimulator[listening at");
		assertThatExceptionOfType(BeanCreationException.class).isThrownBy(context::refresh);
		assertThat(simulator).hasToString("TradovateSimulator[closed]");
	}

	@Test
	void issuesTokensOfTheConfiguredLifetime() throws Exception {
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			customizer(ShortTokens.class).customizeContext(context, this.configuration);
			context.refresh();
			TradovateSimulator simulator = context.getBean(TradovateSimulator.class);
			SimulatorClient client = new SimulatorClient(simulator);
			String token = client.accessToken(TradovateSimulator.DEFAULT_USER_NAME, TradovateSimulator.DEFAULT_PASSWORD,
					ApiKey.DEFAULT);
			simulator.advance(Duration.ofSeconds(31));
			assertThat(client.get("/account/list", token).statusCode()).isEqualTo(401);
		}
	}

	private static TradovateSimulatorContextCustomizer customizer(Class<?> annotated) {
		return new TradovateSimulatorContextCustomizer(
				MergedAnnotations.from(annotated).get(AutoConfigureTradovateSimulator.class).synthesize());
	}

	@AutoConfigureTradovateSimulator(name = "alice", password = "alice-password")
	static class Alice {

	}

	@AutoConfigureTradovateSimulator(tokenLifetime = "30s")
	static class ShortTokens {

	}

}
