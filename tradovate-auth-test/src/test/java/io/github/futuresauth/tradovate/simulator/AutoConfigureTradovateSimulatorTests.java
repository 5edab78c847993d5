package io.github.futuresauth.tradovate.simulator;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AutoConfigureTradovateSimulator} through Spring's TestContext
 * framework, which finds the customizer factory in {@code META-INF/spring.factories}.
 */
@SpringJUnitConfig(AutoConfigureTradovateSimulatorTests.EmptyConfiguration.class)
@AutoConfigureTradovateSimulator
class AutoConfigureTradovateSimulatorTests {

	private static final Set<TradovateSimulator> seen = ConcurrentHashMap.newKeySet();

	@Autowired
	private TradovateSimulator simulator;

	@Value("${tradovate.base-url}")
	private String baseUrl;

	@Value("${tradovate.name}")
	private String name;

	@AfterAll
	static void everyTestSawTheSameSimulator() {
		assertThat(seen).hasSize(1);
	}

	@Test
	void injectsTheSimulatorThatThePropertiesPointAt() throws Exception {
		seen.add(this.simulator);
		assertThat(this.baseUrl).isEqualTo(this.simulator.baseUrl().toString());
		assertThat(this.name).isEqualTo(TradovateSimulator.DEFAULT_USER_NAME);
		assertThat(new SimulatorClient(this.simulator).accessToken(this.name, TradovateSimulator.DEFAULT_PASSWORD,
				ApiKey.DEFAULT))
			.isNotBlank();
	}

	@Test
	void anotherTestSharesTheContextAndItsSimulator() {
		seen.add(this.simulator);
		assertThat(this.baseUrl).isEqualTo(this.simulator.baseUrl().toString());
	}

	@Nested
	class NestedTests {

		@Autowired
		private TradovateSimulator nestedSimulator;

		@Test
		void shareTheContextOfTheEnclosingClass() {
			seen.add(this.nestedSimulator);
			assertThat(this.nestedSimulator.baseUrl().toString())
				.isEqualTo(AutoConfigureTradovateSimulatorTests.this.baseUrl);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class EmptyConfiguration {

	}

}
