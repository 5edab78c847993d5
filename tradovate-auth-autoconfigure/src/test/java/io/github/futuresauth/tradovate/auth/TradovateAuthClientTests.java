package io.github.futuresauth.tradovate.auth;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import io.github.futuresauth.tradovate.simulator.RequestKind;
import io.github.futuresauth.tradovate.simulator.TradovateSimulator;
import io.github.futuresauth.tradovate.simulator.TradovateSimulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link TradovateAuthClient}, against the simulator over real HTTP.
 */
@ExtendWith(OutputCaptureExtension.class)
class TradovateAuthClientTests {

	private static final String NAME = TradovateSimulator.DEFAULT_USER_NAME;

	private static final String PASSWORD = TradovateSimulator.DEFAULT_PASSWORD;

	@RegisterExtension
	static final TradovateSimulatorExtension extension = new TradovateSimulatorExtension(
			TradovateSimulator.builder().user(NAME, PASSWORD).user("bot", "bot-password", "my-app", "bot-api-secret"));

	private final TradovateSimulator simulator = extension.simulator();

	private final TradovateAuthClient client = clientFor(this.simulator.baseUrl(), Duration.ofSeconds(2));

	@Test
	void loginReturnsTheTokenAndWhatTheResponseSaysAboutIt() {
		Instant now = this.simulator.clock().instant();
		AccessToken token = this.client.login(TradovateCredentials.of(NAME, PASSWORD));
		assertThat(token.accessToken()).isNotBlank();
		assertThat(token.mdAccessToken()).isNotBlank();
		assertThat(token.expirationTime()).isEqualTo(now.plus(Duration.ofMinutes(90)).truncatedTo(ChronoUnit.MILLIS));
		assertThat(token.name()).isEqualTo(NAME);
		assertThat(token.userId()).isNotNull();
		assertThat(token.userStatus()).isEqualTo("Active");
		assertThat(this.simulator.journal().logins()).isOne();
	}

	@Test
	void loginSendsTheApiKeyFields() {
		AccessToken token = this.client
			.login(new TradovateCredentials("bot", "bot-password", "my-app", "1.0", "device-1", "8", "bot-api-secret"));
		assertThat(token.name()).isEqualTo("bot");
		assertThatExceptionOfType(CredentialsRejectedException.class).isThrownBy(() -> this.client
			.login(new TradovateCredentials("bot", "bot-password", "my-app", "1.0", "device-1", "8", "wrong-secret")));
	}

	@Test
	void refusedLoginBecomesCredentialsRejectedWithoutThePassword() {
		assertThatExceptionOfType(CredentialsRejectedException.class)
			.isThrownBy(() -> this.client.login(TradovateCredentials.of(NAME, "wrong-password")))
			.satisfies((ex) -> {
				assertThat(ex.getErrorText()).isNotBlank();
				assertThat(ex.getMessage()).contains(NAME, ex.getErrorText()).doesNotContain("wrong-password");
				assertThat(ex.isTransient()).isFalse();
			});
		assertThat(this.simulator.journal().count(RequestKind.LOGIN_REJECTED)).isOne();
	}

	@Test
	void timePenaltyBecomesAnExceptionCarryingTheTicketWithoutShowingIt() {
		this.simulator.penalizeNextLogin(Duration.ofSeconds(30));
		TimePenaltyException penalty = (TimePenaltyException) catchThrowable(
				() -> this.client.login(TradovateCredentials.of(NAME, PASSWORD)));
		assertThat(penalty.getWait()).isEqualTo(Duration.ofSeconds(30));
		assertThat(penalty.getTicket()).isNotBlank();
		assertThat(penalty.getMessage()).contains("30s").doesNotContain(penalty.getTicket());
		assertThat(penalty.isTransient()).isTrue();
		this.simulator.advance(Duration.ofSeconds(30));
		AccessToken token = this.client.login(TradovateCredentials.of(NAME, PASSWORD), penalty.getTicket());
		assertThat(token.accessToken()).isNotBlank();
		assertThat(this.simulator.journal().requests()).extracting("kind")
			.containsExactly(RequestKind.LOGIN_PENALIZED, RequestKind.LOGIN);
	}

