package io.github.futuresauth.tradovate.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.futuresauth.tradovate.simulator.RecordedRequest;
import io.github.futuresauth.tradovate.simulator.RequestKind;
import io.github.futuresauth.tradovate.simulator.TradovateSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Tests of how fast, and at what cost in logins, {@link RenewingTokenProvider} recovers
 * from a closed session, an outage, a {@code 429}, a penalty and an unanswered login,
 * against the simulator with time moved by hand.
 */
class SessionRecoveryTests {

	private static final String NAME = TradovateSimulator.DEFAULT_USER_NAME;

	private static final String PASSWORD = TradovateSimulator.DEFAULT_PASSWORD;

	private final TradovateSimulator simulator = TradovateSimulator.builder().user(NAME, PASSWORD).start();

	private final SimulatedProviders providers = new SimulatedProviders(this.simulator);

	@AfterEach
	void close() {
		this.providers.close();
		this.simulator.close();
	}

	@Test
	void sessionClosedSecondsAfterStartupIsReplacedByOneLoginAtOnce() {
		RenewingTokenProvider provider = this.providers.provider(PASSWORD);
		RestClient client = this.providers.restClient(provider);
		provider.getToken();
		this.providers.clock().advance(Duration.ofSeconds(6));
		kick();
		Instant kicked = this.providers.clock().instant();
		for (int i = 0; i < 20; i++) {
			assertThat(status(client)).isEqualTo(200);
		}
		assertThat(this.simulator.journal().logins()).isEqualTo(2);
		assertThat(requestsTo("/v1/auth/me")).isOne();
		// No time had to pass: the first replacement is not spaced from the first login.
		Instant relogin = this.simulator.journal().requests(RequestKind.LOGIN).get(1).arrivedAt();
		assertThat(Duration.between(kicked, relogin)).isLessThan(Duration.ofSeconds(2));
	}

	@Test
	void sessionsThatKeepBeingClosedAreReplacedWithEscalatingSpacing() {
		RenewingTokenProvider provider = this.providers.provider(PASSWORD);
		RestClient client = this.providers.restClient(provider);
		provider.getToken();
		kick();
		assertThat(status(client)).isEqualTo(200);
		assertThat(this.simulator.journal().logins()).isEqualTo(2);
		// The replacement is closed again within seconds: another client of the user.
		this.providers.clock().advance(Duration.ofSeconds(10));
		kick();
		Throwable held = catchThrowable(() -> client.get().uri("/account/list").retrieve().toBodilessEntity());
		assertThat(held).isInstanceOf(LoginHeldException.class);
		assertThat(((LoginHeldException) held).getReason()).isEqualTo(HoldReason.INTERVAL);
		assertThat(held.getMessage()).contains("share one token");
		assertThat(this.simulator.journal().logins()).isEqualTo(2);
		// The login is sent by itself a minute after the previous one, and no sooner.
		Instant previous = this.simulator.journal().requests(RequestKind.LOGIN).get(1).arrivedAt();
		this.providers.runUntil(previous.plus(Duration.ofSeconds(59)));
		assertThat(this.simulator.journal().logins()).isEqualTo(2);
		this.providers.runUntil(previous.plus(Duration.ofSeconds(61)));
		assertThat(this.simulator.journal().logins()).isEqualTo(3);
		assertThat(status(client)).isEqualTo(200);
	}

	@Test
	void sessionAnsweringServerErrorsToEverythingIsReplacedByOneLoginWithinFifteenSeconds() {
		RenewingTokenProvider provider = this.providers.provider(PASSWORD);
		RestClient client = this.providers.restClient(provider);
		provider.getToken();
		this.providers.clock().advance(Duration.ofSeconds(6));
		this.simulator.closedSessionStatus(500);
		kick();
		Instant kicked = this.providers.clock().instant();
		for (int i = 0; i < 3; i++) {
			assertThatExceptionOfType(HttpServerErrorException.class)
				.isThrownBy(() -> client.get().uri("/account/list").retrieve().toBodilessEntity());
		}
		this.providers.runUntil(kicked.plus(Duration.ofSeconds(15)));
		assertThat(this.simulator.journal().logins()).isEqualTo(2);
		Instant relogin = this.simulator.journal().requests(RequestKind.LOGIN).get(1).arrivedAt();
		assertThat(Duration.between(kicked, relogin)).isLessThanOrEqualTo(Duration.ofSeconds(15));
		// One /auth/me, then one request without a token told that Tradovate is up.
		assertThat(requestsTo("/v1/auth/me")).isOne();
		assertThat(tokenless()).hasSize(1);
		assertThat(status(client)).isEqualTo(200);
	}

