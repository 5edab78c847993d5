package io.github.futuresauth.tradovate.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

import io.github.futuresauth.tradovate.simulator.ManualTaskScheduler;
import io.github.futuresauth.tradovate.simulator.MutableClock;
import io.github.futuresauth.tradovate.simulator.RecordedRequest;
import io.github.futuresauth.tradovate.simulator.RequestKind;
import io.github.futuresauth.tradovate.simulator.TradovateSimulator;
import io.github.futuresauth.tradovate.simulator.TradovateSimulatorExtension;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.core.retry.RetryPolicy;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Tests for {@link RenewingTokenProvider}, against the simulator over real HTTP, with
 * time moved by hand on the simulator's clock.
 */
class RenewingTokenProviderTests {

	private static final String NAME = TradovateSimulator.DEFAULT_USER_NAME;

	private static final String PASSWORD = TradovateSimulator.DEFAULT_PASSWORD;

	private static final Duration LIFETIME = Duration.ofMinutes(90);

	private static final Duration MARGIN = Duration.ofMinutes(15);

	@RegisterExtension
	static final TradovateSimulatorExtension extension = new TradovateSimulatorExtension(
			TradovateSimulator.builder().user(NAME, PASSWORD).tokenLifetime(LIFETIME));

	private final TradovateSimulator simulator = extension.simulator();

	private final MutableClock clock = (MutableClock) this.simulator.clock();

	private final SimulatedProviders fixture = new SimulatedProviders(this.simulator);

	private final ManualTaskScheduler scheduler = this.fixture.scheduler();

	private final List<Object> events = this.fixture.events();

	private final RenewingTokenProvider provider = provider(PASSWORD, Duration.ofSeconds(2));

	@AfterEach
	void closeProviders() {
		this.fixture.close();
	}

	@Test
	void concurrentColdCallersShareOneLogin() throws Exception {
		// A slow login keeps every caller waiting on the same one.
		this.simulator.delayNext(1, Duration.ofMillis(300));
		List<AccessToken> tokens = concurrently(128, this.provider::getToken);
		assertThat(tokens).hasSize(128).extracting(AccessToken::accessToken).containsOnly(tokens.get(0).accessToken());
		assertThat(this.simulator.journal().count(RequestKind.LOGIN)).isOne();
		assertThat(this.simulator.journal().sessionsOpened()).isOne();
		assertThat(this.events).filteredOn(AccessTokenAcquiredEvent.class::isInstance).hasSize(1);
	}

	@Test
	void concurrentColdCallersShareOneRefusal() throws Exception {
		RenewingTokenProvider refused = provider("wrong-password", Duration.ofSeconds(2));
		this.simulator.delayNext(1, Duration.ofMillis(300));
		List<Object> outcomes = concurrently(64, () -> {
			try {
				return refused.getToken();
			}
			catch (CredentialsRejectedException | LoginHeldException ex) {
				return ex;
			}
		});
		assertThat(outcomes).hasSize(64)
			.allMatch((outcome) -> outcome instanceof CredentialsRejectedException
					|| ((Throwable) outcome).getCause() instanceof CredentialsRejectedException);
		assertThat(this.simulator.journal().requests()).hasSize(1);
	}

	@Test
	void callersWaitingDuringAnOutageShareItsFailure() throws Exception {
		// Retries far enough apart that every caller arrives while the first login is
		// still trying.
		this.provider.setRetryPolicy(RetryPolicy.builder().maxRetries(3).delay(Duration.ofMillis(100)).build());
		this.simulator.failNext(4, 503);
		List<Object> outcomes = concurrently(32, () -> {
			try {
				return this.provider.getToken();
			}
			catch (TradovateUnavailableException | LoginHeldException ex) {
				return ex;
			}
		});
		assertThat(outcomes).hasSize(32)
			.allMatch((outcome) -> outcome instanceof TradovateUnavailableException
					|| ((Throwable) outcome).getCause() instanceof TradovateUnavailableException);
		assertThat(this.simulator.journal().requests()).hasSize(4);
	}

	@Test
	void failingListenerDoesNotUndoALogin() {
		this.provider.setApplicationEventPublisher((event) -> {
			throw new CredentialsRejectedException(NAME, "thrown by a listener");
		});
		AccessToken token = this.provider.getToken();
		assertThat(token).isNotNull();
		assertThat(this.provider.getLastLoginFailure()).isNull();
		assertThat(this.provider.getToken()).isSameAs(token);
		this.scheduler.runNext();
		assertThat(this.simulator.journal().renewals()).isOne();
	}

