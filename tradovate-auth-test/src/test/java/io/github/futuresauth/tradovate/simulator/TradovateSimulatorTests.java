package io.github.futuresauth.tradovate.simulator;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link TradovateSimulator}, over real HTTP.
 */
class TradovateSimulatorTests {

	private static final Instant START = Instant.parse("2026-03-02T14:30:00Z");

	private static final String NAME = "trader";

	private static final String PASSWORD = "s3cret-password";

	private final MutableClock clock = new MutableClock(START);

	private TradovateSimulator simulator;

	private SimulatorClient client;

	@BeforeEach
	void startSimulator() {
		this.simulator = TradovateSimulator.builder()
			.clock(this.clock)
			.user(NAME, PASSWORD)
			.user("app-user", "app-password", "my-app", "my-secret")
			.start();
		this.client = new SimulatorClient(this.simulator);
	}

	@AfterEach
	void closeSimulator() {
		this.simulator.close();
	}

	@Nested
	class Login {

		@Test
		void successfulLoginReturnsTokensAndAccountFlags() throws Exception {
			HttpResponse<String> response = TradovateSimulatorTests.this.client.login(NAME, PASSWORD);
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
					(contentType) -> assertThat(contentType).startsWith("application/json"));
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
			TradovateSimulatorTests.this.clock.setInstant(START.plusNanos(123_456_789));
			JsonNode json = SimulatorClient.json(TradovateSimulatorTests.this.client.login(NAME, PASSWORD));
			assertThat(json.get("expirationTime").stringValue()).isEqualTo("2026-03-02T16:00:00.123Z");
		}

		@Test
		void userIdIsStableAndTokensAreUnique() throws Exception {
			JsonNode first = SimulatorClient.json(TradovateSimulatorTests.this.client.login(NAME, PASSWORD));
			JsonNode second = SimulatorClient.json(TradovateSimulatorTests.this.client.login(NAME, PASSWORD));
			JsonNode other = SimulatorClient
				.json(TradovateSimulatorTests.this.client.post("/auth/accesstokenrequest", Map.of("name", "app-user",
						"password", "app-password", "appId", "my-app", "sec", "my-secret")));
			assertThat(second.get("userId").longValue()).isEqualTo(first.get("userId").longValue());
			assertThat(other.get("userId").longValue()).isNotEqualTo(first.get("userId").longValue());
			assertThat(TradovateSimulatorTests.this.simulator.journal().issuedTokens()).hasSize(6)
				.doesNotHaveDuplicates();
		}