	@Test
	void captchaPenaltyFailsAtOnce() {
		this.simulator.requireCaptchaOnNextLogin();
		assertThatExceptionOfType(CaptchaRequiredException.class)
			.isThrownBy(() -> this.client.login(TradovateCredentials.of(NAME, PASSWORD)))
			.withMessageContaining("captcha")
			.satisfies((ex) -> assertThat(ex.isTransient()).isFalse());
		assertThat(this.simulator.journal().requests()).hasSize(1);
	}

	@Test
	void retryAfterIsReadFromTheAnswer() {
		this.simulator.failNext(1, 429, Duration.ofSeconds(90));
		assertThatExceptionOfType(TradovateUnavailableException.class)
			.isThrownBy(() -> this.client.login(TradovateCredentials.of(NAME, PASSWORD)))
			.satisfies((ex) -> {
				assertThat(ex.getStatus()).isEqualTo(429);
				assertThat(ex.isTooManyRequests()).isTrue();
				assertThat(ex.getRetryAfter()).isEqualTo(Duration.ofSeconds(90));
			});
	}

	@Test
	void clockOffsetIsMeasuredFromTheDateHeader() {
		ServerClock serverClock = new ServerClock(this.simulator.clock());
		this.client.setServerClock(serverClock);
		this.simulator.setServerClockOffset(Duration.ofHours(2));
		this.client.login(TradovateCredentials.of(NAME, PASSWORD));
		assertThat(serverClock.getOffset()).isBetween(Duration.ofHours(2).minusSeconds(1),
				Duration.ofHours(2).plusSeconds(1));
		this.simulator.setServerClockOffset(Duration.ZERO);
		this.client.login(TradovateCredentials.of(NAME, PASSWORD));
		assertThat(serverClock.getOffset()).isZero();
	}

	@Test
	void connectionRefusedIsDescribedInWords() throws Exception {
		int port;
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		TradovateAuthClient unreachable = TradovateAuthClient.create(
				java.net.URI.create("http://127.0.0.1:" + port + "/v1"), Duration.ofSeconds(1), Duration.ofSeconds(1));
		assertThatExceptionOfType(TradovateUnavailableException.class)
			.isThrownBy(() -> unreachable.login(TradovateCredentials.of(NAME, PASSWORD)))
			.withMessageContaining("the connection was refused by 127.0.0.1:" + port)
			.withMessageNotContaining("Exception");
	}

	@Test
	void readTimeoutIsDescribedInWords() {
		TradovateAuthClient impatient = TradovateAuthClient.create(this.simulator.baseUrl(), Duration.ofSeconds(1),
				Duration.ofMillis(200));
		this.simulator.delayNext(1, Duration.ofSeconds(1));
		assertThatExceptionOfType(TradovateUnavailableException.class)
			.isThrownBy(() -> impatient.login(TradovateCredentials.of(NAME, PASSWORD)))
			.withMessageContaining("within 200 ms (read timeout)");
	}

	@Test
	void renewalExtendsTheSessionAndKeepsTheMarketDataToken() {
		AccessToken token = this.client.login(TradovateCredentials.of(NAME, PASSWORD));
		this.simulator.advance(Duration.ofMinutes(75));
		AccessToken renewed = this.client.renew(token);
		assertThat(renewed.accessToken()).isNotEqualTo(token.accessToken());
		assertThat(renewed.mdAccessToken()).isEqualTo(token.mdAccessToken());
		assertThat(renewed.expirationTime()).isEqualTo(token.expirationTime().plus(Duration.ofMinutes(75)));
		assertThat(renewed.name()).isEqualTo(NAME);
		assertThat(this.simulator.journal().sessionsOpened()).isOne();
		assertThat(this.simulator.journal().renewals()).isOne();
	}

