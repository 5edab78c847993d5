package io.github.futuresauth.tradovate.simulator;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for the hourly endpoint limits of {@link TradovateSimulator}, which are counted
 * per caller address.
 */
class TradovateSimulatorLimitsTests extends AbstractTradovateSimulatorTests {

	private static final String LOGIN_PATH = "/auth/accesstokenrequest";

	@Test
	void fiveFailedLoginsInAnHourEarnATimePenalty() throws Exception {
		failLogins(this.client, 5);
		JsonNode penalty = assertPenalized(this.client.login(NAME, PASSWORD), 15);
		assertThat(this.simulator.journal().requests().get(5).kind()).isEqualTo(RequestKind.LOGIN_RATE_LIMITED);
		// Without the ticket, or too early with it: penalized again.
		penalty = assertPenalized(this.client.login(NAME, PASSWORD), 15);
		this.simulator.advance(Duration.ofSeconds(14));
		penalty = assertPenalized(this.client.post(LOGIN_PATH, withTicket(penalty, PASSWORD)), 15);
		this.simulator.advance(Duration.ofSeconds(15));
		assertThat(SimulatorClient.json(this.client.post(LOGIN_PATH, withTicket(penalty, PASSWORD))).has("accessToken"))
			.isTrue();
		assertThat(this.simulator.journal().count(RequestKind.LOGIN_RATE_LIMITED)).isEqualTo(3);
	}

	@Test
	void everyFurtherViolationDoublesThePenalty() throws Exception {
		failLogins(this.client, 5);
		JsonNode penalty = assertPenalized(this.client.login(NAME, PASSWORD), 15);
		this.simulator.advance(Duration.ofSeconds(15));
		// The ticket lets one more login through; a wrong password is still refused.
		assertRejected(this.client.post(LOGIN_PATH, withTicket(penalty, "wrong")));
		penalty = assertPenalized(this.client.login(NAME, PASSWORD), 30);
		this.simulator.advance(Duration.ofSeconds(30));
		assertRejected(this.client.post(LOGIN_PATH, withTicket(penalty, "wrong")));
		assertPenalized(this.client.login(NAME, PASSWORD), 60);
	}

	@Test
	void successfulLoginsDoNotCount() throws Exception {
		for (int i = 0; i < 20; i++) {
			assertThat(this.client.accessToken(NAME, PASSWORD)).isNotBlank();
		}
		failLogins(this.client, 4);
		assertThat(this.client.accessToken(NAME, PASSWORD)).isNotBlank();
	}

	@Test
	void failedLoginsAreCountedInARollingHour() throws Exception {
		failLogins(this.client, 3);
		this.simulator.advance(Duration.ofMinutes(30));
		failLogins(this.client, 2);
		// An hour after the first three, only the two later ones count.
		this.simulator.advance(Duration.ofMinutes(30));
		failLogins(this.client, 3);
		assertPenalized(this.client.login(NAME, PASSWORD), 15);
	}

	@Test
	void limitsAreCountedPerCallerAddress() throws Exception {
		SimulatorClient office = this.client.from("192.0.2.10");
		SimulatorClient home = this.client.from("198.51.100.20");
		failLogins(office, 5);
		assertPenalized(office.login(NAME, PASSWORD), 15);
		assertThat(home.accessToken(NAME, PASSWORD)).isNotBlank();
		assertThat(this.simulator.journal().requests()).extracting(RecordedRequest::callerAddress)
			.containsExactly("192.0.2.10", "192.0.2.10", "192.0.2.10", "192.0.2.10", "192.0.2.10", "192.0.2.10",
					"198.51.100.20");
	}

	@Test
	void callerAddressIsTheFirstForwardedForEntryOrTheRemoteAddress() throws Exception {
		this.client.from("203.0.113.9, 10.0.0.1").login(NAME, PASSWORD);
		this.client.login(NAME, PASSWORD);
		assertThat(this.simulator.journal().requests()).extracting(RecordedRequest::callerAddress)
			.containsExactly("203.0.113.9", "127.0.0.1");
	}

