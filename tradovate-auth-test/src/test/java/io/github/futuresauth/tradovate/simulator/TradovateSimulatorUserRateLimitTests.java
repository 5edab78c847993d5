package io.github.futuresauth.tradovate.simulator;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for the user-level 429 of {@link TradovateSimulator}: a period in which every
 * request of a user is refused.
 */
class TradovateSimulatorUserRateLimitTests extends AbstractTradovateSimulatorTests {

	private static final String[] PATHS = { "/account/list", "/user/list", "/auth/me", "/auth/renewaccesstoken",
			"/marketDataSubscription/list", "/no/such/endpoint" };

	@Override
	TradovateSimulatorBuilder configure(TradovateSimulatorBuilder builder) {
		return builder.user("other", "other-password");
	}

	@Test
	void refusesEveryRequestOfTheUserWith429AndAnEmptyBodyForThePeriod() throws Exception {
		String token = this.client.accessToken(NAME, PASSWORD);
		this.simulator.rateLimitUser(NAME, Duration.ofSeconds(30));
		for (String path : PATHS) {
			HttpResponse<String> response = this.client.get(path, token);
			assertThat(response.statusCode()).as(path).isEqualTo(429);
			assertThat(response.body()).as(path).isEmpty();
			assertThat(response.headers().firstValue("Retry-After")).as(path).isEmpty();
		}
		HttpResponse<String> login = this.client.login(NAME, PASSWORD);
		assertThat(login.statusCode()).isEqualTo(429);
		assertThat(login.body()).isEmpty();
		assertThat(this.simulator.journal().count(RequestKind.USER_RATE_LIMITED)).isEqualTo(PATHS.length + 1);
		assertThat(this.simulator.journal().logins()).isOne();
		assertThat(this.simulator.openSessions()).containsEntry(NAME, 1);
		this.simulator.advance(Duration.ofSeconds(29));
		assertThat(this.client.get("/account/list", token).statusCode()).isEqualTo(429);
		this.simulator.advance(Duration.ofSeconds(1));
		assertThat(this.client.get("/account/list", token).statusCode()).isEqualTo(200);
		assertThat(this.client.login(NAME, PASSWORD).statusCode()).isEqualTo(200);
	}

	@Test
	void carriesTheGivenRetryAfter() throws Exception {
		String token = this.client.accessToken(NAME, PASSWORD);
		this.simulator.rateLimitUser(NAME, Duration.ofMinutes(10), Duration.ofMillis(90_500));
		assertThat(this.client.get("/auth/me", token).headers().firstValue("Retry-After")).hasValue("91");
		assertThat(this.client.login(NAME, PASSWORD).headers().firstValue("Retry-After")).hasValue("91");
	}

	@Test
	void leavesRequestsWithoutATokenAndOtherUsersAlone() throws Exception {
		String other = this.client.accessToken("other", "other-password");
		this.simulator.rateLimitUser(NAME, Duration.ofHours(1));
		assertThat(this.client.get("/account/list", null).statusCode()).isEqualTo(401);
		assertThat(this.client.get("/auth/me", "unknown").statusCode()).isEqualTo(401);
		assertThat(this.client.get("/account/list", other).statusCode()).isEqualTo(200);
		assertThat(this.simulator.journal().count(RequestKind.USER_RATE_LIMITED)).isZero();
	}

	@Test
	void refusesExpiredTokensAndTokensOfClosedSessionsOfTheUserToo() throws Exception {
		this.simulator.closedSessionStatus(500);
		String closed = this.client.accessToken(NAME, PASSWORD);
		this.simulator.closeAllSessions(NAME);
		String expired = this.client.accessToken(NAME, PASSWORD);
		this.simulator.advance(Duration.ofMinutes(90));
		this.simulator.rateLimitUser(NAME, Duration.ofMinutes(1));
		assertThat(this.client.get("/auth/me", closed).statusCode()).isEqualTo(429);
		assertThat(this.client.get("/auth/renewaccesstoken", expired).statusCode()).isEqualTo(429);
	}

	@Test
	void refusalsDoNotCountTowardsTheEndpointLimits() throws Exception {
		String token = this.client.accessToken(NAME, PASSWORD);
		this.simulator.rateLimitUser(NAME, Duration.ofMinutes(1));
		for (int i = 0; i < 20; i++) {
			this.client.get("/auth/me", token);
			this.client.get("/auth/renewaccesstoken", token);
			this.client.login(NAME, "wrong");
		}
		this.simulator.advance(Duration.ofMinutes(1));
		assertThat(this.client.get("/auth/me", token).statusCode()).isEqualTo(200);
		assertThat(this.client.get("/auth/renewaccesstoken", token).statusCode()).isEqualTo(200);
		assertThat(SimulatorClient.json(this.client.login(NAME, PASSWORD)).has("accessToken")).isTrue();
		assertThat(this.simulator.journal().count(RequestKind.USER_RATE_LIMITED)).isEqualTo(60);
		assertThat(this.simulator.journal().failedLogins()).isZero();
		assertThat(this.simulator.journal().count(RequestKind.RATE_LIMITED)).isZero();
	}

	@Test
	void zeroPeriodAndResetLiftTheLimit() throws Exception {
		String token = this.client.accessToken(NAME, PASSWORD);
		this.simulator.rateLimitUser(NAME, Duration.ofHours(1));
		this.simulator.rateLimitUser(NAME, Duration.ZERO);
		assertThat(this.client.get("/account/list", token).statusCode()).isEqualTo(200);
		this.simulator.rateLimitUser(NAME, Duration.ofHours(1));
		this.simulator.reset();
		assertThat(this.client.login(NAME, PASSWORD).statusCode()).isEqualTo(200);
	}

	@Test
	void refusesBadArguments() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.simulator.rateLimitUser("nobody", Duration.ZERO))
			.withMessageContaining("nobody");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.simulator.rateLimitUser(NAME, Duration.ofSeconds(-1)))
			.withMessage("'period' must not be negative");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.simulator.rateLimitUser(NAME, Duration.ofSeconds(1), Duration.ofSeconds(-1)))
			.withMessage("'retryAfter' must not be negative");
	}

}
