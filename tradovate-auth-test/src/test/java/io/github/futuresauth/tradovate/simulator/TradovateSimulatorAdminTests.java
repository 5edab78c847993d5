package io.github.futuresauth.tradovate.simulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Tests for the admin API of {@link TradovateSimulator}, over real HTTP.
 */
class TradovateSimulatorAdminTests extends AbstractTradovateSimulatorTests {

	private static final JsonMapper jsonMapper = JsonMapper.builder().build();

	private final HttpClient httpClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@Override
	TradovateSimulatorBuilder configure(TradovateSimulatorBuilder builder) {
		return builder.adminApi(true);
	}

	@Test
	void listsOpenSessionsPerUserWithoutTokens() throws Exception {
		String token = this.client.accessToken(NAME, PASSWORD);
		this.client.accessToken(NAME, PASSWORD);
		HttpResponse<String> response = get("sessions");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
		JsonNode users = json(response).get("users");
		assertThat(users).hasSize(2);
		assertThat(users.get(0).get("name").stringValue()).isEqualTo("app-user");
		assertThat(users.get(0).get("openSessions").intValue()).isZero();
		assertThat(users.get(1).get("name").stringValue()).isEqualTo(NAME);
		assertThat(users.get(1).get("openSessions").intValue()).isEqualTo(2);
		assertThat(response.body()).doesNotContain(token).doesNotContain(PASSWORD);
	}

	@Test
	void readsTheJournalWithoutTokensAndIsNotJournaledItself() throws Exception {
		String token = this.client.accessToken(NAME, PASSWORD);
		this.client.get("/auth/me", token);
		this.client.login(NAME, "wrong");
		HttpResponse<String> response = get("journal");
		JsonNode journal = json(response);
		assertThat(journal.get("logins").intValue()).isOne();
		assertThat(journal.get("failedLogins").intValue()).isOne();
		assertThat(journal.get("sessionsOpened").intValue()).isOne();
		JsonNode requests = journal.get("requests");
		assertThat(requests).hasSize(3);
		JsonNode me = requests.get(1);
		assertThat(me.get("method").stringValue()).isEqualTo("GET");
		assertThat(me.get("path").stringValue()).isEqualTo("/v1/auth/me");
		assertThat(me.get("kind").stringValue()).isEqualTo("ME");
		assertThat(me.get("status").intValue()).isEqualTo(200);
		assertThat(me.get("validBearer").booleanValue()).isTrue();
		assertThat(me.get("callerAddress").stringValue()).isEqualTo("127.0.0.1");
		assertThat(me.get("arrivedAt").stringValue()).isEqualTo(START.toString());
		for (String issued : this.simulator.journal().issuedTokens()) {
			assertThat(response.body()).doesNotContain(issued);
		}
		assertThat(response.body()).doesNotContain(PASSWORD).doesNotContain("wrong");
		assertThat(this.simulator.journal().requests()).hasSize(3);
	}

	@Test
	void addsFaults() throws Exception {
		assertThat(post("fail?status=429&count=2&retryAfter=5s").statusCode()).isEqualTo(200);
		assertThat(post("drop").statusCode()).isEqualTo(200);
		HttpResponse<String> failed = this.client.get("/auth/me", null);
		assertThat(failed.statusCode()).isEqualTo(429);
		assertThat(failed.headers().firstValue("Retry-After")).hasValue("5");
		assertThat(this.client.get("/auth/me", null).statusCode()).isEqualTo(429);
		assertThatIOException().isThrownBy(() -> this.client.login(NAME, PASSWORD));
		post("fail?status=503");
		assertThat(this.client.login(NAME, PASSWORD).statusCode()).isEqualTo(503);
		assertThat(this.simulator.journal().requests()).extracting(RecordedRequest::status)
			.containsExactly(429, 429, RecordedRequest.NO_RESPONSE, 503);
	}

	@Test
	void addsDelays() throws Exception {
		post("delay?delay=300ms");
		long start = System.nanoTime();
		assertThat(this.client.get("/auth/me", null).statusCode()).isEqualTo(401);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
	}

	@Test
	void addsPenalties() throws Exception {
		post("penalize?wait=20s");
		JsonNode penalty = SimulatorClient.json(this.client.login(NAME, PASSWORD));
		assertThat(penalty.get("p-time").longValue()).isEqualTo(20);
		this.simulator.reset();
		post("captcha");
		assertThat(SimulatorClient.json(this.client.login(NAME, PASSWORD)).get("p-captcha").booleanValue()).isTrue();
	}