	@Test
	void readsAreServedWithoutCallingTradovate() {
		AccessToken token = this.provider.getToken();
		for (int i = 0; i < 1000; i++) {
			assertThat(this.provider.getToken()).isSameAs(token);
		}
		assertThat(this.simulator.journal().requests()).hasSize(1);
	}

	@Test
	void refusedLoginIsHeldInsteadOfSentAgain() {
		RenewingTokenProvider refused = provider("wrong-password", Duration.ofSeconds(2));
		CredentialsRejectedException first = catchRejection(refused);
		assertThatExceptionOfType(LoginHeldException.class).isThrownBy(refused::getToken)
			.satisfies((held) -> assertThat(held.getCause()).isSameAs(first));
		assertThat(this.simulator.journal().requests()).hasSize(1);
		this.clock.advance(AuthBudget.REFUSAL_HOLDS.get(0));
		catchRejection(refused);
		assertThat(this.simulator.journal().requests()).hasSize(2);
		assertThat(refused.getLastLoginFailure()).isInstanceOf(CredentialsRejectedException.class);
		assertThat(this.events).filteredOn(AccessTokenFailedEvent.class::isInstance).hasSize(2);
	}

	@Test
	void captchaIsNeitherRetriedNorRepeatedWithinTheHour() {
		this.simulator.requireCaptchaOnNextLogin();
		assertThatExceptionOfType(CaptchaRequiredException.class).isThrownBy(this.provider::getToken);
		this.clock.advance(Duration.ofMinutes(59));
		assertThatExceptionOfType(LoginHeldException.class).isThrownBy(this.provider::getToken);
		assertThat(this.simulator.journal().requests()).hasSize(1);
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(this.provider.getToken()).isNotNull();
	}

	@Test
	void transientLoginFailuresAreRetried() {
		this.simulator.failNext(1, 503);
		this.simulator.failNext(1, 408);
		this.simulator.failNext(1, 502);
		assertThat(this.provider.getToken()).isNotNull();
		assertThat(this.simulator.journal().requests()).extracting("kind")
			.containsExactly(RequestKind.FAULT, RequestKind.FAULT, RequestKind.FAULT, RequestKind.LOGIN);
	}

	@Test
	void loginsThatMayHaveOpenedASessionAreNotSentAgainAtOnce() {
		RenewingTokenProvider impatient = provider(PASSWORD, Duration.ofMillis(300));
		// The first login is sent once more after a pause; when that goes unanswered
		// too, the caller is told.
		this.simulator.delayNext(2, Duration.ofSeconds(2));
		assertThatExceptionOfType(TradovateUnavailableException.class).isThrownBy(impatient::getToken)
			.satisfies((ex) -> assertThat(ex.isUnanswered()).isTrue());
		// Held, rather than sent again: the login that timed out may have opened a
		// session.
		assertThatExceptionOfType(LoginHeldException.class).isThrownBy(impatient::getToken);
		this.simulator.delayNext(1, Duration.ofSeconds(2));
		this.clock.advance(Duration.ofMinutes(1));
		assertThatExceptionOfType(TradovateUnavailableException.class).isThrownBy(impatient::getToken)
			.satisfies((ex) -> assertThat(ex.isUnanswered()).isTrue());
		this.clock.advance(Duration.ofMinutes(2));
		assertThat(impatient.getToken()).isNotNull();
	}

	@Test
	void retriesAreBoundedByThePolicy() {
		this.simulator.failNext(10, 503);
		assertThatExceptionOfType(TradovateUnavailableException.class).isThrownBy(this.provider::getToken);
		assertThat(this.simulator.journal().count(RequestKind.FAULT)).isEqualTo(4);
	}

	@Test
	void renewsInTheBackgroundAheadOfExpiry() {
		AccessToken token = this.provider.getToken();
		Instant renewAt = this.scheduler.nextRun();
		Instant latest = token.expirationTime().minus(MARGIN);
		assertThat(renewAt).isBetween(latest.minus(MARGIN.dividedBy(10)), latest);
		this.clock.setInstant(renewAt.minusMillis(1));
		assertThat(this.scheduler.runDueTasks()).isZero();
		this.clock.setInstant(renewAt);
		assertThat(this.scheduler.runDueTasks()).isOne();
		AccessToken renewed = this.provider.getToken();
		assertThat(renewed.accessToken()).isNotEqualTo(token.accessToken());
		assertThat(renewed.mdAccessToken()).isEqualTo(token.mdAccessToken());
		assertThat(this.provider.getLastRenewal()).isEqualTo(renewAt);
		assertThat(this.simulator.journal().renewals()).isOne();
		assertThat(this.simulator.journal().logins()).isOne();
		assertThat(this.events).filteredOn(AccessTokenRenewedEvent.class::isInstance).hasSize(1);
	}

