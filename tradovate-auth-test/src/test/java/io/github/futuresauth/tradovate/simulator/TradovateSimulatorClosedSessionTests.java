package io.github.futuresauth.tradovate.simulator;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Tests for how {@link TradovateSimulator} answers tokens of closed sessions, and tokens
 * that are valid but not entitled.
 */
class TradovateSimulatorClosedSessionTests extends AbstractTradovateSimulatorTests {

	@Test
	void closedSessionsTokenIsRefusedWith401ByDefault() throws Exception {
		String token = this.client.accessToken(NAME, PASSWORD);
		this.simulator.closeAllSessions(NAME);
		assertThat(this.client.get("/account/list", token).statusCode()).isEqualTo(401);
		assertThat(this.client.get("/auth/renewaccesstoken", token).statusCode()).isEqualTo(401);
		assertThat(this.simulator.journal().requests()).extracting(RecordedRequest::kind)
			.containsExactly(RequestKind.LOGIN, RequestKind.UNAUTHORIZED, RequestKind.RENEWAL_REJECTED);
	}

	@Test
	void closedSessionsTokenGetsTheClosedSessionStatusOnEveryBearerEndpoint() throws Exception {
		this.simulator.closedSessionStatus(500);
		String token = this.client.accessToken(NAME, PASSWORD);
		this.simulator.closeAllSessions(NAME);
		for (String path : new String[] { "/account/list", "/user/list", "/auth/me", "/auth/renewaccesstoken",
				"/marketDataSubscription/list" }) {
			HttpResponse<String> response = this.client.get(path, token);
			assertThat(response.statusCode()).as(path).isEqualTo(500);
		}
		assertThat(this.simulator.journal().count(RequestKind.SESSION_CLOSED)).isEqualTo(5);
	}

	@Test
	void sessionClosedByAThirdLoginOrElsewhereGetsTheClosedSessionStatus() throws Exception {
		this.simulator.closedSessionStatus(408);
		String oldest = this.client.accessToken(NAME, PASSWORD);
		String second = this.client.accessToken(NAME, PASSWORD);
		this.client.accessToken(NAME, PASSWORD);
		assertThat(this.client.get("/account/list", oldest).statusCode()).isEqualTo(408);
		this.simulator.openSessionElsewhere(NAME);
		assertThat(this.client.get("/auth/me", second).statusCode()).isEqualTo(408);
	}

	@Test
	void closedSessionStatus429HasAnEmptyBodyAndRetryAfter() throws Exception {
		this.simulator.closedSessionStatus(429);
		String token = this.client.accessToken(NAME, PASSWORD);
		this.simulator.closeAllSessions(NAME);
		HttpResponse<String> response = this.client.get("/account/list", token);
		assertThat(response.statusCode()).isEqualTo(429);
		assertThat(response.body()).isEmpty();
		assertThat(response.headers().firstValue("Retry-After")).hasValue("60");
	}

	@Test
	void unknownAndExpiredTokensAreStillRefusedWith401() throws Exception {
		this.simulator.closedSessionStatus(500);
		String token = this.client.accessToken(NAME, PASSWORD);
		assertThat(this.client.get("/account/list", "unknown").statusCode()).isEqualTo(401);
		this.simulator.advance(Duration.ofMinutes(90));
		assertThat(this.client.get("/account/list", token).statusCode()).isEqualTo(401);
		this.simulator.closeAllSessions(NAME);
		assertThat(this.client.get("/auth/renewaccesstoken", token).statusCode()).isEqualTo(401);
		assertThat(this.simulator.journal().count(RequestKind.SESSION_CLOSED)).isZero();
	}

	@Test
	void closedSessionStatusMayBeAny5xx() throws Exception {
		this.simulator.closedSessionStatus(503);
		String token = this.client.accessToken(NAME, PASSWORD);
		this.simulator.closeAllSessions(NAME);
		assertThat(this.client.get("/auth/me", token).statusCode()).isEqualTo(503);
	}

	@Test
	void closedSessionStatusMustBeOneThatTradovateAnswersWith() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.simulator.closedSessionStatus(404))
			.withMessageContaining("'status' must be 401, 408, 429, or 500 to 599")
			.withMessageContaining("404");
		assertThatIllegalArgumentException().isThrownBy(() -> this.simulator.closedSessionStatus(600));
	}

	@Test
	void requestsWithoutATokenAre401OnEveryEndpointWhileAClosedSessionsTokenGets500() throws Exception {
		this.simulator.closedSessionStatus(500);
		String token = this.client.accessToken(NAME, PASSWORD);
		this.simulator.closeAllSessions(NAME);
		for (String path : new String[] { "/account/list", "/user/list", "/auth/me", "/auth/renewaccesstoken",
				"/marketDataSubscription/list" }) {
			assertThat(this.client.get(path, token).statusCode()).as(path).isEqualTo(500);
			HttpResponse<String> tokenless = this.client.get(path, null);
			assertThat(tokenless.statusCode()).as(path).isEqualTo(401);
			assertThat(tokenless.body()).as(path).isEmpty();
		}
		assertThat(this.simulator.journal().requests())
			.filteredOn((request) -> "GET".equals(request.method()) && request.authorization() == null)
			.extracting(RecordedRequest::kind)
			.containsExactly(RequestKind.UNAUTHORIZED, RequestKind.UNAUTHORIZED, RequestKind.UNAUTHORIZED,
					RequestKind.RENEWAL_REJECTED, RequestKind.UNAUTHORIZED);
	}

	@Test
	void requestsWithoutATokenToOrdinaryEndpointsDoNotCountTowardsTheAuthLimits() throws Exception {
		for (int i = 0; i < 40; i++) {
			assertThat(this.client.get("/account/list", null).statusCode()).isEqualTo(401);
			assertThat(this.client.get("/user/list", null).statusCode()).isEqualTo(401);
		}
		String token = this.client.accessToken(NAME, PASSWORD);
		assertThat(this.client.get("/auth/me", token).statusCode()).isEqualTo(200);
		assertThat(this.client.get("/auth/renewaccesstoken", token).statusCode()).isEqualTo(200);
		assertThat(this.client.get("/auth/me", null).statusCode()).isEqualTo(401);
		assertThat(this.simulator.journal().count(RequestKind.RATE_LIMITED)).isZero();
		assertThat(this.simulator.journal().count(RequestKind.UNAUTHORIZED)).isEqualTo(81);
	}

	@Test
	void resetRestores401() throws Exception {
		this.simulator.closedSessionStatus(500);
		this.simulator.reset();
		String token = this.client.accessToken(NAME, PASSWORD);
		this.simulator.closeAllSessions(NAME);
		assertThat(this.client.get("/account/list", token).statusCode()).isEqualTo(401);
	}

	@Test
	void notEntitledEndpointRefusesAValidTokenWith401() throws Exception {
		String token = this.client.accessToken(NAME, PASSWORD);
		HttpResponse<String> response = this.client.get("/marketDataSubscription/list", token);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(this.client.get("/marketDataSubscription/list", "unknown").statusCode()).isEqualTo(401);
		assertThat(this.simulator.journal().requests()).extracting(RecordedRequest::kind, RecordedRequest::path)
			.containsExactly(tuple(RequestKind.LOGIN, "/v1/auth/accesstokenrequest"),
					tuple(RequestKind.NOT_ENTITLED, TradovateSimulator.NOT_ENTITLED_PATH),
					tuple(RequestKind.UNAUTHORIZED, TradovateSimulator.NOT_ENTITLED_PATH));
		// The token itself is still good.
		assertThat(this.client.get("/auth/me", token).statusCode()).isEqualTo(200);
	}

}