		@Test
		void wrongPasswordIsRejectedWithErrorTextAtHttp200() throws Exception {
			HttpResponse<String> response = TradovateSimulatorTests.this.client.login(NAME, "wrong-password");
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).doesNotContain("wrong-password");
			JsonNode json = SimulatorClient.json(response);
			assertThat(json.get("errorText").stringValue())
				.isEqualTo("Incorrect username or password. Please try again.");
			assertThat(json.has("accessToken")).isFalse();
			assertThat(TradovateSimulatorTests.this.simulator.journal().count(RequestKind.LOGIN_REJECTED)).isOne();
			assertThat(TradovateSimulatorTests.this.simulator.journal().logins()).isZero();
			assertThat(TradovateSimulatorTests.this.simulator.journal().sessionsOpened()).isZero();
		}

		@Test
		void unknownUserIsRejectedWithErrorText() throws Exception {
			assertRejected(TradovateSimulatorTests.this.client.login("nobody", PASSWORD));
		}

		@Test
		void missingOrBlankCredentialsAreRejectedWithErrorText() throws Exception {
			SimulatorClient client = TradovateSimulatorTests.this.client;
			assertRejected(client.post("/auth/accesstokenrequest", Map.of("password", PASSWORD)));
			assertRejected(client.post("/auth/accesstokenrequest", Map.of("name", NAME)));
			assertRejected(client.login(" ", PASSWORD));
			assertRejected(client.login(NAME, ""));
			assertThat(TradovateSimulatorTests.this.simulator.journal().count(RequestKind.LOGIN_REJECTED)).isEqualTo(4);
		}

		@Test
		void unknownFieldsAndCidAsTextOrNumberAreAccepted() throws Exception {
			Map<String, Object> body = SimulatorClient.loginBody(NAME, PASSWORD);
			body.put("cid", "8");
			body.put("hibpCheck", true);
			body.put("someFutureField", Map.of("nested", List.of(1, 2)));
			assertThat(SimulatorClient.json(TradovateSimulatorTests.this.client.post("/auth/accesstokenrequest", body))
				.has("accessToken")).isTrue();
			body.put("cid", 8);
			assertThat(SimulatorClient.json(TradovateSimulatorTests.this.client.post("/auth/accesstokenrequest", body))
				.has("accessToken")).isTrue();
		}

		@Test
		void appIdAndSecMustMatchWhenTheUserHasThem() throws Exception {
			SimulatorClient client = TradovateSimulatorTests.this.client;
			Map<String, Object> body = SimulatorClient.loginBody("app-user", "app-password");
			body.put("appId", "my-app");
			body.put("sec", "other-secret");
			assertRejected(client.post("/auth/accesstokenrequest", body));
			body.put("appId", "other-app");
			body.put("sec", "my-secret");
			assertRejected(client.post("/auth/accesstokenrequest", body));
			body.put("appId", "my-app");
			assertThat(SimulatorClient.json(client.post("/auth/accesstokenrequest", body)).has("accessToken")).isTrue();
		}

		@Test
		void bodyThatIsNotAJsonObjectIsABadRequest() throws Exception {
			HttpResponse<String> response = TradovateSimulatorTests.this.client.postRaw("/auth/accesstokenrequest",
					"name=trader");
			assertThat(response.statusCode()).isEqualTo(400);
			assertThat(SimulatorClient.json(response).has("errorText")).isTrue();
			assertThat(TradovateSimulatorTests.this.simulator.journal().count(RequestKind.LOGIN_REJECTED)).isOne();
		}

		@Test
		void pathsMatchRegardlessOfCase() throws Exception {
			HttpResponse<String> response = TradovateSimulatorTests.this.client.post("/auth/accessTokenRequest",
					SimulatorClient.loginBody(NAME, PASSWORD));
			assertThat(SimulatorClient.json(response).has("accessToken")).isTrue();
		}

		private void assertRejected(HttpResponse<String> response) {
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(SimulatorClient.json(response).get("errorText").stringValue())
				.isEqualTo("Incorrect username or password. Please try again.");
		}

	}

	@Nested
	class Endpoints {

		@Test
		void meDescribesTheUser() throws Exception {
			String token = TradovateSimulatorTests.this.client.accessToken(NAME, PASSWORD);
			HttpResponse<String> response = TradovateSimulatorTests.this.client.get("/auth/me", token);
			assertThat(response.statusCode()).isEqualTo(200);
			JsonNode me = SimulatorClient.json(response);
			assertThat(me.get("name").stringValue()).isEqualTo(NAME);
			assertThat(me.get("userId").isIntegralNumber()).isTrue();
			assertThat(me.get("fullName").stringValue()).isNotBlank();
			assertThat(me.get("email").stringValue()).contains("@");
			assertThat(me.get("emailVerified").booleanValue()).isTrue();
			assertThat(me.get("isTrial").booleanValue()).isFalse();
			assertThat(TradovateSimulatorTests.this.simulator.journal().count(RequestKind.ME)).isOne();
		}

		@Test
		void accountListDescribesTheUsersAccount() throws Exception {
			JsonNode login = SimulatorClient.json(TradovateSimulatorTests.this.client.login(NAME, PASSWORD));
			HttpResponse<String> response = TradovateSimulatorTests.this.client.get("/account/list",
					login.get("accessToken").stringValue());
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
			String token = TradovateSimulatorTests.this.client.accessToken(NAME, PASSWORD);
			JsonNode users = SimulatorClient.json(TradovateSimulatorTests.this.client.get("/user/list", token));
			assertThat(users.size()).isOne();
			assertThat(users.get(0).get("name").stringValue()).isEqualTo(NAME);
			assertThat(TradovateSimulatorTests.this.simulator.journal().count(RequestKind.API)).isOne();
		}

		@Test
		void protectedEndpointsRefuseMissingOrUnknownTokens() throws Exception {
			SimulatorClient client = TradovateSimulatorTests.this.client;
			for (String path : List.of("/auth/me", "/account/list", "/user/list")) {
				assertThat(client.get(path, null).statusCode()).as(path).isEqualTo(401);
				assertThat(client.get(path, "not-a-token").statusCode()).as(path).isEqualTo(401);
			}
			assertThat(TradovateSimulatorTests.this.simulator.journal().count(RequestKind.UNAUTHORIZED)).isEqualTo(6);
		}

		@Test
		void marketDataTokenIsNotAnAccessToken() throws Exception {
			JsonNode login = SimulatorClient.json(TradovateSimulatorTests.this.client.login(NAME, PASSWORD));
			String mdAccessToken = login.get("mdAccessToken").stringValue();
			assertThat(TradovateSimulatorTests.this.client.get("/account/list", mdAccessToken).statusCode())
				.isEqualTo(401);
		}

		@Test
		void unknownPathsAndMethodsAreNotFound() throws Exception {
			String token = TradovateSimulatorTests.this.client.accessToken(NAME, PASSWORD);
			assertThat(TradovateSimulatorTests.this.client.get("/no/such/thing", token).statusCode()).isEqualTo(404);
			assertThat(TradovateSimulatorTests.this.client.get("/auth/accesstokenrequest", null).statusCode())
				.isEqualTo(404);
			assertThat(TradovateSimulatorTests.this.client.post("/account/list", Map.of()).statusCode()).isEqualTo(404);
			assertThat(TradovateSimulatorTests.this.simulator.journal().count(RequestKind.NOT_FOUND)).isEqualTo(3);
		}

	}

	@Nested
	class Sessions {

		@Test
		void thirdLoginClosesTheOldestSession() throws Exception {
			SimulatorClient client = TradovateSimulatorTests.this.client;
			String first = client.accessToken(NAME, PASSWORD);
			String second = client.accessToken(NAME, PASSWORD);
			assertThat(client.get("/account/list", first).statusCode()).isEqualTo(200);
			String third = client.accessToken(NAME, PASSWORD);
			assertThat(client.get("/account/list", first).statusCode()).isEqualTo(401);
			assertThat(client.get("/account/list", second).statusCode()).isEqualTo(200);
			assertThat(client.get("/account/list", third).statusCode()).isEqualTo(200);
			Journal journal = TradovateSimulatorTests.this.simulator.journal();
			assertThat(journal.logins()).isEqualTo(3);
			assertThat(journal.sessionsOpened()).isEqualTo(3);
			assertThat(journal.sessionsClosed()).isOne();
			assertThat(journal.count(RequestKind.UNAUTHORIZED)).isOne();
		}

		@Test
		void sessionLimitIsPerUser() throws Exception {
			SimulatorClient client = TradovateSimulatorTests.this.client;
			String trader = client.accessToken(NAME, PASSWORD);
			Map<String, Object> otherUser = SimulatorClient.loginBody("app-user", "app-password");
			otherUser.put("appId", "my-app");
			otherUser.put("sec", "my-secret");
			client.post("/auth/accesstokenrequest", otherUser);
			client.post("/auth/accesstokenrequest", otherUser);
			assertThat(client.get("/account/list", trader).statusCode()).isEqualTo(200);
		}

		@Test
		void loginOnTheWebSiteConsumesASession() throws Exception {
			SimulatorClient client = TradovateSimulatorTests.this.client;
			String first = client.accessToken(NAME, PASSWORD);
			String second = client.accessToken(NAME, PASSWORD);
			TradovateSimulatorTests.this.simulator.openSessionElsewhere(NAME);
			assertThat(client.get("/account/list", first).statusCode()).isEqualTo(401);
			assertThat(client.get("/account/list", second).statusCode()).isEqualTo(200);
			assertThat(TradovateSimulatorTests.this.simulator.journal().sessionsOpened()).isEqualTo(3);
			assertThat(TradovateSimulatorTests.this.simulator.journal().logins()).isEqualTo(2);
		}

		@Test
		void closeAllSessionsRefusesEveryTokenOfTheUser() throws Exception {
			SimulatorClient client = TradovateSimulatorTests.this.client;
			String first = client.accessToken(NAME, PASSWORD);
			String second = client.accessToken(NAME, PASSWORD);
			TradovateSimulatorTests.this.simulator.closeAllSessions(NAME);
			assertThat(client.get("/account/list", first).statusCode()).isEqualTo(401);
			assertThat(client.get("/auth/me", second).statusCode()).isEqualTo(401);
			assertThat(client.get("/auth/renewaccesstoken", second).statusCode()).isEqualTo(401);
			assertThat(TradovateSimulatorTests.this.simulator.journal().sessionsClosed()).isEqualTo(2);
			assertThat(client.accessToken(NAME, PASSWORD)).isNotBlank();
		}

		@Test
		void sessionMethodsRejectUnknownUsers() {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> TradovateSimulatorTests.this.simulator.openSessionElsewhere("nobody"));
			assertThatIllegalArgumentException()
				.isThrownBy(() -> TradovateSimulatorTests.this.simulator.closeAllSessions("nobody"));
		}

	}

	@Nested
	class RenewalAndExpiry {

		@Test
		void renewalExtendsTheSameSession() throws Exception {
			SimulatorClient client = TradovateSimulatorTests.this.client;
			String first = client.accessToken(NAME, PASSWORD);
			String second = client.accessToken(NAME, PASSWORD);
			TradovateSimulatorTests.this.simulator.advance(Duration.ofMinutes(75));
			HttpResponse<String> response = client.get("/auth/renewaccesstoken", first);
			assertThat(response.statusCode()).isEqualTo(200);
			JsonNode renewal = SimulatorClient.json(response);
			String renewed = renewal.get("accessToken").stringValue();
			assertThat(renewed).isNotIn(first, second);
			assertThat(renewal.get("expirationTime").stringValue()).isEqualTo("2026-03-02T17:15:00.000Z");
			assertThat(renewal.has("mdAccessToken")).isFalse();
			assertThat(renewal.get("name").stringValue()).isEqualTo(NAME);
			Journal journal = TradovateSimulatorTests.this.simulator.journal();
			assertThat(journal.renewals()).isOne();
			assertThat(journal.sessionsOpened()).isEqualTo(2);
			assertThat(journal.sessionsClosed()).isZero();
			assertThat(journal.count(RequestKind.RENEWAL)).isOne();
			// Both sessions are still open, and the replaced token works until it expires.
			assertThat(client.get("/account/list", renewed).statusCode()).isEqualTo(200);
			assertThat(client.get("/account/list", second).statusCode()).isEqualTo(200);
			assertThat(client.get("/account/list", first).statusCode()).isEqualTo(200);
			TradovateSimulatorTests.this.simulator.advance(Duration.ofMinutes(15));
			assertThat(client.get("/account/list", first).statusCode()).isEqualTo(401);
			assertThat(client.get("/account/list", second).statusCode()).isEqualTo(401);
			assertThat(client.get("/account/list", renewed).statusCode()).isEqualTo(200);
		}

		@Test
		void renewedTokenCanBeRenewedAgain() throws Exception {
			SimulatorClient client = TradovateSimulatorTests.this.client;
			String token = client.accessToken(NAME, PASSWORD);
			for (int i = 0; i < 3; i++) {
				TradovateSimulatorTests.this.simulator.advance(Duration.ofMinutes(80));
				JsonNode renewal = SimulatorClient.json(client.get("/auth/renewaccesstoken", token));
				token = renewal.get("accessToken").stringValue();
			}
			assertThat(client.get("/auth/me", token).statusCode()).isEqualTo(200);
			assertThat(TradovateSimulatorTests.this.simulator.journal().renewals()).isEqualTo(3);
			assertThat(TradovateSimulatorTests.this.simulator.journal().sessionsOpened()).isOne();
		}

		@Test
		void renewalWithAnInvalidTokenIsUnauthorized() throws Exception {
			SimulatorClient client = TradovateSimulatorTests.this.client;
			String token = client.accessToken(NAME, PASSWORD);
			assertThat(client.get("/auth/renewaccesstoken", null).statusCode()).isEqualTo(401);
			assertThat(client.get("/auth/renewaccesstoken", "unknown").statusCode()).isEqualTo(401);
			TradovateSimulatorTests.this.simulator.advance(Duration.ofMinutes(90));
			assertThat(client.get("/auth/renewaccesstoken", token).statusCode()).isEqualTo(401);
			Journal journal = TradovateSimulatorTests.this.simulator.journal();
			assertThat(journal.count(RequestKind.RENEWAL_REJECTED)).isEqualTo(3);
			assertThat(journal.renewals()).isZero();
		}

		@Test
		void tokenIsValidUntilItsExpirationTime() throws Exception {
			SimulatorClient client = TradovateSimulatorTests.this.client;
			String token = client.accessToken(NAME, PASSWORD);
			TradovateSimulatorTests.this.simulator.advance(Duration.ofMinutes(90).minusMillis(1));
			assertThat(client.get("/account/list", token).statusCode()).isEqualTo(200);
			TradovateSimulatorTests.this.simulator.advance(Duration.ofMillis(1));
			assertThat(client.get("/account/list", token).statusCode()).isEqualTo(401);
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

	@Nested
	class Penalties {

		@Test
		void penalizedLoginSucceedsOnlyWithTheTicketAfterTheWait() throws Exception {
			TradovateSimulatorTests.this.simulator.penalizeNextLogin(Duration.ofSeconds(5));
			SimulatorClient client = TradovateSimulatorTests.this.client;
			JsonNode penalty = assertPenalized(client.login(NAME, PASSWORD), 5);
			// Without the ticket: penalized again.
			penalty = assertPenalized(client.login(NAME, PASSWORD), 5);
			// With the ticket, too early: penalized again.
			TradovateSimulatorTests.this.simulator.advance(Duration.ofSeconds(4));
			penalty = assertPenalized(client.post("/auth/accesstokenrequest", withTicket(penalty)), 5);
			TradovateSimulatorTests.this.simulator.advance(Duration.ofSeconds(5));
			HttpResponse<String> response = client.post("/auth/accesstokenrequest", withTicket(penalty));
			assertThat(SimulatorClient.json(response).has("accessToken")).isTrue();
			Journal journal = TradovateSimulatorTests.this.simulator.journal();
			assertThat(journal.count(RequestKind.LOGIN_PENALIZED)).isEqualTo(3);
			assertThat(journal.count(RequestKind.LOGIN)).isOne();
			assertThat(client.accessToken(NAME, PASSWORD)).isNotBlank();
		}

		@Test
		void anOutdatedTicketDoesNotClearThePenalty() throws Exception {
			TradovateSimulatorTests.this.simulator.penalizeNextLogin(Duration.ofSeconds(5));
			SimulatorClient client = TradovateSimulatorTests.this.client;
			JsonNode first = assertPenalized(client.login(NAME, PASSWORD), 5);
			JsonNode second = assertPenalized(client.login(NAME, PASSWORD), 5);
			assertThat(second.get("p-ticket").stringValue()).isNotEqualTo(first.get("p-ticket").stringValue());
			TradovateSimulatorTests.this.simulator.advance(Duration.ofSeconds(5));
			assertPenalized(client.post("/auth/accesstokenrequest", withTicket(first)), 5);
		}

		@Test
		void penaltyAppliesWhateverTheCredentials() throws Exception {
			TradovateSimulatorTests.this.simulator.penalizeNextLogin(Duration.ZERO);
			SimulatorClient client = TradovateSimulatorTests.this.client;
			JsonNode penalty = assertPenalized(client.login("nobody", "wrong"), 0);
			HttpResponse<String> retry = client.post("/auth/accesstokenrequest", withTicket(penalty));
			assertThat(SimulatorClient.json(retry).has("accessToken")).isTrue();
		}

		@Test
		void penaltyTimeIsRoundedUpToWholeSeconds() throws Exception {
			TradovateSimulatorTests.this.simulator.penalizeNextLogin(Duration.ofMillis(1500));
			assertPenalized(TradovateSimulatorTests.this.client.login(NAME, PASSWORD), 2);
		}

		@Test
		void captchaIsRequiredOnTheNextLogin() throws Exception {
			TradovateSimulatorTests.this.simulator.requireCaptchaOnNextLogin();
			HttpResponse<String> response = TradovateSimulatorTests.this.client.login(NAME, PASSWORD);
			assertThat(response.statusCode()).isEqualTo(200);
			JsonNode json = SimulatorClient.json(response);
			assertThat(json.get("p-captcha").booleanValue()).isTrue();
			assertThat(json.get("p-ticket").stringValue()).isNotBlank();
			assertThat(json.get("p-time").longValue()).isEqualTo(3600);
			assertThat(json.has("accessToken")).isFalse();
			assertThat(TradovateSimulatorTests.this.simulator.journal().count(RequestKind.LOGIN_CAPTCHA)).isOne();
			assertThat(TradovateSimulatorTests.this.simulator.journal().logins()).isZero();
		}

		@Test
		void penaltiesApplyInTheOrderTheyWereAdded() throws Exception {
			TradovateSimulatorTests.this.simulator.penalizeNextLogin(Duration.ZERO);
			TradovateSimulatorTests.this.simulator.requireCaptchaOnNextLogin();
			SimulatorClient client = TradovateSimulatorTests.this.client;
			JsonNode penalty = assertPenalized(client.login(NAME, PASSWORD), 0);
			JsonNode captcha = SimulatorClient.json(client.post("/auth/accesstokenrequest", withTicket(penalty)));
			assertThat(captcha.get("p-captcha").booleanValue()).isTrue();
			assertThat(client.accessToken(NAME, PASSWORD)).isNotBlank();
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

	@Nested
	class Faults {

		@Test
		void failedRequestsAreFollowedByNormalAnswers() throws Exception {
			TradovateSimulatorTests.this.simulator.failNext(1, 503);
			TradovateSimulatorTests.this.simulator.failNext(2, 429);
			TradovateSimulatorTests.this.simulator.failNext(1, 408);
			SimulatorClient client = TradovateSimulatorTests.this.client;
			HttpResponse<String> unavailable = client.login(NAME, PASSWORD);
			assertThat(unavailable.statusCode()).isEqualTo(503);
			assertThat(unavailable.body()).isNotEmpty();
			HttpResponse<String> tooManyRequests = client.get("/account/list", null);
			assertThat(tooManyRequests.statusCode()).isEqualTo(429);
			assertThat(tooManyRequests.body()).isEmpty();
			assertThat(client.login(NAME, PASSWORD).statusCode()).isEqualTo(429);
			HttpResponse<String> timeout = client.login(NAME, PASSWORD);
			assertThat(timeout.statusCode()).isEqualTo(408);
			assertThat(timeout.body()).isNotEmpty();
			assertThat(SimulatorClient.json(client.login(NAME, PASSWORD)).has("accessToken")).isTrue();
			Journal journal = TradovateSimulatorTests.this.simulator.journal();
			assertThat(journal.requests(RequestKind.FAULT)).extracting(RecordedRequest::status)
				.containsExactly(503, 429, 429, 408);
			assertThat(journal.logins()).isOne();
		}

		@Test
		void delayedRequestTimesOutAClientWithAShortTimeout() throws Exception {
			TradovateSimulatorTests.this.simulator.delayNext(1, Duration.ofMillis(600));
			SimulatorClient impatientClient = new SimulatorClient(TradovateSimulatorTests.this.simulator,
					Duration.ofMillis(200));
			assertThatExceptionOfType(HttpTimeoutException.class)
				.isThrownBy(() -> impatientClient.get("/account/list", null));
			assertThat(impatientClient.login(NAME, PASSWORD).statusCode()).isEqualTo(200);
		}

		@Test
		void delayedRequestIsAnsweredNormally() throws Exception {
			TradovateSimulatorTests.this.simulator.delayNext(1, Duration.ofMillis(50));
			HttpResponse<String> response = TradovateSimulatorTests.this.client.login(NAME, PASSWORD);
			assertThat(SimulatorClient.json(response).has("accessToken")).isTrue();
			assertThat(TradovateSimulatorTests.this.simulator.journal().count(RequestKind.LOGIN)).isOne();
			assertThat(TradovateSimulatorTests.this.simulator.journal().count(RequestKind.FAULT)).isZero();
		}

		@Test
		void delayedRequestIsJournaledInArrivalOrder() throws Exception {
			TradovateSimulator simulator = TradovateSimulatorTests.this.simulator;
			simulator.delayNext(1, Duration.ofMillis(300));
			CompletableFuture<HttpResponse<String>> delayed = TradovateSimulatorTests.this.client.loginAsync(NAME,
					PASSWORD);
			awaitArrivalOfDelayedRequest();
			assertThat(TradovateSimulatorTests.this.client.get("/account/list", null).statusCode()).isEqualTo(401);
			assertThat(simulator.journal().requests()).extracting(RecordedRequest::kind)
				.containsExactly(RequestKind.UNAUTHORIZED);
			assertThat(delayed.join().statusCode()).isEqualTo(200);
			assertThat(simulator.journal().requests()).extracting(RecordedRequest::kind)
				.containsExactly(RequestKind.LOGIN, RequestKind.UNAUTHORIZED);
		}

		@Test
		void requestDelayedAcrossAResetIsDroppedAndNotJournaled() throws Exception {
			TradovateSimulator simulator = TradovateSimulatorTests.this.simulator;
			simulator.delayNext(1, Duration.ofMillis(300));
			CompletableFuture<HttpResponse<String>> delayed = TradovateSimulatorTests.this.client.loginAsync(NAME,
					PASSWORD);
			awaitArrivalOfDelayedRequest();
			simulator.reset();
			assertThat(delayed).failsWithin(Duration.ofSeconds(5))
				.withThrowableOfType(ExecutionException.class)
				.withCauseInstanceOf(IOException.class);
			assertThat(simulator.journal().requests()).isEmpty();
			assertThat(simulator.journal().sessionsOpened()).isZero();
		}

		private void awaitArrivalOfDelayedRequest() {
			long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
			while (TradovateSimulatorTests.this.simulator.hasPendingFaults()) {
				assertThat(System.nanoTime()).as("delayed request arrived").isLessThan(deadline);
				Thread.onSpinWait();
			}
		}

		@Test
		void droppedLoginFailsWithAnIOException() throws Exception {
			TradovateSimulatorTests.this.simulator.dropNext(1);
			SimulatorClient client = TradovateSimulatorTests.this.client;
			assertThatExceptionOfType(IOException.class).isThrownBy(() -> client.login(NAME, PASSWORD));
			assertThat(SimulatorClient.json(client.login(NAME, PASSWORD)).has("accessToken")).isTrue();
			List<RecordedRequest> faults = TradovateSimulatorTests.this.simulator.journal().requests(RequestKind.FAULT);
			assertThat(faults).singleElement()
				.satisfies((fault) -> assertThat(fault.status()).isEqualTo(RecordedRequest.NO_RESPONSE));
			assertThat(TradovateSimulatorTests.this.simulator.journal().logins()).isOne();
		}

		@Test
		void droppedGetFailsWithAnIOExceptionOnceTheClientStopsRetrying() throws Exception {
			// The JDK client sends an idempotent request a second time by itself when the
			// connection closes before any byte of the answer.
			TradovateSimulatorTests.this.simulator.dropNext(2);
			SimulatorClient client = TradovateSimulatorTests.this.client;
			assertThatExceptionOfType(IOException.class).isThrownBy(() -> client.get("/account/list", null));
			assertThat(TradovateSimulatorTests.this.simulator.journal().count(RequestKind.FAULT)).isEqualTo(2);
			assertThat(client.get("/account/list", null).statusCode()).isEqualTo(401);
		}

		@Test
		void droppedGetIsRetriedByTheJdkClient() throws Exception {
			TradovateSimulatorTests.this.simulator.dropNext(1);
			assertThat(TradovateSimulatorTests.this.client.get("/account/list", null).statusCode()).isEqualTo(401);
			assertThat(TradovateSimulatorTests.this.simulator.journal().requests()).extracting(RecordedRequest::kind)
				.containsExactly(RequestKind.FAULT, RequestKind.UNAUTHORIZED);
		}

		@Test
		void faultArgumentsAreValidated() {
			TradovateSimulator simulator = TradovateSimulatorTests.this.simulator;
			assertThatIllegalArgumentException().isThrownBy(() -> simulator.failNext(0, 500));
			assertThatIllegalArgumentException().isThrownBy(() -> simulator.failNext(1, 200));
			assertThatIllegalArgumentException().isThrownBy(() -> simulator.delayNext(1, Duration.ofSeconds(-1)));
			assertThatIllegalArgumentException().isThrownBy(() -> simulator.dropNext(-1));
			assertThatIllegalArgumentException().isThrownBy(() -> simulator.penalizeNextLogin(Duration.ofSeconds(-1)));
		}

	}

	@Nested
	class Journaling {

		@Test
		void recordsEveryRequestWithItsOutcome() throws Exception {
			SimulatorClient client = TradovateSimulatorTests.this.client;
			String token = client.accessToken(NAME, PASSWORD);
			client.get("/account/list", token);
			client.get("/account/list", "bogus");
			TradovateSimulatorTests.this.simulator.advance(Duration.ofSeconds(1));
			client.get("/auth/renewaccesstoken", token);
			List<RecordedRequest> requests = TradovateSimulatorTests.this.simulator.journal().requests();
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
			assertThat(requests).extracting(RecordedRequest::at)
				.containsExactly(START, START, START, START.plusSeconds(1));
		}

		@Test
		void recordsIssuedTokensForLeakChecks() throws Exception {
			SimulatorClient client = TradovateSimulatorTests.this.client;
			JsonNode login = SimulatorClient.json(client.login(NAME, PASSWORD));
			String token = login.get("accessToken").stringValue();
			String renewed = SimulatorClient.json(client.get("/auth/renewaccesstoken", token))
				.get("accessToken")
				.stringValue();
			assertThat(TradovateSimulatorTests.this.simulator.journal().issuedTokens())
				.containsExactlyInAnyOrder(token, login.get("mdAccessToken").stringValue(), renewed);
		}

		@Test
		void toStringMasksTheAuthorizationHeader() throws Exception {
			SimulatorClient client = TradovateSimulatorTests.this.client;
			String token = client.accessToken(NAME, PASSWORD);
			client.get("/auth/me", token);
			RecordedRequest me = TradovateSimulatorTests.this.simulator.journal().requests(RequestKind.ME).get(0);
			assertThat(me.toString()).doesNotContain(token).contains("Bearer ").contains("kind=ME");
			assertThat(TradovateSimulatorTests.this.simulator.journal().toString()).doesNotContain(token);
		}

		@Test
		void resetForgetsEverythingButUsers() throws Exception {
			TradovateSimulator simulator = TradovateSimulatorTests.this.simulator;
			SimulatorClient client = TradovateSimulatorTests.this.client;
			String token = client.accessToken(NAME, PASSWORD);
			simulator.failNext(1, 500);
			simulator.penalizeNextLogin(Duration.ofMinutes(1));
			simulator.reset();
			Journal journal = simulator.journal();
			assertThat(journal.requests()).isEmpty();
			assertThat(journal.issuedTokens()).isEmpty();
			assertThat(journal.logins()).isZero();
			assertThat(journal.sessionsOpened()).isZero();
			assertThat(client.get("/account/list", token).statusCode()).isEqualTo(401);
			assertThat(client.accessToken(NAME, PASSWORD)).isNotBlank();
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
			SimulatorClient client = TradovateSimulatorTests.this.client;
			List<CompletableFuture<HttpResponse<String>>> logins = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				logins.add(client.loginAsync(NAME, PASSWORD));
			}
			int valid = 0;
			for (CompletableFuture<HttpResponse<String>> login : logins) {
				String token = SimulatorClient.json(login.join()).get("accessToken").stringValue();
				if (client.get("/account/list", token).statusCode() == 200) {
					valid++;
				}
			}
			assertThat(valid).isEqualTo(2);
			assertThat(TradovateSimulatorTests.this.simulator.journal().sessionsClosed()).isEqualTo(18);
		}

	}

	@Nested
	class Lifecycle {

		@Test
		void baseUrlNamesTheLoopbackAddressAndPort() {
			TradovateSimulator simulator = TradovateSimulatorTests.this.simulator;
			assertThat(simulator.port()).isPositive();
			assertThat(simulator.baseUrl()).hasToString("http://127.0.0.1:" + simulator.port() + "/v1");
			assertThat(simulator.toString()).contains(simulator.baseUrl().toString());
		}

		@Test
		void springPropertiesPointAtTheFirstUser() {
			TradovateSimulator simulator = TradovateSimulatorTests.this.simulator;
			assertThat(simulator.springProperties()).containsExactly("tradovate.base-url=" + simulator.baseUrl(),
					"tradovate.websocket.url=" + simulator.webSockets().tradingUrl(),
					"tradovate.websocket.market-data-url=" + simulator.webSockets().marketDataUrl(),
					"tradovate.name=" + NAME, "tradovate.password=" + PASSWORD);
			assertThat(simulator.springPropertyMap())
				.containsEntry("tradovate.base-url", simulator.baseUrl().toString())
				.containsEntry("tradovate.name", NAME)
				.containsEntry("tradovate.password", PASSWORD)
				.hasSize(5);
		}

		@Test
		void springPropertiesIncludeAppIdAndSecWhenTheFirstUserHasThem() {
			try (TradovateSimulator simulator = TradovateSimulator.builder()
				.user("app-user", "app-password", "my-app", "my-secret")
				.start()) {
				assertThat(simulator.springPropertyMap()).containsEntry("tradovate.app-id", "my-app")
					.containsEntry("tradovate.sec", "my-secret");
			}
		}

		@Test
		void unstartedSimulatorHasNoAddress() {
			TradovateSimulator simulator = TradovateSimulator.builder().build();
			assertThatIllegalStateException().isThrownBy(simulator::baseUrl);
			assertThatIllegalStateException().isThrownBy(simulator::port);
			assertThat(simulator.toString()).contains("not started");
			simulator.close();
		}

		@Test
		void answersClientsThatOfferAnUpgradeToHttp2() throws Exception {
			// The JDK client's default version asks plain HTTP servers for an h2c upgrade.
			HttpClient httpClient = HttpClient.newHttpClient();
			HttpRequest request = HttpRequest
				.newBuilder(URI.create(TradovateSimulatorTests.this.simulator.baseUrl() + "/auth/accesstokenrequest"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"trader\",\"password\":\"s3cret-password\"}"))
				.build();
			HttpResponse<String> response = httpClient.send(request, HttpResponse.BodyHandlers.ofString());
			assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
			assertThat(SimulatorClient.json(response).has("accessToken")).isTrue();
		}

		@Test
		void simulatorStartsOnlyOnce() {
			assertThatIllegalStateException().isThrownBy(TradovateSimulatorTests.this.simulator::start);
		}

		@Test
		void closeStopsServingAndIsIdempotent() throws Exception {
			TradovateSimulator simulator = TradovateSimulator.builder().user(NAME, PASSWORD).start();
			SimulatorClient client = new SimulatorClient(simulator);
			assertThat(client.login(NAME, PASSWORD).statusCode()).isEqualTo(200);
			simulator.close();
			simulator.close();
			assertThatExceptionOfType(ConnectException.class)
				.isThrownBy(() -> new SimulatorClient(simulator).login(NAME, PASSWORD));
			assertThat(simulator.toString()).contains("closed");
		}

		@Test
		void advanceRequiresAMutableClock() {
			try (TradovateSimulator simulator = TradovateSimulator.builder()
				.clock(Clock.fixed(START, ZoneOffset.UTC))
				.build()) {
				assertThatIllegalStateException().isThrownBy(() -> simulator.advance(Duration.ofSeconds(1)));
			}
		}

		@Test
		void defaultClockIsAMutableClockAtTheCurrentInstant() {
			Instant before = Instant.now();
			try (TradovateSimulator simulator = TradovateSimulator.builder().build()) {
				assertThat(simulator.clock()).isInstanceOf(MutableClock.class);
				assertThat(simulator.clock().instant()).isBetween(before, Instant.now());
				simulator.advance(Duration.ofHours(1));
				assertThat(simulator.clock().instant()).isAfter(before.plus(Duration.ofMinutes(59)));
			}
		}

		@Test
		void builderRejectsInvalidSettings() {
			TradovateSimulator.Builder builder = TradovateSimulator.builder().user(NAME, PASSWORD);
			assertThatIllegalArgumentException().isThrownBy(() -> builder.user(NAME, "other"));
			assertThatIllegalArgumentException().isThrownBy(() -> builder.user(" ", "password"));
			assertThatIllegalArgumentException().isThrownBy(() -> builder.user("someone", ""));
			assertThatIllegalArgumentException().isThrownBy(() -> builder.port(70000));
			assertThatIllegalArgumentException().isThrownBy(() -> builder.sessionLimit(0));
			assertThatIllegalArgumentException().isThrownBy(() -> builder.tokenLifetime(Duration.ZERO));
		}

	}

}
