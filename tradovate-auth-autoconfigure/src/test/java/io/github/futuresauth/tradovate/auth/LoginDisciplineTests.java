package io.github.futuresauth.tradovate.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.futuresauth.tradovate.simulator.RequestKind;
import io.github.futuresauth.tradovate.simulator.TradovateSimulator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Tests that {@link RenewingTokenProvider} never spends more logins, sessions or renewals
 * than Tradovate tolerates, whatever faults the simulator throws at it, with time moved
 * by hand.
 */
class LoginDisciplineTests {

	private static final String PASSWORD = TradovateSimulator.DEFAULT_PASSWORD;

	private static final String LOGIN_PATH = "/v1/auth/accesstokenrequest";

	/** A simulator of its own for each test, so that no ledger or limit carries over. */
	private final TradovateSimulator simulator = TradovateSimulator.builder()
		.user(TradovateSimulator.DEFAULT_USER_NAME, PASSWORD)
		.start();

	private final SimulatedProviders providers = new SimulatedProviders(this.simulator);

	@AfterEach
	void close() {
		this.providers.close();
		this.simulator.close();
	}

	@Test
	void longPenaltyIsWaitedOutInTheBackgroundAndTheTicketSentOnce() {
		RenewingTokenProvider provider = this.providers.provider(PASSWORD);
		this.simulator.penalizeNextLogin(Duration.ofMinutes(6));
		assertThatExceptionOfType(TimePenaltyException.class).isThrownBy(provider::getToken)
			.satisfies((ex) -> assertThat(ex.getWait()).isEqualTo(Duration.ofMinutes(6)));
		// Callers meanwhile are answered at once, with how long to wait.
		this.providers.clock().advance(Duration.ofMinutes(1));
		assertThatExceptionOfType(LoginHeldException.class).isThrownBy(provider::getToken).satisfies((ex) -> {
			assertThat(ex.getReason()).isEqualTo(HoldReason.PENALTY);
			assertThat(ex.getRetryAfter()).isEqualTo(Duration.ofMinutes(5));
		});
		assertThat(this.simulator.journal().loginRequests()).isOne();
		this.providers.runUntil(this.providers.clock().instant().plus(Duration.ofMinutes(6)));
		assertThat(this.simulator.journal().requests()).extracting("kind")
			.containsExactly(RequestKind.LOGIN_PENALIZED, RequestKind.LOGIN);
		assertThat(provider.getToken()).isNotNull();
		assertThat(this.simulator.journal().sessionsOpened()).isOne();
	}

	@Test
	void ticketIsKeptThroughATransientFailure() {
		RenewingTokenProvider provider = this.providers.provider(PASSWORD);
		this.simulator.penalizeNextLogin(Duration.ofSeconds(30));
		catchThrowable(provider::getToken);
		this.simulator.failNext(1, 503);
		this.providers.runUntil(this.providers.clock().instant().plus(Duration.ofMinutes(5)));
		// Without the ticket, the second login would have earned another penalty.
		assertThat(this.simulator.journal().requests()).extracting("kind")
			.containsExactly(RequestKind.LOGIN_PENALIZED, RequestKind.FAULT, RequestKind.LOGIN);
		assertThat(provider.getCurrentToken()).isNotNull();
	}

	@Test
	void idleApplicationThroughHoursOfOutageStaysWithinTheLoginBudget() {
		RenewingTokenProvider provider = this.providers.provider(PASSWORD);
		AccessToken token = provider.getToken();
		this.simulator.failNext(100_000, 503);
		this.providers.runUntil(token.expirationTime().plus(Duration.ofHours(3)));
		int loginsAfterExpiry = this.simulator.journal().loginRequests() - 1;
		assertThat(loginsAfterExpiry).isPositive();
		assertThat(this.providers.maxRequestsInAnyHour(LOGIN_PATH))
			.isLessThanOrEqualTo(AuthLimits.TRADOVATE.failedLoginsPerHour());
	}

