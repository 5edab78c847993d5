package io.github.futuresauth.tradovate.simulator;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for logins of {@link TradovateSimulator}, over real HTTP.
 */
class TradovateSimulatorLoginTests extends AbstractTradovateSimulatorTests {

	@Test
	void successfulLoginReturnsTokensAndAccountFlags() throws Exception {
		HttpResponse<String> response = this.client.login(NAME, PASSWORD);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((contentType) -> assertThat(contentType).startsWith("application/json"));
		JsonNode json = SimulatorClient.json(response);
		String accessToken = json.get("accessToken").stringValue();
		String mdAccessToken = json.get("mdAccessToken").stringValue();
		assertThat(accessToken).hasSizeGreaterThanOrEqualTo(40).matches("[A-Za-z0-9_-]+");
		assertThat(mdAccessToken).hasSizeGreaterThanOrEqualTo(40).isNotEqualTo(accessToken);
		assertThat(json.get("expirationTime").stringValue()).isEqualTo("2026-03-02T16:00:00.000Z");
		assertThat(json.get("passwordExpirationTime").stringValue()).isEqualTo("2027-03-02T14:30:00.000Z");
		assertThat(json.get("userStatus").stringValue()).isEqualTo("Active");
		assertThat(json.get("userId").isIntegralNumber()).isTrue();
		assertThat(json.get("name").stringValue()).isEqualTo(NAME);
		for (String flag : List.of("hasLive", "hasSimPlus", "hasFunded", "hasMarketData", "outdatedTaC")) {
			assertThat(json.get(flag).booleanValue()).as(flag).isFalse();
		}
		assertThat(json.has("errorText")).isFalse();
	}

	@Test
	void expirationTimeHasMillisecondPrecision() throws Exception {
		this.clock.setInstant(START.plusNanos(123_456_789));
		JsonNode json = SimulatorClient.json(this.client.login(NAME, PASSWORD));
		assertThat(json.get("expirationTime").stringValue()).isEqualTo("2026-03-02T16:00:00.123Z");
	}

	@Test
	void userIdIsStableAndTokensAreUnique() throws Exception {
		JsonNode first = SimulatorClient.json(this.client.login(NAME, PASSWORD));
		JsonNode second = SimulatorClient.json(this.client.login(NAME, PASSWORD));
		JsonNode other = SimulatorClient.json(this.client.post("/auth/accesstokenrequest",
				Map.of("name", "app-user", "password", "app-password", "appId", "my-app", "sec", "my-secret")));
		assertThat(second.get("userId").longValue()).isEqualTo(first.get("userId").longValue());
		assertThat(other.get("userId").longValue()).isNotEqualTo(first.get("userId").longValue());
		assertThat(this.simulator.journal().issuedTokens()).hasSize(6).doesNotHaveDuplicates();
	}

