package io.github.futuresauth.tradovate.simulator;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the journal and of concurrent requests of {@link TradovateSimulator}, over
 * real HTTP.
 */
class TradovateSimulatorJournalTests extends AbstractTradovateSimulatorTests {

	@Test
	void recordsEveryRequestWithItsOutcome() throws Exception {
		String token = this.client.accessToken(NAME, PASSWORD);
		this.client.get("/account/list", token);
		this.client.get("/account/list", "bogus");
		this.simulator.advance(Duration.ofSeconds(1));
		this.client.get("/auth/renewaccesstoken", token);
		List<RecordedRequest> requests = this.simulator.journal().requests();
		assertThat(requests).extracting(RecordedRequest::kind)
			.containsExactly(RequestKind.LOGIN, RequestKind.API, RequestKind.UNAUTHORIZED, RequestKind.RENEWAL);
		assertThat(requests).extracting(RecordedRequest::status).containsExactly(200, 200, 401, 200);
		assertThat(requests).extracting(RecordedRequest::validBearer).containsExactly(false, true, false, true);
		assertThat(requests).extracting(RecordedRequest::method).containsExactly("POST", "GET", "GET", "GET");
		assertThat(requests).extracting(RecordedRequest::path)
			.containsExactly("/v1/auth/accesstokenrequest", "/v1/account/list", "/v1/account/list",
					"/v1/auth/renewaccesstoken");
		assertThat(requests).extracting(RecordedRequest::authorization)
			.containsExactly(null, "Bearer " + token, "Bearer bogus", "Bearer " + token);
		assertThat(requests).extracting(RecordedRequest::arrivedAt)
			.containsExactly(START, START, START, START.plusSeconds(1));
	}

	@Test
	void recordsIssuedTokensForLeakChecks() throws Exception {
		JsonNode login = SimulatorClient.json(this.client.login(NAME, PASSWORD));
		String token = login.get("accessToken").stringValue();
		String renewed = SimulatorClient.json(this.client.get("/auth/renewaccesstoken", token))
			.get("accessToken")
			.stringValue();
		assertThat(this.simulator.journal().issuedTokens()).containsExactlyInAnyOrder(token,
				login.get("mdAccessToken").stringValue(), renewed);
	}

	@Test
	void toStringMasksTheAuthorizationHeader() throws Exception {
		String token = this.client.accessToken(NAME, PASSWORD);
		this.client.get("/auth/me", token);
		RecordedRequest me = this.simulator.journal().requests(RequestKind.ME).get(0);
		assertThat(me.toString()).doesNotContain(token).contains("Bearer ").contains("kind=ME");
		assertThat(this.simulator.journal().toString()).doesNotContain(token);
	}

	@Test
	void resetForgetsEverythingButUsers() throws Exception {
		TradovateSimulator simulator = this.simulator;
		String token = this.client.accessToken(NAME, PASSWORD);
		simulator.failNext(1, 500);
		simulator.penalizeNextLogin(Duration.ofMinutes(1));
		simulator.reset();
		Journal journal = simulator.journal();
		assertThat(journal.requests()).isEmpty();
		assertThat(journal.issuedTokens()).isEmpty();
		assertThat(journal.logins()).isZero();
		assertThat(journal.sessionsOpened()).isZero();
		assertThat(this.client.get("/account/list", token).statusCode()).isEqualTo(401);
		assertThat(this.client.accessToken(NAME, PASSWORD)).isNotBlank();
		assertThat(journal.count(RequestKind.LOGIN)).isOne();
	}

	@Test
	void concurrentLoginsAllSucceed() throws Exception {
		try (TradovateSimulator simulator = TradovateSimulator.builder()
			.user(NAME, PASSWORD)
			.sessionLimit(1000)
			.start()) {
			SimulatorClient client = new SimulatorClient(simulator);
			List<CompletableFuture<HttpResponse<String>>> logins = new ArrayList<>();
			for (int i = 0; i < 100; i++) {
				logins.add(client.loginAsync(NAME, PASSWORD));
			}
			CompletableFuture.allOf(logins.toArray(CompletableFuture[]::new)).join();
			List<String> tokens = new ArrayList<>();
			for (CompletableFuture<HttpResponse<String>> login : logins) {
				HttpResponse<String> response = login.join();
				assertThat(response.statusCode()).isEqualTo(200);
				tokens.add(SimulatorClient.json(response).get("accessToken").stringValue());
			}
			assertThat(tokens).doesNotHaveDuplicates();
			assertThat(simulator.journal().logins()).isEqualTo(100);
			assertThat(simulator.journal().count(RequestKind.LOGIN)).isEqualTo(100);
			assertThat(simulator.journal().sessionsClosed()).isZero();
		}
	}

	@Test
	void concurrentLoginsNeverExceedTheSessionLimit() throws Exception {
		List<CompletableFuture<HttpResponse<String>>> logins = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			logins.add(this.client.loginAsync(NAME, PASSWORD));
		}
		// Every login is answered before any token is tried: a token tried while other
		// logins are still in flight may be valid then and closed a moment later.
		List<String> tokens = new ArrayList<>();
		for (CompletableFuture<HttpResponse<String>> login : logins) {
			tokens.add(SimulatorClient.json(login.join()).get("accessToken").stringValue());
		}
		int valid = 0;
		for (String token : tokens) {
			if (this.client.get("/account/list", token).statusCode() == 200) {
				valid++;
			}
		}
		assertThat(valid).isEqualTo(2);
		assertThat(this.simulator.journal().sessionsClosed()).isEqualTo(18);
	}

	@Test
	void loginRequestsCountEverySpellingOfTheLoginPath() throws Exception {
		this.client.post("/auth/accessTokenRequest/", SimulatorClient.loginBody(NAME, PASSWORD));
		this.client.post("/auth/accesstokenrequest", SimulatorClient.loginBody(NAME, "wrong"));
		this.client.get("/auth/accesstokenrequest", null);
		assertThat(this.simulator.journal().loginRequests()).isEqualTo(2);
		assertThat(this.simulator.journal().failedLogins()).isOne();
	}

}