	@Test
	void outageIsNotTakenForADeadSession() {
		RenewingTokenProvider provider = this.providers.provider(PASSWORD);
		RestClient client = this.providers.restClient(provider);
		AccessToken token = provider.getToken();
		// Everything fails for a while, requests without a token too.
		this.simulator.failNext(12, 503);
		for (int i = 0; i < 3; i++) {
			assertThatExceptionOfType(HttpServerErrorException.class)
				.isThrownBy(() -> client.get().uri("/account/list").retrieve().toBodilessEntity());
		}
		this.providers.runUntil(this.providers.clock().instant().plus(Duration.ofMinutes(10)));
		assertThat(this.simulator.journal().loginRequests()).isOne();
		assertThat(provider.getCurrentToken()).isEqualTo(token);
		assertThat(tokenless()).hasSizeGreaterThan(1);
		assertThat(status(client)).isEqualTo(200);
	}

	@Test
	void thirtySecondsOfTooManyRequestsCostNoLogin() {
		RenewingTokenProvider provider = this.providers.provider(PASSWORD);
		RestClient client = this.providers.restClient(provider);
		provider.getToken();
		Instant start = this.providers.clock().instant();
		this.simulator.rateLimitUser(NAME, Duration.ofSeconds(30));
		while (this.providers.clock().instant().isBefore(start.plus(Duration.ofSeconds(30)))) {
			for (int i = 0; i < 2; i++) {
				catchThrowable(() -> client.get().uri("/account/list").retrieve().toBodilessEntity());
			}
			this.providers.runUntil(this.providers.clock().instant().plus(Duration.ofSeconds(1)));
		}
		assertThat(this.simulator.journal().loginRequests()).isOne();
		assertThat(this.simulator.journal().sessionsOpened()).isOne();
		TokenStatus status = provider.getStatus();
		assertThat(status.hold()).isNotNull();
		assertThat(status.hold().reason()).isEqualTo(HoldReason.RATE_LIMITED);
		// Without a Retry-After, for an hour, as Tradovate asks.
		assertThat(status.hold().until()).isAfter(start.plus(Duration.ofMinutes(59)));
		// Renewals wait for the hold too.
		assertThatExceptionOfType(TradovateAuthException.class).isThrownBy(provider::renewNow);
		assertThat(this.simulator.journal().renewals()).isZero();
		// The session was never in doubt: once the period ends, calls succeed again.
		assertThat(status(client)).isEqualTo(200);
	}

	@Test
	void userLevelTooManyRequestsOnARenewalCostNoLogin() {
		RenewingTokenProvider provider = this.providers.provider(PASSWORD);
		RestClient client = this.providers.restClient(provider);
		AccessToken token = provider.getToken();
		Instant renewal = token.expirationTime().minus(SimulatedProviders.MARGIN);
		this.providers.runUntil(renewal.minusSeconds(1));
		this.simulator.rateLimitUser(NAME, Duration.ofMinutes(2), Duration.ofMinutes(2));
		this.providers.runUntil(renewal.plus(Duration.ofMinutes(5)));
		assertThat(this.simulator.journal().loginRequests()).isOne();
		assertThat(this.simulator.journal().renewals()).isEqualTo(1);
		assertThat(status(client)).isEqualTo(200);
		assertThat(provider.getCurrentToken().expirationTime()).isAfter(token.expirationTime());
	}