	@Test
	void idleApplicationStaysLoggedInForDaysOnOneSession() {
		this.provider.getToken();
		Instant end = this.clock.instant().plus(Duration.ofDays(3));
		while (this.scheduler.nextRun() != null && this.scheduler.nextRun().isBefore(end)) {
			this.clock.setInstant(this.scheduler.nextRun());
			this.scheduler.runDueTasks();
		}
		this.clock.setInstant(end);
		AccessToken current = this.provider.getCurrentToken();
		assertThat(current).isNotNull();
		assertThat(current.isExpired(this.clock.instant())).isFalse();
		assertThat(this.simulator.journal().logins()).isOne();
		assertThat(this.simulator.journal().sessionsOpened()).isOne();
		// One renewal every 75 to 76.5 minutes.
		assertThat(this.simulator.journal().renewals()).isBetween(56, 58);
	}

	@Test
	void marginLongerThanTheLifetimeRenewsHalfWayWithoutStorm() {
		this.provider.setRenewalMargin(Duration.ofHours(2));
		AccessToken token = this.provider.getToken();
		Instant halfWay = token.expirationTime().minus(LIFETIME.dividedBy(2));
		assertThat(this.scheduler.nextRun()).isBetween(halfWay.minus(LIFETIME.dividedBy(20)), halfWay);
		this.clock.setInstant(this.scheduler.nextRun());
		assertThat(this.scheduler.runDueTasks()).isOne();
		assertThat(this.scheduler.nextRun()).isAfter(this.clock.instant().plus(Duration.ofMinutes(40)));
		assertThat(this.simulator.journal().renewals()).isOne();
	}

	@Test
	void failedRenewalKeepsServingTheValidTokenAndTriesAgain() {
		AccessToken token = this.provider.getToken();
		this.simulator.failNext(4, 503);
		this.clock.setInstant(this.scheduler.nextRun());
		this.scheduler.runDueTasks();
		assertThat(this.provider.getToken()).isSameAs(token);
		assertThat(this.events).filteredOn(AccessTokenFailedEvent.class::isInstance)
			.first()
			.satisfies((event) -> assertThat(((AccessTokenFailedEvent) event).getOperation())
				.isEqualTo(AccessTokenFailedEvent.Operation.RENEWAL));
		while (this.simulator.journal().renewals() == 0 && this.scheduler.nextRun() != null
				&& this.scheduler.nextRun().isBefore(token.expirationTime())) {
			this.scheduler.runNext();
			assertThat(this.provider.getToken().expirationTime()).isAfterOrEqualTo(token.expirationTime());
		}
		assertThat(this.clock.instant()).isBefore(token.expirationTime());
		assertThat(this.provider.getToken().accessToken()).isNotEqualTo(token.accessToken());
		assertThat(this.simulator.journal().renewals()).isOne();
		assertThat(this.simulator.journal().logins()).isOne();
	}

	@Test
	void renewalKeepsTryingThroughAnOutage() {
		AccessToken token = this.provider.getToken();
		this.simulator.failNext(16, 503);
		while (this.simulator.journal().renewals() == 0 && this.scheduler.nextRun() != null
				&& this.scheduler.nextRun().isBefore(token.expirationTime())) {
			this.scheduler.runNext();
		}
		assertThat(this.simulator.journal().renewals()).isOne();
		assertThat(this.simulator.journal().count(RequestKind.FAULT)).isEqualTo(16);
		assertThat(this.simulator.journal().sessionsOpened()).isOne();
		assertThat(this.clock.instant()).isBefore(token.expirationTime());
	}

	@Test
	void renewalThatNeverSucceedsGivesWayToLoginAtExpiry() {
		AccessToken token = this.provider.getToken();
		this.simulator.failNext(1000, 503);
		while (!this.clock.instant().isAfter(token.expirationTime()) && this.scheduler.nextRun() != null
				&& this.scheduler.nextRun().isBefore(token.expirationTime())) {
			this.clock.setInstant(this.scheduler.nextRun());
			this.scheduler.runDueTasks();
			assertThat(this.provider.getToken()).isSameAs(token);
		}
		this.simulator.reset();
		this.clock.setInstant(token.expirationTime());
		AccessToken next = this.provider.getToken();
		assertThat(next.accessToken()).isNotEqualTo(token.accessToken());
		assertThat(this.simulator.journal().logins()).isOne();
	}