	@Test
	void closesAndOpensSessions() throws Exception {
		String token = this.client.accessToken(NAME, PASSWORD);
		post("closed-session-status?status=500");
		JsonNode sessions = json(post("close-sessions?user=" + NAME));
		assertThat(sessions.get("users").get(1).get("openSessions").intValue()).isZero();
		assertThat(this.client.get("/account/list", token).statusCode()).isEqualTo(500);
		post("open-session?user=" + NAME);
		assertThat(this.simulator.openSessions()).containsEntry(NAME, 1);
	}

	@Test
	void closesTheSessionOfTheTokenInTheAuthorizationHeader() throws Exception {
		String kicked = this.client.accessToken(NAME, PASSWORD);
		String other = this.client.accessToken(NAME, PASSWORD);
		HttpResponse<String> response = post("close-session", kicked);
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode answer = json(response);
		assertThat(answer.get("closed").booleanValue()).isTrue();
		assertThat(answer.get("users").get(1).get("openSessions").intValue()).isOne();
		assertThat(response.body()).doesNotContain(kicked).doesNotContain(other);
		assertThat(this.client.get("/account/list", kicked).statusCode()).isEqualTo(401);
		assertThat(this.client.get("/account/list", other).statusCode()).isEqualTo(200);
		assertThat(json(post("close-session", kicked)).get("closed").booleanValue()).isFalse();
	}

	@Test
	void closingASessionNeedsItsToken() throws Exception {
		HttpResponse<String> missing = post("close-session");
		assertThat(missing.statusCode()).isEqualTo(400);
		assertThat(json(missing).get("error").stringValue()).contains("Authorization: Bearer <token>");
		HttpResponse<String> unknown = post("close-session", "not-a-token");
		assertThat(unknown.statusCode()).isEqualTo(400);
		assertThat(json(unknown).get("error").stringValue()).contains("No session has the given token")
			.doesNotContain("not-a-token");
	}

	@Test
	void rateLimitsAUser() throws Exception {
		String token = this.client.accessToken(NAME, PASSWORD);
		assertThat(post("rate-limit-user?user=" + NAME + "&period=30s&retryAfter=45s").statusCode()).isEqualTo(200);
		HttpResponse<String> refused = this.client.get("/auth/me", token);
		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(refused.headers().firstValue("Retry-After")).hasValue("45");
		assertThat(this.client.login(NAME, PASSWORD).statusCode()).isEqualTo(429);
		post("advance?by=30s");
		assertThat(this.client.get("/auth/me", token).statusCode()).isEqualTo(200);
		post("rate-limit-user?user=" + NAME + "&period=1m");
		assertThat(this.client.get("/account/list", token).headers().firstValue("Retry-After")).isEmpty();
		assertThat(json(get("journal")).get("requests").findValuesAsString("kind")).containsExactly("LOGIN",
				"USER_RATE_LIMITED", "USER_RATE_LIMITED", "ME", "USER_RATE_LIMITED");
		HttpResponse<String> unknownUser = post("rate-limit-user?user=nobody&period=1m");
		assertThat(unknownUser.statusCode()).isEqualTo(400);
		assertThat(json(unknownUser).get("error").stringValue()).contains("nobody");
		assertThat(json(post("rate-limit-user?user=" + NAME)).get("error").stringValue()).contains("'period'");
	}

	@Test
	void locksOutLoginsForAPeriodOrTheNextOnes() throws Exception {
		assertThat(post("lock-out-logins?count=1").statusCode()).isEqualTo(200);
		assertThat(this.client.login(NAME, PASSWORD).statusCode()).isEqualTo(423);
		assertThat(this.client.login(NAME, PASSWORD).statusCode()).isEqualTo(200);
		post("lock-out-logins?period=10m");
		assertThat(this.client.login(NAME, PASSWORD).statusCode()).isEqualTo(423);
		post("advance?by=10m");
		assertThat(this.client.login(NAME, PASSWORD).statusCode()).isEqualTo(200);
		assertThat(this.simulator.journal().count(RequestKind.LOGIN_LOCKED_OUT)).isEqualTo(2);
		JsonNode journal = json(get("journal"));
		assertThat(journal.get("loginRequests").intValue()).isEqualTo(4);
		assertThat(journal.get("logins").intValue()).isEqualTo(2);
		for (String both : new String[] { "lock-out-logins", "lock-out-logins?period=1h&count=1" }) {
			HttpResponse<String> response = post(both);
			assertThat(response.statusCode()).isEqualTo(400);
			assertThat(json(response).get("error").stringValue()).contains("either")
				.contains("'period'")
				.contains("'count'");
		}
	}

