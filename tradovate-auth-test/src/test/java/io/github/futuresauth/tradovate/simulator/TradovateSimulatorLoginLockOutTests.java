package io.github.futuresauth.tradovate.simulator;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for the 423 that {@link TradovateSimulator} answers logins with during a
 * reCAPTCHA lock-out.
 */
class TradovateSimulatorLoginLockOutTests extends AbstractTradovateSimulatorTests {

	@Test
	void refusesTheNextLoginsWith423AndAnEmptyBody() throws Exception {
		this.simulator.lockOutNextLogins(2);
		for (int i = 0; i < 2; i++) {
			HttpResponse<String> response = this.client.login(NAME, PASSWORD);
			assertThat(response.statusCode()).isEqualTo(423);
			assertThat(response.body()).isEmpty();
		}
		assertThat(this.client.login(NAME, PASSWORD).statusCode()).isEqualTo(200);
		assertThat(this.simulator.journal().requests()).extracting(RecordedRequest::kind)
			.containsExactly(RequestKind.LOGIN_LOCKED_OUT, RequestKind.LOGIN_LOCKED_OUT, RequestKind.LOGIN);
		assertThat(this.simulator.journal().loginRequests()).isEqualTo(3);
		assertThat(this.simulator.journal().logins()).isOne();
		assertThat(this.simulator.journal().sessionsOpened()).isOne();
	}

	@Test
	void refusesEveryLoginForThePeriodWithoutCountingThemAsFailed() throws Exception {
		String token = this.client.accessToken(NAME, PASSWORD);
		this.simulator.lockOutLogins(Duration.ofHours(1));
		for (int i = 0; i < 6; i++) {
			assertThat(this.client.login(NAME, (i % 2 == 0) ? PASSWORD : "wrong").statusCode()).isEqualTo(423);
			assertThat(this.client.from("10.0.0." + i).login("app-user", "app-password").statusCode()).isEqualTo(423);
		}
		// Only logins are locked out.
		assertThat(this.client.get("/auth/me", token).statusCode()).isEqualTo(200);
		assertThat(this.client.get("/auth/renewaccesstoken", token).statusCode()).isEqualTo(200);
		this.simulator.advance(Duration.ofMinutes(59));
		assertThat(this.client.login(NAME, PASSWORD).statusCode()).isEqualTo(423);
		this.simulator.advance(Duration.ofMinutes(1));
		assertThat(SimulatorClient.json(this.client.login(NAME, PASSWORD)).has("accessToken")).isTrue();
		assertThat(this.simulator.journal().count(RequestKind.LOGIN_LOCKED_OUT)).isEqualTo(13);
		assertThat(this.simulator.journal().failedLogins()).isZero();
		assertThat(this.simulator.journal().logins()).isEqualTo(2);
	}

	@Test
	void zeroPeriodAndResetEndTheLockOut() throws Exception {
		this.simulator.lockOutLogins(Duration.ofHours(1));
		this.simulator.lockOutLogins(Duration.ZERO);
		assertThat(this.client.login(NAME, PASSWORD).statusCode()).isEqualTo(200);
		this.simulator.lockOutLogins(Duration.ofHours(1));
		this.simulator.lockOutNextLogins(3);
		this.simulator.reset();
		assertThat(this.client.login(NAME, PASSWORD).statusCode()).isEqualTo(200);
	}

	@Test
	void refusesBadArguments() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.simulator.lockOutNextLogins(0))
			.withMessage("'count' must be positive, but was 0");
		assertThatIllegalArgumentException().isThrownBy(() -> this.simulator.lockOutLogins(Duration.ofSeconds(-1)))
			.withMessage("'period' must not be negative");
	}

}