	@Test
	void loginAnsweredTooManyRequestsIsHeldAndNotSentAgain() {
		RenewingTokenProvider provider = this.providers.provider(PASSWORD);
		this.simulator.failNext(1, 429);
		assertThatExceptionOfType(TradovateUnavailableException.class).isThrownBy(provider::getToken);
		this.providers.runUntil(this.providers.clock().instant().plus(Duration.ofSeconds(59)));
		assertThatExceptionOfType(LoginHeldException.class).isThrownBy(provider::getToken)
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(HoldReason.RATE_LIMITED))
			.satisfies((ex) -> assertThat(ex.getMessage()).contains("429"));
		assertThat(this.simulator.journal().loginRequests()).isOne();
	}

	@Test
	void lockedLoginIsHeldForAnHour() {
		RenewingTokenProvider provider = this.providers.provider(PASSWORD);
		this.simulator.lockOutNextLogins(1);
		assertThatExceptionOfType(CaptchaRequiredException.class).isThrownBy(provider::getToken)
			.withMessageContaining("423");
		this.providers.runUntil(this.providers.clock().instant().plus(Duration.ofMinutes(59)));
		assertThatExceptionOfType(LoginHeldException.class).isThrownBy(provider::getToken)
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(HoldReason.CAPTCHA));
		assertThat(this.simulator.journal().loginRequests()).isOne();
	}

	@Test
	void shortPenaltyAtStartupIsWaitedForAndTheTicketSentOnce() {
		RenewingTokenProvider provider = this.providers.provider(PASSWORD);
		this.simulator.penalizeNextLogin(Duration.ofSeconds(2));
		Instant start = this.providers.clock().instant();
		assertThat(provider.getToken()).isNotNull();
		assertThat(this.simulator.journal().requests()).extracting(RecordedRequest::kind)
			.containsExactly(RequestKind.LOGIN_PENALIZED, RequestKind.LOGIN);
		assertThat(this.simulator.journal().sessionsOpened()).isOne();
		assertThat(Duration.between(start, this.providers.clock().instant())).isEqualTo(Duration.ofSeconds(2));
		assertThat(this.providers.events()).filteredOn(LoginPenaltyEvent.class::isInstance).hasSize(1);
	}

	@Test
	void penaltyLongerThanTheCallersWaitIsHeld() {
		RenewingTokenProvider provider = this.providers.provider(PASSWORD);
		provider.setTokenWaitTimeout(Duration.ofSeconds(5));
		this.simulator.penalizeNextLogin(Duration.ofSeconds(10));
		assertThatExceptionOfType(TimePenaltyException.class).isThrownBy(provider::getToken);
		assertThat(this.simulator.journal().loginRequests()).isOne();
	}

	@Test
	void unansweredFirstLoginIsSentOnceMoreAfterAPause() {
		RenewingTokenProvider provider = this.providers.provider(this.providers.client(Duration.ofMillis(300)),
				PASSWORD);
		this.simulator.delayNext(1, Duration.ofSeconds(2));
		Instant start = this.providers.clock().instant();
		assertThat(provider.getToken()).isNotNull();
		assertThat(Duration.between(start, this.providers.clock().instant()))
			.isEqualTo(CallerLogin.UNANSWERED_LOGIN_PAUSE);
	}

	@Test
	void loginAnsweredBadGatewayIsNotSentAgainAtOnce() {
		RenewingTokenProvider provider = this.providers.provider(PASSWORD);
		// A gateway may have passed the login on: it may have opened a session. Only the
		// one resend of a first login, after its pause, goes out; a 503 would have been
		// retried at once, three times.
		this.simulator.failNext(3, 502);
		Instant start = this.providers.clock().instant();
		assertThatExceptionOfType(TradovateUnavailableException.class).isThrownBy(provider::getToken)
			.satisfies((ex) -> assertThat(ex.isUnanswered()).isTrue());
		assertThat(this.simulator.journal().loginRequests()).isEqualTo(2);
		List<RecordedRequest> logins = this.simulator.journal().requests();
		assertThat(Duration.between(logins.get(0).arrivedAt(), logins.get(1).arrivedAt()))
			.isEqualTo(CallerLogin.UNANSWERED_LOGIN_PAUSE);
		assertThat(this.providers.clock().instant()).isEqualTo(start.plus(CallerLogin.UNANSWERED_LOGIN_PAUSE));
	}

	private void kick() {
		this.simulator.closeAllSessions(NAME);
	}

	private long requestsTo(String path) {
		return this.simulator.journal().requests().stream().filter((request) -> request.path().equals(path)).count();
	}

	private List<RecordedRequest> tokenless() {
		return this.simulator.journal()
			.requests()
			.stream()
			.filter((request) -> request.authorization() == null && !request.path().contains("/auth/"))
			.toList();
	}

	private static int status(RestClient client) {
		try {
			return client.get().uri("/account/list").retrieve().toBodilessEntity().getStatusCode().value();
		}
		catch (RestClientResponseException ex) {
			return ex.getStatusCode().value();
		}
	}

}
