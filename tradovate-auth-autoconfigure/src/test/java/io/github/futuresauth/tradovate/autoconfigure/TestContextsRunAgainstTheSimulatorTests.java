package io.github.futuresauth.tradovate.autoconfigure;

import io.github.futuresauth.tradovate.auth.TokenProvider;
import io.github.futuresauth.tradovate.simulator.RequestKind;
import io.github.futuresauth.tradovate.simulator.TradovateSimulator;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code @SpringBootTest} of an application configured for Tradovate's live environment
 * with an API key, as an application.yml and exported credentials would configure it, and
 * without any test annotation of this project: it logs in to the simulator, with the
 * simulator's API key, and nowhere else.
 */
@SpringBootTest(properties = { "tradovate.environment=live", "tradovate.name=real-user",
		"tradovate.password=real-password", "tradovate.app-id=real-app", "tradovate.app-version=7.0",
		"tradovate.cid=1234", "tradovate.sec=real-secret", "tradovate.websocket.enabled=false" })
class TestContextsRunAgainstTheSimulatorTests {

	@Autowired
	private TradovateSimulator simulator;

	@Autowired
	private TokenProvider tokenProvider;

	@Autowired
	@Qualifier("tradovateRestClient")
	private RestClient tradovate;

	@Test
	void logsInToTheSimulatorAtStartup() {
		assertThat(this.simulator.journal().logins()).isOne();
		assertThat(this.simulator.journal().count(RequestKind.LOGIN_REJECTED)).isZero();
		assertThat(this.tokenProvider.getToken().accessToken()).isNotBlank();
		assertThat(this.tradovate.get().uri("/account/list").retrieve().body(String.class)).contains("\"id\"");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class LiveApplication {

	}

}
