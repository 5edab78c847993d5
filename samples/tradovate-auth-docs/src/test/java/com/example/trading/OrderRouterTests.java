package com.example.trading;

import io.github.futuresauth.tradovate.autoconfigure.TradovateAuthAutoConfiguration;
import io.github.futuresauth.tradovate.simulator.TradovateSimulator;
import io.github.futuresauth.tradovate.simulator.TradovateSimulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

// User "trader", password "s3cret-password".
@ExtendWith(TradovateSimulatorExtension.class)
class OrderRouterTests {

	@Test
	void staysOnOneSession(TradovateSimulator simulator) {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(RestClientAutoConfiguration.class, TradovateAuthAutoConfiguration.class))
			// tradovate.base-url, name, password and the other URLs:
			.withPropertyValues(simulator.springProperties())
			.run((context) -> {
				RestClient tradovate = context.getBean("tradovateRestClient", RestClient.class);
				assertThat(tradovate.get().uri("/account/list").retrieve().body(String.class)).contains("DEMO");
				assertThat(simulator.journal().logins()).isEqualTo(1);
			});
	}

}
