package io.github.futuresauth.tradovate.simulator;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the endpoints of {@link TradovateSimulator}, over real HTTP.
 */
class TradovateSimulatorEndpointsTests extends AbstractTradovateSimulatorTests {

	@Test
	void meDescribesTheUser() throws Exception {
		String token = this.client.accessToken(NAME, PASSWORD);
		HttpResponse<String> response = this.client.get("/auth/me", token);
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode me = SimulatorClient.json(response);
		assertThat(me.get("name").stringValue()).isEqualTo(NAME);
		assertThat(me.get("userId").isIntegralNumber()).isTrue();
		assertThat(me.get("fullName").stringValue()).isNotBlank();
		assertThat(me.get("email").stringValue()).contains("@");
		assertThat(me.get("emailVerified").booleanValue()).isTrue();
		assertThat(me.get("isTrial").booleanValue()).isFalse();
		assertThat(this.simulator.journal().count(RequestKind.ME)).isOne();
	}

	@Test
	void accountListDescribesTheUsersAccount() throws Exception {
		JsonNode login = SimulatorClient.json(this.client.login(NAME, PASSWORD));
		HttpResponse<String> response = this.client.get("/account/list", login.get("accessToken").stringValue());
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode accounts = SimulatorClient.json(response);
		assertThat(accounts.isArray()).isTrue();
		assertThat(accounts.size()).isOne();
		JsonNode account = accounts.get(0);
		assertThat(account.get("id").isIntegralNumber()).isTrue();
		assertThat(account.get("name").stringValue()).isNotBlank();
		assertThat(account.get("userId").longValue()).isEqualTo(login.get("userId").longValue());
		assertThat(account.get("accountType").stringValue()).isEqualTo("Customer");
		assertThat(account.get("active").booleanValue()).isTrue();
		assertThat(account.get("marginAccountType").stringValue()).isEqualTo("Speculator");
		assertThat(account.get("legalStatus").stringValue()).isEqualTo("Individual");
		assertThat(account.get("archived").booleanValue()).isFalse();
		assertThat(Instant.parse(account.get("timestamp").stringValue())).isBefore(START);
		for (String id : List.of("clearingHouseId", "riskCategoryId", "autoLiqProfileId")) {
			assertThat(account.get(id).isIntegralNumber()).as(id).isTrue();
		}
	}

	@Test
	void userListDescribesTheUser() throws Exception {
		String token = this.client.accessToken(NAME, PASSWORD);
		JsonNode users = SimulatorClient.json(this.client.get("/user/list", token));
		assertThat(users.size()).isOne();
		assertThat(users.get(0).get("name").stringValue()).isEqualTo(NAME);
		assertThat(this.simulator.journal().count(RequestKind.API)).isOne();
	}

	@Test
	void protectedEndpointsRefuseMissingOrUnknownTokens() throws Exception {
		for (String path : List.of("/auth/me", "/account/list", "/user/list")) {
			assertThat(this.client.get(path, null).statusCode()).as(path).isEqualTo(401);
			assertThat(this.client.get(path, "not-a-token").statusCode()).as(path).isEqualTo(401);
		}
		assertThat(this.simulator.journal().count(RequestKind.UNAUTHORIZED)).isEqualTo(6);
	}

	@Test
	void marketDataTokenIsNotAnAccessToken() throws Exception {
		JsonNode login = SimulatorClient.json(this.client.login(NAME, PASSWORD));
		String mdAccessToken = login.get("mdAccessToken").stringValue();
		assertThat(this.client.get("/account/list", mdAccessToken).statusCode()).isEqualTo(401);
	}

	@Test
	void unknownPathsAndMethodsAreNotFound() throws Exception {
		String token = this.client.accessToken(NAME, PASSWORD);
		assertThat(this.client.get("/no/such/thing", token).statusCode()).isEqualTo(404);
		assertThat(this.client.get("/auth/accesstokenrequest", null).statusCode()).isEqualTo(404);
		assertThat(this.client.post("/account/list", Map.of()).statusCode()).isEqualTo(404);
		assertThat(this.simulator.journal().count(RequestKind.NOT_FOUND)).isEqualTo(3);
	}

}