	@Test
	void renewalOfAClosedSessionIsRejected() {
		AccessToken token = this.client.login(TradovateCredentials.of(NAME, PASSWORD));
		this.simulator.closeAllSessions(NAME);
		assertThatExceptionOfType(TokenRejectedException.class).isThrownBy(() -> this.client.renew(token))
			.withMessageContaining("401");
	}

	@Test
	void meDescribesTheUser() {
		AccessToken token = this.client.login(TradovateCredentials.of(NAME, PASSWORD));
		TradovateUser user = this.client.me(token);
		assertThat(user.name()).isEqualTo(NAME);
		assertThat(user.userId()).isEqualTo(token.userId());
	}

	@ParameterizedTest
	@ValueSource(ints = { 500, 502, 503, 504, 429, 408 })
	void serverErrorsAndThrottlingAreTransient(int status) {
		this.simulator.failNext(1, status);
		assertThatExceptionOfType(TradovateUnavailableException.class)
			.isThrownBy(() -> this.client.login(TradovateCredentials.of(NAME, PASSWORD)))
			.withMessageContaining(String.valueOf(status))
			.satisfies((ex) -> assertThat(ex.isTransient()).isTrue());
	}

	@ParameterizedTest
	@ValueSource(ints = { 400, 403, 404, 423 })
	void otherErrorStatusesAreNotTransient(int status) {
		this.simulator.failNext(1, status);
		assertThatExceptionOfType(TradovateAuthException.class)
			.isThrownBy(() -> this.client.login(TradovateCredentials.of(NAME, PASSWORD)))
			.withMessageContaining(String.valueOf(status))
			.satisfies((ex) -> assertThat(ex.isTransient()).isFalse());
	}

	@Test
	void droppedConnectionIsTransient() {
		this.simulator.dropNext(1);
		assertThatExceptionOfType(TradovateUnavailableException.class)
			.isThrownBy(() -> this.client.login(TradovateCredentials.of(NAME, PASSWORD)))
			.withMessageContaining("Could not reach Tradovate");
	}

	@Test
	void readTimeoutIsTransient() {
		TradovateAuthClient impatient = clientFor(this.simulator.baseUrl(), Duration.ofMillis(200));
		this.simulator.delayNext(1, Duration.ofSeconds(2));
		assertThatExceptionOfType(TradovateUnavailableException.class)
			.isThrownBy(() -> impatient.login(TradovateCredentials.of(NAME, PASSWORD)))
			.withMessageContaining("Could not reach Tradovate");
	}

	@Test
	void refusedConnectionIsTransient() throws Exception {
		URI closed;
		try (CannedResponseServer server = CannedResponseServer.answering("{}")) {
			closed = server.baseUrl();
		}
		assertThatExceptionOfType(TradovateUnavailableException.class)
			.isThrownBy(() -> clientFor(closed, Duration.ofSeconds(1)).login(TradovateCredentials.of(NAME, PASSWORD)));
	}

	@Test
	void breachedOrExpiringPasswordIsLoggedAsWarning(CapturedOutput output) throws Exception {
		Instant soon = Instant.now().plus(Duration.ofDays(3));
		try (CannedResponseServer server = CannedResponseServer.answering("""
				{"accessToken":"canned-token","expirationTime":"2099-01-01T00:00:00Z","userStatus":"Active",
				 "name":"trader","userId":1,"hibpHint":"PasswordCompromised","passwordExpirationTime":"%s",
				 "someFieldFromTheFuture":{"nested":[1,2,3]}}""".formatted(soon))) {
			AccessToken token = clientFor(server.baseUrl(), Duration.ofSeconds(2))
				.login(TradovateCredentials.of(NAME, PASSWORD));
			assertThat(token.accessToken()).isEqualTo("canned-token");
		}
		assertThat(output).contains("WARN")
			.contains("data breach (PasswordCompromised)")
			.contains("expires at " + soon);
	}

