package io.github.futuresauth.tradovate.autoconfigure.health;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.github.futuresauth.tradovate.auth.AccessToken;
import io.github.futuresauth.tradovate.auth.RenewingTokenProvider;
import io.github.futuresauth.tradovate.simulator.AutoConfigureTradovateSimulator;
import io.github.futuresauth.tradovate.simulator.TradovateSimulator;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the {@code tradovate} health contributor and the meters in a web application,
 * through the real {@code /actuator/health} endpoint.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.endpoint.health.show-details=always")
@AutoConfigureTradovateSimulator
class TradovateHealthEndpointTests {

	@LocalServerPort
	private int port;

	@Autowired
	private RenewingTokenProvider tokenProvider;

	@Autowired
	private MeterRegistry meterRegistry;

	@Test
	void healthEndpointShowsTheTokenStatusWithoutSecrets() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/health/tradovate"))
				.GET()
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		AccessToken token = this.tokenProvider.getCurrentToken();
		assertThat(token).isNotNull();
		assertThat(response.body()).contains("\"status\":\"UP\"")
			.contains("\"expiresIn\":\"PT")
			.contains("\"user\":\"" + TradovateSimulator.DEFAULT_USER_NAME + "\"")
			.doesNotContain(TradovateSimulator.DEFAULT_PASSWORD)
			.doesNotContain(token.accessToken())
			.doesNotContain(token.mdAccessToken());
	}

	@Test
	void metersCountTheLoginAtStartup() {
		assertThat(this.meterRegistry.get("tradovate.auth.logins").functionCounter().count()).isOne();
		assertThat(this.meterRegistry.get("tradovate.auth.token.expiry").gauge().value()).isPositive();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class HealthApplication {

	}

}