	@Test
	void aTicketClearsOnlyThePenaltyOfTheAddressThatReceivedIt() throws Exception {
		SimulatorClient office = this.client.from("192.0.2.10");
		SimulatorClient home = this.client.from("198.51.100.20");
		this.simulator.penalizeNextLogin(Duration.ofSeconds(5));
		this.simulator.penalizeNextLogin(Duration.ofSeconds(5));
		JsonNode officeTicket = assertPenalized(office.login(NAME, PASSWORD), 5);
		assertPenalized(home.login(NAME, PASSWORD), 5);
		this.simulator.advance(Duration.ofSeconds(5));
		assertPenalized(home.post(LOGIN_PATH, withTicket(officeTicket, PASSWORD)), 5);
		assertThat(SimulatorClient.json(office.post(LOGIN_PATH, withTicket(officeTicket, PASSWORD))).has("accessToken"))
			.isTrue();
	}

	@Test
	void aPenaltyOfOneAddressLeavesOthersAlone() throws Exception {
		this.simulator.penalizeNextLogin(Duration.ofMinutes(5));
		assertPenalized(this.client.from("192.0.2.10").login(NAME, PASSWORD), 300);
		assertThat(this.client.from("198.51.100.20").accessToken(NAME, PASSWORD)).isNotBlank();
	}

	@Test
	void renewalLimitCountsEveryCall() throws Exception {
		String token = this.client.accessToken(NAME, PASSWORD);
		assertThat(this.client.get("/auth/renewaccesstoken", "unknown").statusCode()).isEqualTo(401);
		for (int i = 0; i < 14; i++) {
			HttpResponse<String> renewal = this.client.get("/auth/renewaccesstoken", token);
			assertThat(renewal.statusCode()).isEqualTo(200);
			token = SimulatorClient.json(renewal).get("accessToken").stringValue();
		}
		HttpResponse<String> limited = this.client.get("/auth/renewaccesstoken", token);
		assertTooManyRequests(limited, 15);
		assertTooManyRequests(this.client.get("/auth/renewaccesstoken", token), 30);
		assertThat(this.simulator.journal().count(RequestKind.RATE_LIMITED)).isEqualTo(2);
		assertThat(this.simulator.journal().renewals()).isEqualTo(14);
		// Other endpoints are not affected.
		assertThat(this.client.get("/auth/me", token).statusCode()).isEqualTo(200);
		this.simulator.advance(Duration.ofHours(1));
		assertThat(this.client.get("/auth/renewaccesstoken", token).statusCode()).isEqualTo(200);
	}

	@Test
	void meLimitCountsFailedCallsOnlyAndThenRefusesEveryCall() throws Exception {
		String token = this.client.accessToken(NAME, PASSWORD);
		for (int i = 0; i < 20; i++) {
			assertThat(this.client.get("/auth/me", token).statusCode()).isEqualTo(200);
		}
		for (int i = 0; i < 10; i++) {
			assertThat(this.client.get("/auth/me", "unknown").statusCode()).isEqualTo(401);
		}
		assertTooManyRequests(this.client.get("/auth/me", token), 30);
		assertTooManyRequests(this.client.get("/auth/me", token), 60);
		assertThat(this.client.get("/account/list", token).statusCode()).isEqualTo(200);
		assertThat(this.client.from("198.51.100.20").get("/auth/me", token).statusCode()).isEqualTo(200);
	}

	@Test
	void limitsCanBeSwitchedOff() throws Exception {
		try (TradovateSimulator unlimited = TradovateSimulator.builder()
			.clock(this.clock)
			.user(NAME, PASSWORD)
			.rateLimits(false)
			.start()) {
			SimulatorClient client = new SimulatorClient(unlimited);
			failLogins(client, 10);
			String token = client.accessToken(NAME, PASSWORD);
			for (int i = 0; i < 20; i++) {
				assertThat(client.get("/auth/renewaccesstoken", token).statusCode()).isEqualTo(200);
				assertThat(client.get("/auth/me", "unknown").statusCode()).isEqualTo(401);
			}
			assertThat(unlimited.journal().count(RequestKind.RATE_LIMITED)).isZero();
		}
	}