	@Test
	void passwordExpirationTimeThatCannotBeParsedDoesNotFailTheLogin() throws Exception {
		try (CannedResponseServer server = CannedResponseServer.answering("""
				{"accessToken":"canned-token","expirationTime":"2099-01-01T00:00:00Z","userStatus":"Active",
				 "name":"trader","userId":1,"passwordExpirationTime":"next spring"}""")) {
			AccessToken token = clientFor(server.baseUrl(), Duration.ofSeconds(2))
				.login(TradovateCredentials.of(NAME, PASSWORD));
			assertThat(token.accessToken()).isEqualTo("canned-token");
		}
	}

	@Test
	void penaltyOnRenewalAsksToWaitItsTime() throws Exception {
		try (CannedResponseServer server = CannedResponseServer
			.answering("{\"p-ticket\":\"renewal-ticket\",\"p-time\":45,\"p-captcha\":false}")) {
			AccessToken token = new AccessToken("canned-token", null, Instant.parse("2099-01-01T00:00:00Z"), 1L, NAME,
					"Active");
			assertThatExceptionOfType(TradovateUnavailableException.class)
				.isThrownBy(() -> clientFor(server.baseUrl(), Duration.ofSeconds(2)).renew(token))
				.satisfies((ex) -> {
					assertThat(ex.getRetryAfter()).isEqualTo(Duration.ofSeconds(45));
					assertThat(ex.getMessage()).doesNotContain("renewal-ticket");
				});
		}
	}

	@Test
	void inactiveUserIsRefused() throws Exception {
		try (CannedResponseServer server = CannedResponseServer.answering("""
				{"accessToken":"canned-token","expirationTime":"2099-01-01T00:00:00Z","userStatus":"TemporaryLocked",
				 "name":"trader","userId":1}""")) {
			assertThatExceptionOfType(UserNotActiveException.class)
				.isThrownBy(() -> clientFor(server.baseUrl(), Duration.ofSeconds(2))
					.login(TradovateCredentials.of(NAME, PASSWORD)))
				.satisfies((ex) -> assertThat(ex.getUserStatus()).isEqualTo("TemporaryLocked"));
		}
	}

	@Test
	void responseWithoutTokenIsRefused() throws Exception {
		try (CannedResponseServer server = CannedResponseServer.answering("{\"userStatus\":\"Active\"}")) {
			assertThatExceptionOfType(TradovateAuthException.class)
				.isThrownBy(() -> clientFor(server.baseUrl(), Duration.ofSeconds(2))
					.login(TradovateCredentials.of(NAME, PASSWORD)))
				.withMessageContaining("without an accessToken");
		}
	}

	@Test
	void plainHttpIsAllowedToLoopbackOnly() {
		assertThat(TradovateAuthClient.requireSafeBaseUrl(URI.create("https://demo.tradovateapi.com/v1"))).isNotNull();
		assertThat(TradovateAuthClient.requireSafeBaseUrl(URI.create("http://localhost:8099/v1"))).isNotNull();
		assertThat(TradovateAuthClient.requireSafeBaseUrl(URI.create("http://127.0.0.2:8099/v1"))).isNotNull();
		assertThat(TradovateAuthClient.requireSafeBaseUrl(URI.create("http://[::1]:8099/v1"))).isNotNull();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TradovateAuthClient.requireSafeBaseUrl(URI.create("http://demo.tradovateapi.com/v1")))
			.withMessageContaining("must use https");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TradovateAuthClient.requireSafeBaseUrl(URI.create("http://10.0.0.1/v1")))
			.withMessageContaining("loopback");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TradovateAuthClient.requireSafeBaseUrl(URI.create("http://localhost.example.com/v1")));
		assertThatIllegalArgumentException().isThrownBy(() -> TradovateAuthClient.requireSafeBaseUrl(URI.create("/v1")))
			.withMessageContaining("absolute");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TradovateAuthClient
				.requireSafeBaseUrl(URI.create("https://user:hunter2@demo.tradovateapi.com/v1")))
			.withMessageContaining("user information")
			.withMessageNotContaining("hunter2");
	}

	static TradovateAuthClient clientFor(URI baseUrl, Duration readTimeout) {
		return TradovateAuthClient.create(baseUrl, Duration.ofSeconds(1), readTimeout);
	}

}
