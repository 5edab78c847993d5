package io.github.futuresauth.tradovate.autoconfigure.oauth;

import io.github.futuresauth.tradovate.simulator.AutoConfigureTradovateSimulator;
import io.github.futuresauth.tradovate.simulator.TradovateSimulator;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code @SpringBootTest} of an application that registers {@code tradovate}, on the
 * simulator: Spring Security's provider points at the simulator, which is started after
 * the application's environment was prepared, not at Tradovate.
 */
@SpringBootTest(properties = { "spring.security.oauth2.client.registration.tradovate.client-id=app",
		"spring.security.oauth2.client.registration.tradovate.client-secret=app-secret" })
@AutoConfigureTradovateSimulator
class TradovateOAuth2SimulatorTests {

	private static final String PROVIDER = "spring.security.oauth2.client.provider.tradovate.";

	@Autowired
	private TradovateSimulator simulator;

	@Autowired
	private Environment environment;

	@Test
	void theTradovateProviderPointsAtTheSimulator() {
		assertThat(this.environment.getProperty(PROVIDER + "authorization-uri"))
			.isEqualTo(this.simulator.oauth().authorizeUrl().toString());
		assertThat(this.environment.getProperty(PROVIDER + "token-uri"))
			.isEqualTo(this.simulator.oauth().tokenUrl().toString());
		assertThat(this.environment.getProperty(PROVIDER + "user-info-uri"))
			.isEqualTo(this.simulator.baseUrl() + "/auth/me");
	}

	@SpringBootConfiguration
	static class Application {

	}

}