	@Test
	void tooManyRequestsIsHeldForAtLeastAMinuteWhateverTheCallers() {
		RenewingTokenProvider provider = this.providers.provider(PASSWORD);
		this.simulator.failNext(1, 429, Duration.ofSeconds(1));
		assertThatExceptionOfType(TradovateUnavailableException.class).isThrownBy(provider::getToken);
		for (int i = 0; i < 20; i++) {
			this.providers.clock().advance(Duration.ofMillis(1500));
			assertThatExceptionOfType(LoginHeldException.class).isThrownBy(provider::getToken)
				.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(HoldReason.RATE_LIMITED));
		}
		assertThat(this.simulator.journal().loginRequests()).isOne();
		this.providers.clock().advance(Duration.ofSeconds(30));
		assertThat(provider.getToken()).isNotNull();
		assertThat(this.simulator.journal().loginRequests()).isEqualTo(2);
	}

	@Test
	void retryAfterIsHonoured() {
		RenewingTokenProvider provider = this.providers.provider(PASSWORD);
		this.simulator.failNext(1, 503, Duration.ofMinutes(3));
		catchThrowable(provider::getToken);
		assertThatExceptionOfType(LoginHeldException.class).isThrownBy(provider::getToken)
			.satisfies((ex) -> assertThat(ex.getRetryAfter()).isEqualTo(Duration.ofMinutes(3)));
		assertThat(this.simulator.journal().loginRequests()).isOne();
	}

	@Test
	void unauthorizedFromAnEndpointThatTheUserIsNotEntitledToCostsNoLogin() {
		RenewingTokenProvider provider = this.providers.provider(PASSWORD);
		RestClient client = this.providers.restClient(provider);
		for (int i = 0; i < 20; i++) {
			assertThatExceptionOfType(HttpClientErrorException.Unauthorized.class).isThrownBy(() -> client.get()
				.uri(TradovateSimulator.NOT_ENTITLED_PATH.substring("/v1".length()))
				.retrieve()
				.toBodilessEntity());
		}
		assertThat(this.simulator.journal().loginRequests()).isOne();
		assertThat(this.simulator.journal().sessionsOpened()).isOne();
		assertThat(this.simulator.journal().count(RequestKind.ME)).isOne();
		assertThat(client.get().uri("/account/list").retrieve().toBodilessEntity().getStatusCode())
			.isEqualTo(HttpStatusCode.valueOf(200));
	}

	@Test
	void tokenThatMeAcceptedIsNotCheckedAgainWhileTheBudgetWouldNotAllowItEveryTime() {
		RenewingTokenProvider provider = this.providers.provider(PASSWORD);
		RestClient client = this.providers.restClient(provider);
		String notEntitled = TradovateSimulator.NOT_ENTITLED_PATH.substring("/v1".length());
		catchThrowable(() -> client.get().uri(notEntitled).retrieve().toBodilessEntity());
		assertThat(this.simulator.journal().count(RequestKind.ME)).isOne();
		// Ten checks an hour: one check vouches for the token for six minutes.
		this.providers.clock().advance(Duration.ofMinutes(5));
		catchThrowable(() -> client.get().uri(notEntitled).retrieve().toBodilessEntity());
		assertThat(this.simulator.journal().count(RequestKind.ME)).isOne();
		this.providers.clock().advance(Duration.ofMinutes(2));
		catchThrowable(() -> client.get().uri(notEntitled).retrieve().toBodilessEntity());
		assertThat(this.simulator.journal().count(RequestKind.ME)).isEqualTo(2);
		assertThat(this.simulator.journal().loginRequests()).isOne();
	}

	@Test
	void rateLimitElsewhereKeepsAPenaltysTicketHolder() {
		RenewingTokenProvider provider = this.providers.provider(PASSWORD);
		this.simulator.penalizeNextLogin(Duration.ofMinutes(2));
		catchThrowable(provider::getToken);
		provider.rateLimitedElsewhere("the trading WebSocket", Duration.ofMinutes(5), false);
		Hold hold = provider.getStatus().hold();
		assertThat(hold.reason()).isEqualTo(HoldReason.PENALTY);
		assertThat(hold.owner()).isNotNull();
		assertThat(hold.until()).isEqualTo(provider.getServerClock().instant().plus(Duration.ofMinutes(5)));
		// The ticket is still sent, once, when the longer hold ends.
		this.providers.runUntil(this.providers.clock().instant().plus(Duration.ofMinutes(6)));
		assertThat(this.simulator.journal().requests()).extracting("kind")
			.containsExactly(RequestKind.LOGIN_PENALIZED, RequestKind.LOGIN);
	}

	@Test
	void sessionClosedElsewhereIsReplacedByOneLogin() {
		RenewingTokenProvider provider = this.providers.provider(PASSWORD);
		RestClient client = this.providers.restClient(provider);
		provider.getToken();
		this.providers.clock().advance(Duration.ofMinutes(5));
		this.simulator.closeAllSessions(TradovateSimulator.DEFAULT_USER_NAME);
		assertThat(client.get().uri("/account/list").retrieve().toBodilessEntity().getStatusCode())
			.isEqualTo(HttpStatusCode.valueOf(200));
		assertThat(this.simulator.journal().logins()).isEqualTo(2);
	}

	@Test
	void sessionClosedWithServerErrorsIsDetectedAndReplaced() {
		RenewingTokenProvider provider = this.providers.provider(PASSWORD);
		RestClient client = this.providers.restClient(provider);
		provider.getToken();
		this.providers.clock().advance(Duration.ofMinutes(5));
		this.simulator.closedSessionStatus(500);
		this.simulator.closeAllSessions(TradovateSimulator.DEFAULT_USER_NAME);
		for (int i = 0; i < 3; i++) {
			assertThatExceptionOfType(HttpServerErrorException.class)
				.isThrownBy(() -> client.get().uri("/account/list").retrieve().toBodilessEntity());
		}
		this.providers.runUntil(this.providers.clock().instant().plus(Duration.ofSeconds(30)));
		assertThat(client.get().uri("/account/list").retrieve().toBodilessEntity().getStatusCode())
			.isEqualTo(HttpStatusCode.valueOf(200));
		assertThat(this.simulator.journal().logins()).isEqualTo(2);
	}

	@Test
	void wrongPasswordForADayNeverExceedsTheFailedLoginBudget() {
		RenewingTokenProvider provider = this.providers.provider("wrong-password");
		Instant end = this.providers.clock().instant().plus(Duration.ofDays(1));
		while (this.providers.clock().instant().isBefore(end)) {
			assertThat(catchThrowable(provider::getToken)).isInstanceOf(TradovateAuthException.class);
			this.providers.runUntil(this.providers.clock().instant().plus(Duration.ofMinutes(1)));
		}
		assertThat(this.simulator.journal().count(RequestKind.LOGIN_REJECTED)).isPositive();
		assertThat(this.providers.maxRequestsInAnyHour(LOGIN_PATH))
			.isLessThanOrEqualTo(AuthLimits.TRADOVATE.failedLoginsPerHour());
	}

	@Test
	void refusalHoldEscalatesAndEndsForOtherCredentials() {
		RenewingTokenProvider wrong = this.providers.provider("wrong-password");
		assertThatExceptionOfType(CredentialsRejectedException.class).isThrownBy(wrong::getToken);
		LoginHeldException held = (LoginHeldException) catchThrowable(wrong::getToken);
		assertThat(held.getReason()).isEqualTo(HoldReason.REFUSED);
		assertThat(held.getCause()).isInstanceOf(CredentialsRejectedException.class);
		assertThat(held.getRetryAfter()).isEqualTo(Duration.ofMinutes(1));
		this.providers.clock().advance(Duration.ofMinutes(1));
		assertThatExceptionOfType(CredentialsRejectedException.class).isThrownBy(wrong::getToken);
		assertThat(((LoginHeldException) catchThrowable(wrong::getToken)).getRetryAfter())
			.isEqualTo(Duration.ofMinutes(5));
		// The same ledger, other credentials: the corrected password is not held.
		RenewingTokenProvider corrected = this.providers.provider(PASSWORD);
		TokenStore shared = new InMemoryTokenStore();
		wrong.setTokenStore(shared);
		corrected.setTokenStore(shared);
		this.providers.clock().advance(Duration.ofMinutes(5));
		assertThatExceptionOfType(CredentialsRejectedException.class).isThrownBy(wrong::getToken);
		assertThatExceptionOfType(LoginHeldException.class).isThrownBy(wrong::getToken);
		assertThat(corrected.getToken()).isNotNull();
	}

	@Test
	void captchaLatchesWithOneProbeAnHourUntilCleared() {
		RenewingTokenProvider provider = this.providers.provider(PASSWORD);
		this.simulator.requireCaptchaOnNextLogin();
		assertThatExceptionOfType(CaptchaRequiredException.class).isThrownBy(provider::getToken);
		this.providers.runUntil(this.providers.clock().instant().plus(Duration.ofMinutes(59)));
		assertThatExceptionOfType(LoginHeldException.class).isThrownBy(provider::getToken)
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(HoldReason.CAPTCHA));
		assertThat(this.simulator.journal().loginRequests()).isOne();
		assertThat(provider.clearHold()).isTrue();
		assertThat(provider.getToken()).isNotNull();
	}

	@Test
	void clientClockTwoHoursAheadStaysOnOneSessionForADay() {
		this.simulator.setServerClockOffset(Duration.ofHours(-2));
		assertOneSessionForADay();
	}

	@Test
	void clientClockTwentyMinutesBehindStaysOnOneSessionForADay() {
		this.simulator.setServerClockOffset(Duration.ofMinutes(20));
		assertOneSessionForADay();
	}

	private void assertOneSessionForADay() {
		RenewingTokenProvider provider = this.providers.provider(PASSWORD);
		RestClient client = this.providers.restClient(provider);
		provider.getToken();
		assertThat(provider.getStatus().clockOffset().abs()).isGreaterThan(Duration.ofMinutes(19));
		Instant end = this.providers.clock().instant().plus(Duration.ofDays(1));
		while (this.providers.clock().instant().isBefore(end)) {
			this.providers.runUntil(this.providers.clock().instant().plus(Duration.ofMinutes(10)));
			assertThat(client.get().uri("/account/list").retrieve().toBodilessEntity().getStatusCode())
				.isEqualTo(HttpStatusCode.valueOf(200));
		}
		assertThat(this.simulator.journal().sessionsOpened()).isOne();
		assertThat(this.simulator.journal().renewals()).isBetween(18, 20);
	}

	@Test
	void callersWaitForATokenAtMostTheWaitTimeout() throws Exception {
		CountDownLatch loggingIn = new CountDownLatch(1);
		TradovateAuthClient slowClient = clientAnnouncingLogins(loggingIn);
		RenewingTokenProvider provider = this.providers.provider(slowClient, PASSWORD);
		provider.setTokenWaitTimeout(Duration.ofMillis(200));
		this.simulator.delayNext(1, Duration.ofSeconds(2));
		CompletableFuture<AccessToken> leader = CompletableFuture.supplyAsync(provider::getToken);
		assertThat(loggingIn.await(10, TimeUnit.SECONDS)).isTrue();
		long start = System.nanoTime();
		assertThatExceptionOfType(TradovateUnavailableException.class).isThrownBy(provider::getToken)
			.withMessageContaining("200 ms");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
		assertThat(leader.get(10, TimeUnit.SECONDS)).isNotNull();
	}

	/** A client that counts the latch down as each login starts. */
	private TradovateAuthClient clientAnnouncingLogins(CountDownLatch loggingIn) {
		return new TradovateAuthClient(RestClient.builder().baseUrl(this.simulator.baseUrl().toString()).build(),
				this.simulator.baseUrl()) {

			@Override
			public AccessToken login(TradovateCredentials credentials, @Nullable String penaltyTicket) {
				loggingIn.countDown();
				return super.login(credentials, penaltyTicket);
			}

		};
	}

	@Test
	void closeDoesNotWaitForALoginInProgress() throws Exception {
		CountDownLatch loggingIn = new CountDownLatch(1);
		TradovateAuthClient slowClient = clientAnnouncingLogins(loggingIn);
		RenewingTokenProvider provider = this.providers.provider(slowClient, PASSWORD);
		this.simulator.delayNext(1, Duration.ofSeconds(2));
		CompletableFuture<AccessToken> leader = CompletableFuture.supplyAsync(provider::getToken);
		assertThat(loggingIn.await(10, TimeUnit.SECONDS)).isTrue();
		long start = System.nanoTime();
		provider.close();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
		assertThat(leader.get(10, TimeUnit.SECONDS)).isNotNull();
		assertThat(this.providers.scheduler().pendingTasks()).isZero();
	}

	@Test
	void interruptedLoginIsNotHeldAgainstOtherCallers() {
		RenewingTokenProvider provider = this.providers.provider(PASSWORD);
		Thread.currentThread().interrupt();
		Throwable interrupted = catchThrowable(provider::getToken);
		assertThat(Thread.interrupted()).isTrue();
		assertThat(interrupted).isInstanceOf(TradovateAuthException.class);
		assertThat(provider.getToken()).isNotNull();
		assertThat(provider.getLastLoginFailure()).isNull();
	}

	@Test
	void everyWaitingCallerGetsAnExceptionOfItsOwn() throws Exception {
		RenewingTokenProvider provider = this.providers.provider("wrong-password");
		this.simulator.delayNext(1, Duration.ofMillis(300));
		List<CompletableFuture<Throwable>> callers = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			callers.add(CompletableFuture.supplyAsync(() -> catchThrowable(provider::getToken)));
		}
		List<Throwable> failures = new ArrayList<>();
		for (CompletableFuture<Throwable> caller : callers) {
			failures.add(caller.get(10, TimeUnit.SECONDS));
		}
		assertThat(failures).doesNotHaveDuplicates()
			.allSatisfy((failure) -> assertThat(failure).isInstanceOfAny(CredentialsRejectedException.class,
					LoginHeldException.class));
		assertThat(failures).filteredOn(LoginHeldException.class::isInstance)
			.allSatisfy((held) -> assertThat(held.getCause()).isInstanceOf(CredentialsRejectedException.class));
		assertThat(this.simulator.journal().loginRequests()).isOne();
	}

	@Test
	void renewalRetriesAreCompressedToLandBeforeExpiry() {
		try (TradovateSimulator shortLived = TradovateSimulator.builder()
			.user(TradovateSimulator.DEFAULT_USER_NAME, PASSWORD)
			.tokenLifetime(Duration.ofSeconds(8))
			.start(); SimulatedProviders shortProviders = new SimulatedProviders(shortLived)) {
			RenewingTokenProvider provider = shortProviders.provider(PASSWORD);
			provider.setRenewalMargin(Duration.ofSeconds(4));
			provider.setRetryPolicy(org.springframework.core.retry.RetryPolicy.builder()
				.maxRetries(3)
				.delay(Duration.ofSeconds(1))
				.multiplier(2)
				.maxDelay(Duration.ofSeconds(30))
				.build());
			AccessToken token = provider.getToken();
			shortLived.failNext(3, 503);
			shortProviders.runUntil(token.expirationTime().minusMillis(1));
			assertThat(shortLived.journal().renewals()).isOne();
			assertThat(shortLived.journal().logins()).isOne();
			assertThat(provider.getCurrentToken().expirationTime()).isAfter(token.expirationTime());
		}
	}

	@Test
	void loginThroughAClientThatCarriesTheInterceptorFailsFast() {
		TradovateAuthClient[] client = new TradovateAuthClient[1];
		RenewingTokenProvider[] provider = new RenewingTokenProvider[1];
		RestClient restClient = RestClient.builder()
			.baseUrl(this.simulator.baseUrl().toString())
			.requestInterceptor((request, body,
					execution) -> new TradovateBearerTokenInterceptor(provider[0], this.simulator.baseUrl())
						.intercept(request, body, execution))
			.build();
		client[0] = new TradovateAuthClient(restClient);
		provider[0] = this.providers.provider(client[0], PASSWORD);
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(provider[0]::getToken)
			.withMessageContaining("RestClient.builder()");
		assertThat(this.simulator.journal().requests()).isEmpty();
	}

}