	@Test
	void limitsAreAdjustable() throws Exception {
		try (TradovateSimulator strict = TradovateSimulator.builder()
			.clock(this.clock)
			.user(NAME, PASSWORD)
			.loginLimit(1)
			.renewalLimit(1)
			.meLimit(1)
			.start()) {
			SimulatorClient client = new SimulatorClient(strict);
			failLogins(client, 1);
			assertPenalized(client.login(NAME, PASSWORD), 15);
			String token = client.from("198.51.100.20").accessToken(NAME, PASSWORD);
			assertThat(client.get("/auth/renewaccesstoken", token).statusCode()).isEqualTo(200);
			assertTooManyRequests(client.get("/auth/renewaccesstoken", token), 15);
			assertThat(client.get("/auth/me", "unknown").statusCode()).isEqualTo(401);
			assertTooManyRequests(client.get("/auth/me", token), 30);
		}
	}

	@Test
	void limitsMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> TradovateSimulator.builder().loginLimit(0))
			.withMessageContaining("'failedLoginsPerHour' must be positive, but was 0")
			.withMessageContaining("rateLimits(false)");
		assertThatIllegalArgumentException().isThrownBy(() -> TradovateSimulator.builder().renewalLimit(-1))
			.withMessageContaining("'renewalsPerHour' must be positive");
		assertThatIllegalArgumentException().isThrownBy(() -> TradovateSimulator.builder().meLimit(0))
			.withMessageContaining("'failedCallsPerHour' must be positive");
	}

	@Test
	void resetForgetsCountedCalls() throws Exception {
		failLogins(this.client, 5);
		this.simulator.reset();
		assertThat(this.client.accessToken(NAME, PASSWORD)).isNotBlank();
	}

	@Test
	void journalCountsLoginRequestsFailedLoginsAndTheBusiestHour() throws Exception {
		failLogins(this.client, 2);
		this.simulator.advance(Duration.ofMinutes(50));
		failLogins(this.client, 3);
		this.simulator.advance(Duration.ofMinutes(20));
		this.client.accessToken(NAME, PASSWORD);
		this.simulator.failNext(1, 503);
		this.client.login(NAME, PASSWORD);
		this.client.get("/auth/accesstokenrequest", null);
		Journal journal = this.simulator.journal();
		assertThat(journal.loginRequests()).isEqualTo(7);
		assertThat(journal.failedLogins()).isEqualTo(5);
		assertThat(journal.maxInAnyHour(RequestKind.LOGIN_REJECTED)).isEqualTo(5);
		assertThat(journal.maxInAnyHour(RequestKind.LOGIN_REJECTED, RequestKind.LOGIN)).isEqualTo(5);
		assertThat(journal.maxInAnyHour(RequestKind.LOGIN, RequestKind.FAULT)).isEqualTo(2);
		assertThat(journal.maxInAnyHour(RequestKind.NOT_FOUND)).isOne();
		assertThat(journal.maxInAnyHour()).isZero();
		// Exactly an hour apart is no longer within one hour.
		this.simulator.advance(Duration.ofMinutes(40));
		this.client.login(NAME, "wrong");
		assertThat(
				this.simulator.journal().maxInAnyHour(RequestKind.LOGIN_REJECTED, RequestKind.LOGIN, RequestKind.FAULT))
			.isEqualTo(5);
	}

	private static void failLogins(SimulatorClient client, int count) throws Exception {
		for (int i = 0; i < count; i++) {
			assertRejected(client.login(NAME, "wrong"));
		}
	}

	private static void assertRejected(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(SimulatorClient.json(response).get("errorText").stringValue()).isNotBlank();
	}

	private static JsonNode assertPenalized(HttpResponse<String> response, long seconds) {
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode json = SimulatorClient.json(response);
		assertThat(json.get("p-ticket").stringValue()).isNotBlank();
		assertThat(json.get("p-time").longValue()).isEqualTo(seconds);
		assertThat(json.get("p-captcha").booleanValue()).isFalse();
		assertThat(json.has("accessToken")).isFalse();
		return json;
	}

	private static void assertTooManyRequests(HttpResponse<String> response, long retryAfterSeconds) {
		assertThat(response.statusCode()).isEqualTo(429);
		assertThat(response.body()).isEmpty();
		assertThat(response.headers().firstValue("Retry-After")).hasValue(Long.toString(retryAfterSeconds));
	}

	private static Map<String, Object> withTicket(JsonNode penalty, String password) {
		Map<String, Object> body = SimulatorClient.loginBody(NAME, password);
		body.put("p-ticket", penalty.get("p-ticket").stringValue());
		return body;
	}

}