	@Test
	void movesTheClockAndTheServerClockOffset() throws Exception {
		JsonNode clock = json(post("advance?by=2h"));
		assertThat(this.clock.instant()).isEqualTo(START.plus(Duration.ofHours(2)));
		assertThat(clock.get("clock").stringValue()).isEqualTo(START.plus(Duration.ofHours(2)).toString());
		clock = json(post("server-clock-offset?offset=-PT30M"));
		assertThat(clock.get("serverClockOffset").stringValue()).isEqualTo("PT-30M");
		assertThat(clock.get("serverTime").stringValue()).isEqualTo(START.plus(Duration.ofMinutes(90)).toString());
		assertThat(json(get("clock")).get("advanceable").booleanValue()).isTrue();
	}

	@Test
	void resets() throws Exception {
		this.client.accessToken(NAME, PASSWORD);
		post("reset");
		assertThat(this.simulator.journal().requests()).isEmpty();
		assertThat(this.simulator.openSessions()).containsEntry(NAME, 0);
	}

	@Test
	void explainsWhatIsWrong() throws Exception {
		HttpResponse<String> unknown = get("nothing");
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(json(unknown).get("error").stringValue()).contains("sessions").contains("reset");
		HttpResponse<String> wrongMethod = get("reset");
		assertThat(wrongMethod.statusCode()).isEqualTo(405);
		assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("POST");
		HttpResponse<String> missing = post("close-sessions");
		assertThat(missing.statusCode()).isEqualTo(400);
		assertThat(json(missing).get("error").stringValue()).isEqualTo("The query parameter 'user' is required");
		HttpResponse<String> badStatus = post("fail?status=200");
		assertThat(badStatus.statusCode()).isEqualTo(400);
		assertThat(json(badStatus).get("error").stringValue()).contains("400 to 599");
		HttpResponse<String> badDuration = post("penalize?wait=soon");
		assertThat(json(badDuration).get("error").stringValue()).contains("'wait'").contains("15s");
		HttpResponse<String> unknownUser = post("open-session?user=nobody");
		assertThat(json(unknownUser).get("error").stringValue()).contains("nobody");
	}

	@Test
	void advancingAClockThatCannotMoveIsAConflict() throws Exception {
		try (TradovateSimulator simulator = TradovateSimulator.builder()
			.clock(Clock.systemUTC())
			.user(NAME, PASSWORD)
			.adminApi(true)
			.start()) {
			HttpResponse<String> response = this.httpClient.send(
					HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + simulator.port() + "/admin/advance?by=1h"))
						.POST(HttpRequest.BodyPublishers.noBody())
						.build(),
					BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(409);
			assertThat(json(response).get("error").stringValue()).contains("MutableClock");
		}
	}

	@Test
	void isOffUnlessEnabled() throws Exception {
		try (TradovateSimulator simulator = TradovateSimulator.builder().user(NAME, PASSWORD).start()) {
			HttpResponse<String> response = this.httpClient
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + simulator.port() + "/admin/sessions"))
					.build(), BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(404);
			assertThat(simulator.journal().requests()).extracting(RecordedRequest::kind)
				.containsExactly(RequestKind.NOT_FOUND);
		}
	}

	private HttpResponse<String> get(String action) throws Exception {
		return this.httpClient.send(HttpRequest.newBuilder(adminUri(action)).GET().build(), BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String action) throws Exception {
		return this.httpClient.send(
				HttpRequest.newBuilder(adminUri(action)).POST(HttpRequest.BodyPublishers.noBody()).build(),
				BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String action, String accessToken) throws Exception {
		return this.httpClient.send(HttpRequest.newBuilder(adminUri(action))
			.header("Authorization", "Bearer " + accessToken)
			.POST(HttpRequest.BodyPublishers.noBody())
			.build(), BodyHandlers.ofString());
	}

	private URI adminUri(String action) {
		return URI.create("http://127.0.0.1:" + this.simulator.port() + "/admin/" + action);
	}

	private static JsonNode json(HttpResponse<String> response) {
		return jsonMapper.readTree(response.body());
	}

}