	@Test
	void wrongPasswordIsRejectedWithErrorTextAtHttp200() throws Exception {
		HttpResponse<String> response = this.client.login(NAME, "wrong-password");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).doesNotContain("wrong-password");
		JsonNode json = SimulatorClient.json(response);
		assertThat(json.get("errorText").stringValue()).isEqualTo("Incorrect username or password. Please try again.");
		assertThat(json.has("accessToken")).isFalse();
		assertThat(this.simulator.journal().count(RequestKind.LOGIN_REJECTED)).isOne();
		assertThat(this.simulator.journal().logins()).isZero();
		assertThat(this.simulator.journal().sessionsOpened()).isZero();
	}

	@Test
	void unknownUserIsRejectedWithErrorText() throws Exception {
		assertRejected(this.client.login("nobody", PASSWORD));
	}

	@Test
	void missingOrBlankCredentialsAreRejectedWithErrorText() throws Exception {
		assertRejected(this.client.post("/auth/accesstokenrequest", Map.of("password", PASSWORD)));
		assertRejected(this.client.post("/auth/accesstokenrequest", Map.of("name", NAME)));
		assertRejected(this.client.login(" ", PASSWORD));
		assertRejected(this.client.login(NAME, ""));
		assertThat(this.simulator.journal().count(RequestKind.LOGIN_REJECTED)).isEqualTo(4);
	}

	@Test
	void unknownFieldsAndCidAsTextOrNumberAreAccepted() throws Exception {
		Map<String, Object> body = SimulatorClient.loginBody(NAME, PASSWORD);
		body.put("cid", "8");
		body.put("hibpCheck", true);
		body.put("someFutureField", Map.of("nested", List.of(1, 2)));
		assertThat(SimulatorClient.json(this.client.post("/auth/accesstokenrequest", body)).has("accessToken"))
			.isTrue();
		body.put("cid", 8);
		assertThat(SimulatorClient.json(this.client.post("/auth/accesstokenrequest", body)).has("accessToken"))
			.isTrue();
	}

	@Test
	void appIdAndSecMustMatchWhenTheUserHasThem() throws Exception {
		Map<String, Object> body = SimulatorClient.loginBody("app-user", "app-password");
		body.put("appId", "my-app");
		body.put("sec", "other-secret");
		assertRejected(this.client.post("/auth/accesstokenrequest", body));
		body.put("appId", "other-app");
		body.put("sec", "my-secret");
		assertRejected(this.client.post("/auth/accesstokenrequest", body));
		body.put("appId", "my-app");
		assertThat(SimulatorClient.json(this.client.post("/auth/accesstokenrequest", body)).has("accessToken"))
			.isTrue();
	}

	@Test
	void apiKeyUserMustSendAllFourFieldsOfTheKey() throws Exception {
		ApiKey key = new ApiKey("key-app", "2.1", "42", "key-secret");
		try (TradovateSimulator simulator = TradovateSimulator.builder()
			.user("key-user", "key-password", key)
			.rateLimits(false)
			.start()) {
			SimulatorClient client = new SimulatorClient(simulator);
			Map<String, Object> body = SimulatorClient.loginBody("key-user", "key-password");
			body.putAll(Map.of("appId", "key-app", "appVersion", "2.1", "cid", 42, "sec", "key-secret"));
			assertThat(SimulatorClient.json(client.post("/auth/accesstokenrequest", body)).has("accessToken")).isTrue();
			for (Map.Entry<String, Object> wrong : List.<Map.Entry<String, Object>>of(Map.entry("appId", "other-app"),
					Map.entry("appVersion", "2.0"), Map.entry("cid", 43), Map.entry("sec", "other-secret"))) {
				Map<String, Object> changed = new LinkedHashMap<>(body);
				changed.put(wrong.getKey(), wrong.getValue());
				assertRejected(client.post("/auth/accesstokenrequest", changed));
				changed.remove(wrong.getKey());
				assertRejected(client.post("/auth/accesstokenrequest", changed));
			}
			assertThat(simulator.journal().logins()).isOne();
			assertThat(simulator.springPropertyMap()).containsEntry("tradovate.app-id", "key-app")
				.containsEntry("tradovate.app-version", "2.1")
				.containsEntry("tradovate.cid", "42")
				.containsEntry("tradovate.sec", "key-secret");
		}
	}

	@Test
	void apiKeyHidesItsSecretAndRefusesBlankFields() {
		assertThat(ApiKey.DEFAULT.toString()).contains("cid=8").doesNotContain(ApiKey.DEFAULT_SEC);
		assertThatIllegalArgumentException().isThrownBy(() -> new ApiKey("app", " ", "1", "sec"))
			.withMessage("'appVersion' of an API key must not be blank");
	}

	@Test
	void bodyThatIsNotAJsonObjectIsABadRequest() throws Exception {
		HttpResponse<String> response = this.client.postRaw("/auth/accesstokenrequest", "name=trader");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(SimulatorClient.json(response).has("errorText")).isTrue();
		assertThat(this.simulator.journal().count(RequestKind.LOGIN_REJECTED)).isOne();
	}

	@Test
	void pathsMatchRegardlessOfCase() throws Exception {
		HttpResponse<String> response = this.client.post("/auth/accessTokenRequest",
				SimulatorClient.loginBody(NAME, PASSWORD));
		assertThat(SimulatorClient.json(response).has("accessToken")).isTrue();
	}

	private void assertRejected(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(SimulatorClient.json(response).get("errorText").stringValue())
			.isEqualTo("Incorrect username or password. Please try again.");
	}

}