	@Test
	void rejectedRenewalLogsInAgain() {
		AccessToken token = this.provider.getToken();
		this.simulator.closeAllSessions(NAME);
		this.clock.setInstant(this.scheduler.nextRun());
		this.scheduler.runDueTasks();
		assertThat(this.simulator.journal().count(RequestKind.RENEWAL_REJECTED)).isOne();
		assertThat(this.simulator.journal().logins()).isEqualTo(2);
		AccessToken next = this.provider.getToken();
		assertThat(next.accessToken()).isNotEqualTo(token.accessToken());
		assertThat(clientFor().me(next).name()).isEqualTo(NAME);
	}

	@Test
	void tokenRejectedPastItsExpiryIsReplacedByALoginWithoutACheck() {
		AccessToken token = this.provider.getToken();
		// The machine slept past the token's expiry, and its renewal has not run yet.
		this.clock.setInstant(token.expirationTime());
		AccessToken next = this.provider.recover(token);
		assertThat(next).isNotNull();
		assertThat(next.accessToken()).isNotEqualTo(token.accessToken());
		assertThat(this.provider.getToken()).isSameAs(next);
		assertThat(this.simulator.journal().logins()).isEqualTo(2);
		assertThat(this.simulator.journal().count(RequestKind.ME)).isZero();
	}

	@Test
	void tokenIsReadWithoutAClockUntilItsRenewalIsDue() {
		RenewingTokenProvider provider = this.fixture.provider(failingRenewals(), PASSWORD);
		CountingClock counting = new CountingClock(this.clock);
		provider.setClock(counting);
		AccessToken token = provider.getToken();
		long readsAfterLogin = counting.reads();
		for (int i = 0; i < 1000; i++) {
			assertThat(provider.getToken()).isSameAs(token);
		}
		assertThat(counting.reads()).isEqualTo(readsAfterLogin);
		// Once the renewal is due, and it fails, every read looks at the clock.
		this.fixture.runUntil(token.expirationTime().minus(MARGIN).plusSeconds(1));
		long readsAfterDue = counting.reads();
		assertThat(provider.getToken()).isSameAs(token);
		assertThat(counting.reads()).isGreaterThan(readsAfterDue);
	}

	@Test
	void tokenOfAStoreThatHandsOutCopiesIsReadWithoutAClock() {
		RenewingTokenProvider provider = this.fixture.provider(failingRenewals(), PASSWORD);
		// As the Redis store does: what a write returns is not the copy that reads see.
		provider.setTokenStore(new InMemoryTokenStore() {

			@Override
			public @Nullable StoredToken compareAndSet(long expectedVersion, AccessToken token, Lease lease) {
				StoredToken stored = super.compareAndSet(expectedVersion, token, lease);
				return (stored != null) ? new StoredToken(stored.token(), stored.version()) : null;
			}

		});
		CountingClock counting = new CountingClock(this.clock);
		provider.setClock(counting);
		AccessToken token = provider.getToken();
		provider.getToken();
		long reads = counting.reads();
		for (int i = 0; i < 1000; i++) {
			assertThat(provider.getToken()).isSameAs(token);
		}
		assertThat(counting.reads()).isEqualTo(reads);
	}

	@Test
	void interceptorNeverHandsOutAnExpiredToken() {
		RenewingTokenProvider provider = this.fixture.provider(failingRenewals(), PASSWORD);
		RestClient api = this.fixture.restClient(provider);
		Instant start = this.clock.instant();
		// Minute by minute, as the scheduler would run on a real clock, across the expiry
		// of the first token, whose renewals all fail.
		for (int minute = 0; minute <= 120; minute++) {
			this.fixture.runUntil(start.plus(Duration.ofMinutes(minute)));
			api.get().uri("/account/list").retrieve().toBodilessEntity();
		}
		assertThat(this.simulator.journal().requests(RequestKind.API)).hasSize(121)
			.allSatisfy((request) -> assertThat(request.validBearer()).isTrue());
		assertThat(this.simulator.journal().count(RequestKind.UNAUTHORIZED)).isZero();
		assertThat(this.simulator.journal().logins()).isEqualTo(2);
	}

