package io.github.futuresauth.tradovate.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.lang.Contract;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.Assert;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * A {@link TokenProvider} that logs in once and then keeps its token alive by renewing it ahead of
 * expiry, so that an application holds one Tradovate session for as long as it runs.
 * <p>
 * <b>Reading</b> the token is lock-free: {@link #getToken()} returns the stored token while it has
 * not expired, whatever else is going on. Only when there is no valid token does a caller wait,
 * and then all concurrent callers wait for the same login: one login, whose token or failure they
 * all receive.
 * <p>
 * <b>Renewal</b> runs in the background on a {@link TaskScheduler}, so an idle application stays
 * logged in too. It is scheduled {@link #setRenewalMargin(Duration) the renewal margin} before
 * {@code expirationTime}, but never earlier than half-way through the token's remaining life (a
 * margin longer than the lifetime then cannot cause a renewal storm), less a little random jitter
 * so that many instances do not renew in lockstep. A renewal that fails keeps the current token in
 * service and is tried again on the retry policy's back-off; only when the token has expired, or
 * Tradovate rejected it, does the provider log in again.
 * <p>
 * <b>Failures</b> that may pass (I/O errors, timeouts, {@code 408}, {@code 429}, {@code 5xx}) are
 * retried with the {@link #setRetryPolicy(RetryPolicy) retry policy}; the others are not. After a
 * login is refused (wrong credentials, inactive user, captcha) the provider does not send another
 * login for a while and hands the same exception to callers instead, because repeated failed
 * logins lock the account: for a minute, or an hour after a captcha penalty.
 * <p>
 * Where the token lives is up to the {@link TokenStore}. Call {@link #close()} to stop renewing.
 */
public class RenewingTokenProvider implements TokenProvider, ApplicationEventPublisherAware, AutoCloseable {

	/** How long a refused login is remembered and handed out instead of sending a new one. */
	static final Duration REFUSED_LOGIN_HOLD = Duration.ofMinutes(1);

	/** How long a captcha penalty is remembered: Tradovate documents that it lasts about an hour. */
	static final Duration CAPTCHA_HOLD = Duration.ofHours(1);

	private static final Log logger = LogFactory.getLog(RenewingTokenProvider.class);

	private final TradovateAuthClient client;

	private final TradovateCredentials credentials;

	private TokenStore tokenStore = new InMemoryTokenStore();

	private Clock clock = Clock.systemUTC();

	private @Nullable TaskScheduler taskScheduler;

	private @Nullable ThreadPoolTaskScheduler ownTaskScheduler;

	private Duration renewalMargin = Duration.ofMinutes(15);

	private BackOff backOff;

	private RetryTemplate retryTemplate;

	private ApplicationEventPublisher eventPublisher = (event) -> {
	};

	private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	/** Held by whoever logs in or renews, never by readers. */
	private final ReentrantLock lock = new ReentrantLock();

	/** The outcome of the latest login, so that callers who waited for it can share it. */
	private volatile LoginAttempt lastLogin = LoginAttempt.NONE;

	private volatile @Nullable Instant lastRenewal;

	private @Nullable ScheduledFuture<?> scheduledRefresh;

	private @Nullable BackOffExecution refreshBackOff;

	private boolean closed;

	/**
	 * Create a provider that logs in with the given client and credentials.
	 * @param client the client for Tradovate's authentication endpoints
	 * @param credentials the credentials to log in with
	 */
	public RenewingTokenProvider(TradovateAuthClient client, TradovateCredentials credentials) {
		Assert.notNull(client, "TradovateAuthClient must not be null");
		Assert.notNull(credentials, "TradovateCredentials must not be null");
		this.client = client;
		this.credentials = credentials;
		setRetryPolicy(RetryPolicy.builder()
			.maxRetries(3)
			.delay(Duration.ofSeconds(1))
			.multiplier(2)
			.maxDelay(Duration.ofSeconds(30))
			.build());
	}

	/**
	 * Set where the token is kept. Defaults to an {@link InMemoryTokenStore}.
	 * @param tokenStore the store to use
	 */
	public void setTokenStore(TokenStore tokenStore) {
		Assert.notNull(tokenStore, "TokenStore must not be null");
		this.tokenStore = tokenStore;
	}

	/**
	 * Set the clock that tells whether the token has expired and when to renew it. Defaults to the
	 * system clock in UTC.
	 * @param clock the clock to use
	 */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "Clock must not be null");
		this.clock = clock;
	}

	/**
	 * Set the scheduler that runs renewals. Its clock should agree with {@link #setClock(Clock)}.
	 * Defaults to a single daemon thread of the provider's own, shut down by {@link #close()}; a
	 * scheduler set here is not shut down by the provider.
	 * @param taskScheduler the scheduler to use
	 */
	public void setTaskScheduler(TaskScheduler taskScheduler) {
		Assert.notNull(taskScheduler, "TaskScheduler must not be null");
		this.taskScheduler = taskScheduler;
	}

	/**
	 * Set how long before {@code expirationTime} the token is renewed. Defaults to 15 minutes.
	 * @param renewalMargin the time before expiry to renew at
	 */
	public void setRenewalMargin(Duration renewalMargin) {
		Assert.isTrue(renewalMargin != null && !renewalMargin.isNegative() && !renewalMargin.isZero(),
				"Renewal margin must be positive");
		this.renewalMargin = renewalMargin;
	}

	/**
	 * Set how often and how long apart failed calls to Tradovate are sent again, and how failed
	 * background renewals are spaced. Whatever the policy says, only failures that may pass are
	 * retried (see {@link TradovateAuthException#isTransient()}). Defaults to three retries, one
	 * second apart at first, doubling up to thirty seconds.
	 * @param retryPolicy the policy to use
	 */
	public void setRetryPolicy(RetryPolicy retryPolicy) {
		Assert.notNull(retryPolicy, "RetryPolicy must not be null");
		this.backOff = retryPolicy.getBackOff();
		this.retryTemplate = new RetryTemplate(new TransientFailuresOnly(retryPolicy));
	}

	/**
	 * Set the publisher of {@link AccessTokenEvent}s.
	 * @param eventPublisher the publisher to use
	 */
	@Override
	public void setApplicationEventPublisher(ApplicationEventPublisher eventPublisher) {
		Assert.notNull(eventPublisher, "ApplicationEventPublisher must not be null");
		this.eventPublisher = eventPublisher;
	}

	/**
	 * Set the registry that observes logins ({@code tradovate.auth.login}) and renewals
	 * ({@code tradovate.auth.renewal}). Defaults to {@link ObservationRegistry#NOOP}.
	 * @param observationRegistry the registry to use
	 */
	public void setObservationRegistry(ObservationRegistry observationRegistry) {
		Assert.notNull(observationRegistry, "ObservationRegistry must not be null");
		this.observationRegistry = observationRegistry;
	}

	@Override
	public AccessToken getToken() {
		// Read before the token, so that a login that ends in between is seen as "ran while we waited".
		LoginAttempt seen = this.lastLogin;
		AccessToken token = storedToken();
		return isValid(token) ? token : acquire(seen);
	}

	private AccessToken acquire(LoginAttempt seen) {
		this.lock.lock();
		try {
			LoginAttempt last = this.lastLogin;
			if (last != seen && last.failure() != null) {
				throw last.failure();
			}
			AccessToken token = storedToken();
			if (isValid(token)) {
				return token;
			}
			if (token != null) {
				removeToken(token);
			}
			return login();
		}
		finally {
			this.lock.unlock();
		}
	}

	@Contract("null -> false")
	private boolean isValid(@Nullable AccessToken token) {
		return token != null && !token.isExpired(this.clock.instant());
	}

	@Override
	public void invalidate(AccessToken token) {
		Assert.notNull(token, "AccessToken must not be null");
		this.lock.lock();
		try {
			AccessToken current = storedToken();
			if (current != null && current.accessToken().equals(token.accessToken())) {
				logger.info("Tradovate rejected the access token of user '" + current.name() + "'; logging in again");
				removeToken(current);
				cancelScheduledRefresh();
				publish(new AccessTokenRejectedEvent(this, current));
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return the clock that tells whether the token has expired.
	 * @return the clock
	 */
	public Clock getClock() {
		return this.clock;
	}

	/**
	 * Return the current token without logging in.
	 * @return the stored token, which may have expired, or {@code null} when there is none
	 */
	public @Nullable AccessToken getCurrentToken() {
		return storedToken();
	}

	/**
	 * Return when the token was last renewed.
	 * @return the instant of the last successful renewal, or {@code null} when there was none
	 */
	public @Nullable Instant getLastRenewal() {
		return this.lastRenewal;
	}

	/**
	 * Return why the latest login failed.
	 * @return the failure of the latest login, or {@code null} when it succeeded or there was none
	 */
	public @Nullable TradovateAuthException getLastLoginFailure() {
		return this.lastLogin.failure();
	}

	/**
	 * Stop renewing, and shut down the provider's own scheduler. The stored token is left as it is.
	 */
	@Override
	public void close() {
		this.lock.lock();
		try {
			this.closed = true;
			cancelScheduledRefresh();
			if (this.ownTaskScheduler != null) {
				this.ownTaskScheduler.shutdown();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Logs in and stores the token. Callers hold the lock. */
	private AccessToken login() {
		LoginAttempt last = this.lastLogin;
		Instant now = this.clock.instant();
		if (last.failure() != null && now.isBefore(last.holdUntil())) {
			throw last.failure();
		}
		AccessToken token;
		try {
			token = requireUnexpired(observe("tradovate.auth.login",
					() -> retry("login", () -> this.client.login(this.credentials))));
		}
		catch (TradovateAuthException ex) {
			Duration hold = (ex.isTransient()) ? Duration.ZERO
					: (ex instanceof CaptchaRequiredException) ? CAPTCHA_HOLD : REFUSED_LOGIN_HOLD;
			this.lastLogin = new LoginAttempt(ex, this.clock.instant().plus(hold));
			logger.error("Could not log in to Tradovate: " + ex.getMessage());
			publish(new AccessTokenFailedEvent(this, AccessTokenFailedEvent.Operation.LOGIN, ex));
			throw ex;
		}
		this.lastLogin = new LoginAttempt(null, now);
		putToken(token);
		this.refreshBackOff = null;
		logger.info("Logged in to Tradovate as user '" + token.name() + "'; the token expires at "
				+ token.expirationTime());
		scheduleRenewal(token);
		publish(new AccessTokenAcquiredEvent(this, token));
		return token;
	}

	/**
	 * Refuses a token that has expired by this machine's clock as it arrives. Serving it would
	 * send callers straight back to log in, and each login opens a session.
	 */
	private AccessToken requireUnexpired(AccessToken token) {
		Instant now = this.clock.instant();
		if (token.isExpired(now)) {
			throw new TradovateAuthException("Tradovate issued a token that expires at " + token.expirationTime()
					+ ", which has passed by this machine's clock (" + now + "); check the clock");
		}
		return token;
	}

	/** Runs on the scheduler: renews the token, or logs in when renewing is no longer possible. */
	private void refresh() {
		this.lock.lock();
		try {
			if (this.closed) {
				return;
			}
			AccessToken current = storedToken();
			if (!isValid(current)) {
				if (current != null) {
					removeToken(current);
				}
				loginInBackground();
				return;
			}
			AccessToken renewed;
			try {
				renewed = requireUnexpired(observe("tradovate.auth.renewal",
						() -> retry("renewal", () -> this.client.renew(current))));
			}
			catch (TokenRejectedException ex) {
				logger.warn("Tradovate refused to renew the access token; logging in again: " + ex.getMessage());
				publish(new AccessTokenFailedEvent(this, AccessTokenFailedEvent.Operation.RENEWAL, ex));
				removeToken(current);
				loginInBackground();
				return;
			}
			catch (TradovateAuthException ex) {
				logger.warn("Could not renew the Tradovate access token, which stays in use until "
						+ current.expirationTime() + ": " + ex.getMessage());
				publish(new AccessTokenFailedEvent(this, AccessTokenFailedEvent.Operation.RENEWAL, ex));
				scheduleRetry(current.expirationTime());
				return;
			}
			putToken(renewed);
			this.lastRenewal = this.clock.instant();
			this.refreshBackOff = null;
			logger.info("Renewed the Tradovate access token of user '" + renewed.name() + "'; it now expires at "
					+ renewed.expirationTime());
			scheduleRenewal(renewed);
			publish(new AccessTokenRenewedEvent(this, renewed));
		}
		catch (RuntimeException ex) {
			logger.error("Unexpected failure while refreshing the Tradovate access token", ex);
		}
		finally {
			this.lock.unlock();
		}
	}

	private void loginInBackground() {
		// Renewals may have spent the back-off; the login gets one of its own.
		this.refreshBackOff = null;
		try {
			login();
		}
		catch (TradovateAuthException ex) {
			if (ex.isTransient()) {
				scheduleRetry(null);
			}
			// Otherwise the refusal is held, and the next caller will see it.
		}
	}

	/** Schedules the renewal of a fresh token. Callers hold the lock. */
	private void scheduleRenewal(AccessToken token) {
		Instant now = this.clock.instant();
		Duration remaining = Duration.between(now, token.expirationTime());
		if (remaining.isNegative()) {
			remaining = Duration.ZERO;
		}
		Duration lead = this.renewalMargin.compareTo(remaining.dividedBy(2)) < 0 ? this.renewalMargin
				: remaining.dividedBy(2);
		long jitterMillis = ThreadLocalRandom.current().nextLong(lead.toMillis() / 10 + 1);
		schedule(token.expirationTime().minus(lead).minusMillis(jitterMillis));
	}

	/**
	 * Schedules the next attempt after a failed one, on the retry policy's back-off. Renewal of a
	 * token that is still valid goes on after the back-off is spent, half-way to expiry each time
	 * (no more often than the back-off's first delay), because giving up would mean a new login and
	 * a second session; at expiry a login replaces it. A background login that keeps failing is
	 * given up when the back-off is spent, leaving the next caller to try.
	 */
	private void scheduleRetry(@Nullable Instant expirationTime) {
		if (this.refreshBackOff == null) {
			this.refreshBackOff = this.backOff.start();
		}
		Instant now = this.clock.instant();
		long delay = this.refreshBackOff.nextBackOff();
		if (delay == BackOffExecution.STOP) {
			if (expirationTime == null) {
				return;
			}
			long firstDelay = Math.max(0, this.backOff.start().nextBackOff());
			delay = Math.max(Duration.between(now, expirationTime).toMillis() / 2, firstDelay);
		}
		Instant at = now.plusMillis(delay);
		schedule((expirationTime != null && expirationTime.isBefore(at)) ? expirationTime : at);
	}

	private void schedule(Instant at) {
		if (this.closed) {
			return;
		}
		cancelScheduledRefresh();
		this.scheduledRefresh = taskScheduler().schedule(this::refresh, at);
	}

	private void cancelScheduledRefresh() {
		if (this.scheduledRefresh != null) {
			this.scheduledRefresh.cancel(false);
			this.scheduledRefresh = null;
		}
	}

	private TaskScheduler taskScheduler() {
		if (this.taskScheduler == null) {
			ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
			scheduler.setThreadNamePrefix("tradovate-token-");
			scheduler.setDaemon(true);
			scheduler.setClock(this.clock);
			scheduler.setRemoveOnCancelPolicy(true);
			scheduler.initialize();
			this.ownTaskScheduler = scheduler;
			this.taskScheduler = scheduler;
		}
		return this.taskScheduler;
	}

	private AccessToken observe(String name, Supplier<AccessToken> action) {
		return Observation.createNotStarted(name, this.observationRegistry)
			.lowCardinalityKeyValue("user", this.credentials.name())
			.observe(action);
	}

	private AccessToken retry(String name, Supplier<AccessToken> call) {
		try {
			return this.retryTemplate.execute(new Retryable<>() {

				@Override
				public AccessToken execute() {
					return call.get();
				}

				@Override
				public String getName() {
					return "tradovate." + name;
				}

			});
		}
		catch (RetryException ex) {
			if (ex.getCause() instanceof TradovateAuthException failure) {
				throw failure;
			}
			if (ex.getCause() instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			throw new TradovateAuthException("Tradovate " + name + " failed", ex.getCause());
		}
	}

	private @Nullable AccessToken storedToken() {
		StoredToken stored = this.tokenStore.current();
		return (stored != null) ? stored.token() : null;
	}

	private void putToken(AccessToken token) {
		withLease((lease) -> {
			StoredToken stored = this.tokenStore.current();
			this.tokenStore.compareAndSet((stored != null) ? stored.version() : 0, token, lease);
		});
	}

	private void removeToken(AccessToken token) {
		withLease((lease) -> {
			StoredToken stored = this.tokenStore.current();
			if (stored != null && stored.token().equals(token)) {
				this.tokenStore.remove(stored.version(), lease);
			}
		});
	}

	private void withLease(java.util.function.Consumer<Lease> action) {
		Lease lease = this.tokenStore.tryAcquireLease(toString(), Duration.ofMinutes(1));
		if (lease != null) {
			try {
				action.accept(lease);
			}
			finally {
				this.tokenStore.releaseLease(lease);
			}
		}
	}

	private void publish(ApplicationEvent event) {
		try {
			this.eventPublisher.publishEvent(event);
		}
		catch (RuntimeException ex) {
			logger.warn("A listener failed on " + event.getClass().getSimpleName(), ex);
		}
	}

	@Override
	public String toString() {
		return "RenewingTokenProvider[user=" + this.credentials.name() + ", renewalMargin=" + this.renewalMargin + "]";
	}

	/**
	 * The outcome of a login: {@code failure} is {@code null} when it succeeded. A failure is
	 * handed to later callers until {@code holdUntil}.
	 */
	private record LoginAttempt(@Nullable TradovateAuthException failure, Instant holdUntil) {

		static final LoginAttempt NONE = new LoginAttempt(null, Instant.MIN);

	}

	/**
	 * Narrows a retry policy to the failures that may pass, whatever it would retry otherwise:
	 * sending a refused login again only brings the account closer to a lock-out.
	 */
	private record TransientFailuresOnly(RetryPolicy delegate) implements RetryPolicy {

		@Override
		public boolean shouldRetry(Throwable throwable) {
			return throwable instanceof TradovateAuthException failure && failure.isTransient()
					&& this.delegate.shouldRetry(throwable);
		}

		@Override
		public @Nullable Duration getTimeout() {
			return this.delegate.getTimeout();
		}

		@Override
		public BackOff getBackOff() {
			return this.delegate.getBackOff();
		}

	}

}
