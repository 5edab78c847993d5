package io.github.futuresauth.tradovate.simulator;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for renewal and token expiry of {@link TradovateSimulator}, over real HTTP.
 */
class TradovateSimulatorRenewalTests extends AbstractTradovateSimulatorTests {

	@Test
	void renewalExtendsTheSameSession() throws Exception {
		String first = this.client.accessToken(NAME, PASSWORD);
		String second = this.client.accessToken(NAME, PASSWORD);
		this.simulator.advance(Duration.ofMinutes(75));
		HttpResponse<String> response = this.client.get("/auth/renewaccesstoken", first);
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode renewal = SimulatorClient.json(response);
		String renewed = renewal.get("accessToken").stringValue();
		assertThat(renewed).isNotIn(first, second);
		assertThat(renewal.get("expirationTime").stringValue()).isEqualTo("2026-03-02T17:15:00.000Z");
		assertThat(renewal.has("mdAccessToken")).isFalse();
		assertThat(renewal.get("name").stringValue()).isEqualTo(NAME);
		Journal journal = this.simulator.journal();
		assertThat(journal.renewals()).isOne();
		assertThat(journal.sessionsOpened()).isEqualTo(2);
		assertThat(journal.sessionsClosed()).isZero();
		assertThat(journal.count(RequestKind.RENEWAL)).isOne();
		// Both sessions are still open, and the replaced token works until it expires.
		assertThat(this.client.get("/account/list", renewed).statusCode()).isEqualTo(200);
		assertThat(this.client.get("/account/list", second).statusCode()).isEqualTo(200);
		assertThat(this.client.get("/account/list", first).statusCode()).isEqualTo(200);
		this.simulator.advance(Duration.ofMinutes(15));
		assertThat(this.client.get("/account/list", first).statusCode()).isEqualTo(401);
		assertThat(this.client.get("/account/list", second).statusCode()).isEqualTo(401);
		assertThat(this.client.get("/account/list", renewed).statusCode()).isEqualTo(200);
	}

	@Test
	void renewedTokenCanBeRenewedAgain() throws Exception {
		String token = this.client.accessToken(NAME, PASSWORD);
		for (int i = 0; i < 3; i++) {
			this.simulator.advance(Duration.ofMinutes(80));
			JsonNode renewal = SimulatorClient.json(this.client.get("/auth/renewaccesstoken", token));
			token = renewal.get("accessToken").stringValue();
		}
		assertThat(this.client.get("/auth/me", token).statusCode()).isEqualTo(200);
		assertThat(this.simulator.journal().renewals()).isEqualTo(3);
		assertThat(this.simulator.journal().sessionsOpened()).isOne();
	}

	@Test
	void renewalWithAnInvalidTokenIsUnauthorized() throws Exception {
		String token = this.client.accessToken(NAME, PASSWORD);
		assertThat(this.client.get("/auth/renewaccesstoken", null).statusCode()).isEqualTo(401);
		assertThat(this.client.get("/auth/renewaccesstoken", "unknown").statusCode()).isEqualTo(401);
		this.simulator.advance(Duration.ofMinutes(90));
		assertThat(this.client.get("/auth/renewaccesstoken", token).statusCode()).isEqualTo(401);
		Journal journal = this.simulator.journal();
		assertThat(journal.count(RequestKind.RENEWAL_REJECTED)).isEqualTo(3);
		assertThat(journal.renewals()).isZero();
	}

	@Test
	void tokenIsValidUntilItsExpirationTime() throws Exception {
		String token = this.client.accessToken(NAME, PASSWORD);
		this.simulator.advance(Duration.ofMinutes(90).minusMillis(1));
		assertThat(this.client.get("/account/list", token).statusCode()).isEqualTo(200);
		this.simulator.advance(Duration.ofMillis(1));
		assertThat(this.client.get("/account/list", token).statusCode()).isEqualTo(401);
	}

	@Test
	void tokenLifetimeIsConfigurable() throws Exception {
		try (TradovateSimulator simulator = TradovateSimulator.builder()
			.user(NAME, PASSWORD)
			.tokenLifetime(Duration.ofMinutes(80))
			.clock(new MutableClock(START))
			.start()) {
			JsonNode login = SimulatorClient.json(new SimulatorClient(simulator).login(NAME, PASSWORD));
			assertThat(login.get("expirationTime").stringValue()).isEqualTo("2026-03-02T15:50:00.000Z");
		}
	}

}
