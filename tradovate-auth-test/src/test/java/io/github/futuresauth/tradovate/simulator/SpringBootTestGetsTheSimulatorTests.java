package io.github.futuresauth.tradovate.simulator;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code @SpringBootTest} without {@link AutoConfigureTradovateSimulator}, whose
 * application holds what looks like real credentials: its context runs against a
 * simulator all the same.
 */
@SpringBootTest(properties = { "tradovate.environment=live", "tradovate.name=real-user",
		"tradovate.password=real-password", "tradovate.app-id=real-app", "tradovate.app-version=7.0",
		"tradovate.cid=1234", "tradovate.sec=real-secret", "tradovate.device-id=my-device" })
class SpringBootTestGetsTheSimulatorTests {

	@Autowired
	private TradovateSimulator simulator;

	@Autowired
	private Environment environment;

	@Test
	void pointsEveryCredentialAndUrlAtTheSimulator() {
		assertThat(this.simulator.springPropertyMap())
			.allSatisfy((name, value) -> assertThat(this.environment.getProperty(name)).as(name).isEqualTo(value));
		assertThat(this.environment.getProperty("tradovate.name")).isEqualTo(TradovateSimulator.DEFAULT_USER_NAME);
		assertThat(this.environment.getProperty("tradovate.sec")).isEqualTo(ApiKey.DEFAULT_SEC);
		assertThat(this.environment.getProperty("tradovate.device-id")).isEqualTo("my-device");
	}

	@SpringBootConfiguration
	static class EmptyApplication {

	}

}