	@Test
	void manyThreadsReportingTheSameRejectedTokenCauseOneLogin() throws Exception {
		AccessToken rejected = this.provider.getToken();
		this.clock.advance(Duration.ofMinutes(5));
		this.simulator.closeAllSessions(NAME);
		List<AccessToken> tokens = concurrently(64, () -> {
			this.provider.invalidate(rejected);
			return this.provider.getToken();
		});
		assertThat(tokens).extracting(AccessToken::accessToken)
			.doesNotContain(rejected.accessToken())
			.containsOnly(tokens.get(0).accessToken());
		assertThat(this.simulator.journal().logins()).isEqualTo(2);
		assertThat(this.events).filteredOn(AccessTokenRejectedEvent.class::isInstance).hasSize(1);
	}

	@Test
	void reportingATokenThatStillWorksDoesNotReplaceIt() {
		AccessToken token = this.provider.getToken();
		this.provider.invalidate(token);
		assertThat(this.provider.getToken()).isSameAs(token);
		assertThat(this.simulator.journal().logins()).isOne();
		assertThat(this.simulator.journal().count(RequestKind.ME)).isOne();
	}

	@Test
	void reportingAnAlreadyReplacedTokenDoesNothing() {
		AccessToken first = this.provider.getToken();
		this.clock.advance(Duration.ofMinutes(5));
		this.simulator.closeAllSessions(NAME);
		this.provider.invalidate(first);
		AccessToken second = this.provider.getToken();
		this.provider.invalidate(first);
		assertThat(this.provider.getToken()).isSameAs(second);
		assertThat(this.simulator.journal().logins()).isEqualTo(2);
	}

	@Test
	void providersSharingAStoreShareTheToken() {
		TokenStore store = new InMemoryTokenStore();
		this.provider.setTokenStore(store);
		RenewingTokenProvider other = provider(PASSWORD, Duration.ofSeconds(2));
		other.setTokenStore(store);
		AccessToken token = this.provider.getToken();
		assertThat(other.getToken()).isSameAs(token);
		assertThat(this.simulator.journal().logins()).isOne();
	}

	@Test
	void closeStopsRenewal() {
		this.provider.getToken();
		assertThat(this.scheduler.pendingTasks()).isOne();
		this.provider.close();
		assertThat(this.scheduler.pendingTasks()).isZero();
	}

	@Test
	void toStringShowsNoSecret() {
		AccessToken token = this.provider.getToken();
		assertThat(this.provider.toString()).contains(NAME)
			.doesNotContain(PASSWORD)
			.doesNotContain(token.accessToken());
	}

	private RenewingTokenProvider provider(String password, Duration readTimeout) {
		return this.fixture.provider(this.fixture.client(readTimeout), password);
	}

	private TradovateAuthClient failingRenewals() {
		return new TradovateAuthClient(RestClient.builder().baseUrl(this.simulator.baseUrl().toString()).build(),
				this.simulator.baseUrl()) {

			@Override
			public AccessToken renew(AccessToken token) {
				throw new TradovateUnavailableException("Renewals fail in this test", null);
			}

		};
	}

	private TradovateAuthClient clientFor() {
		return TradovateAuthClient.create(this.simulator.baseUrl(), Duration.ofSeconds(1), Duration.ofSeconds(2));
	}

	private static CredentialsRejectedException catchRejection(RenewingTokenProvider provider) {
		try {
			provider.getToken();
		}
		catch (CredentialsRejectedException ex) {
			return ex;
		}
		throw new AssertionError("Expected the login to be refused");
	}

	/** Runs the task on that many threads, released at the same moment. */
	private static <T> List<T> concurrently(int threads, Callable<T> task) throws Exception {
		return Concurrently.run(threads, (index) -> task.call());
	}

	/** A clock that counts how often it is read. */
	private static final class CountingClock extends Clock {

		private final Clock clock;

		private final AtomicLong reads = new AtomicLong();

		CountingClock(Clock clock) {
			this.clock = clock;
		}

		long reads() {
			return this.reads.get();
		}

		@Override
		public Instant instant() {
			this.reads.incrementAndGet();
			return this.clock.instant();
		}

		@Override
		public long millis() {
			this.reads.incrementAndGet();
			return this.clock.millis();
		}

		@Override
		public ZoneId getZone() {
			return this.clock.getZone();
		}

		@Override
		public Clock withZone(ZoneId zone) {
			throw new UnsupportedOperationException();
		}

	}

}
