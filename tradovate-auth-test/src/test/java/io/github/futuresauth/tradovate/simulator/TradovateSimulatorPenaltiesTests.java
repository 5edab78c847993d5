package io.github.futuresauth.tradovate.simulator;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for login penalties of {@link TradovateSimulator}, over real HTTP.
 */
class TradovateSimulatorPenaltiesTests extends AbstractTradovateSimulatorTests {

	@Test
	void penalizedLoginSucceedsOnlyWithTheTicketAfterTheWait() throws Exception {
		this.simulator.penalizeNextLogin(Duration.ofSeconds(5));
		JsonNode penalty = assertPenalized(this.client.login(NAME, PASSWORD), 5);
		// Without the ticket: penalized again.
		penalty = assertPenalized(this.client.login(NAME, PASSWORD), 5);
		// With the ticket, too early: penalized again.
		this.simulator.advance(Duration.ofSeconds(4));
		penalty = assertPenalized(this.client.post("/auth/accesstokenrequest", withTicket(penalty)), 5);
		this.simulator.advance(Duration.ofSeconds(5));
		HttpResponse<String> response = this.client.post("/auth/accesstokenrequest", withTicket(penalty));
		assertThat(SimulatorClient.json(response).has("accessToken")).isTrue();
		Journal journal = this.simulator.journal();
		assertThat(journal.count(RequestKind.LOGIN_PENALIZED)).isEqualTo(3);
		assertThat(journal.count(RequestKind.LOGIN)).isOne();
		assertThat(this.client.accessToken(NAME, PASSWORD)).isNotBlank();
	}

	@Test
	void anOutdatedTicketDoesNotClearThePenalty() throws Exception {
		this.simulator.penalizeNextLogin(Duration.ofSeconds(5));
		JsonNode first = assertPenalized(this.client.login(NAME, PASSWORD), 5);
		JsonNode second = assertPenalized(this.client.login(NAME, PASSWORD), 5);
		assertThat(second.get("p-ticket").stringValue()).isNotEqualTo(first.get("p-ticket").stringValue());
		this.simulator.advance(Duration.ofSeconds(5));
		assertPenalized(this.client.post("/auth/accesstokenrequest", withTicket(first)), 5);
	}

	@Test
	void penaltyAppliesWhateverTheCredentials() throws Exception {
		this.simulator.penalizeNextLogin(Duration.ZERO);
		JsonNode penalty = assertPenalized(this.client.login("nobody", "wrong"), 0);
		HttpResponse<String> retry = this.client.post("/auth/accesstokenrequest", withTicket(penalty));
		assertThat(SimulatorClient.json(retry).has("accessToken")).isTrue();
	}

	@Test
	void penaltyTimeIsRoundedUpToWholeSeconds() throws Exception {
		this.simulator.penalizeNextLogin(Duration.ofMillis(1500));
		assertPenalized(this.client.login(NAME, PASSWORD), 2);
	}

	@Test
	void captchaIsRequiredOnTheNextLogin() throws Exception {
		this.simulator.requireCaptchaOnNextLogin();
		HttpResponse<String> response = this.client.login(NAME, PASSWORD);
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode json = SimulatorClient.json(response);
		assertThat(json.get("p-captcha").booleanValue()).isTrue();
		assertThat(json.get("p-ticket").stringValue()).isNotBlank();
		assertThat(json.get("p-time").longValue()).isEqualTo(3600);
		assertThat(json.has("accessToken")).isFalse();
		assertThat(this.simulator.journal().count(RequestKind.LOGIN_CAPTCHA)).isOne();
		assertThat(this.simulator.journal().logins()).isZero();
	}

	@Test
	void penaltiesApplyInTheOrderTheyWereAdded() throws Exception {
		this.simulator.penalizeNextLogin(Duration.ZERO);
		this.simulator.requireCaptchaOnNextLogin();
		JsonNode penalty = assertPenalized(this.client.login(NAME, PASSWORD), 0);
		JsonNode captcha = SimulatorClient.json(this.client.post("/auth/accesstokenrequest", withTicket(penalty)));
		assertThat(captcha.get("p-captcha").booleanValue()).isTrue();
		assertThat(this.client.accessToken(NAME, PASSWORD)).isNotBlank();
	}

	private JsonNode assertPenalized(HttpResponse<String> response, long seconds) {
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode json = SimulatorClient.json(response);
		assertThat(json.get("p-ticket").stringValue()).isNotBlank();
		assertThat(json.get("p-time").longValue()).isEqualTo(seconds);
		assertThat(json.get("p-captcha").booleanValue()).isFalse();
		assertThat(json.has("accessToken")).isFalse();
		return json;
	}

	private Map<String, Object> withTicket(JsonNode penalty) {
		Map<String, Object> body = SimulatorClient.loginBody(NAME, PASSWORD);
		body.put("p-ticket", penalty.get("p-ticket").stringValue());
		return body;
	}

}
