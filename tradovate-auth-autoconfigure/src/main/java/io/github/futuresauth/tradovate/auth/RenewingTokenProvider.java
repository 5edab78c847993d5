package io.github.futuresauth.tradovate.auth;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.Assert;
import org.springframework.util.backoff.BackOffExecution;

/**
 * A {@link TokenProvider} that logs in once and then keeps its token alive by renewing it
 * ahead of expiry, so that an application holds one Tradovate session for as long as it
 * runs, and never spends more logins, sessions or renewals than Tradovate tolerates.
 * <p>
 * <b>Reading</b> the token is lock-free: {@link #getToken()} returns the stored token
 * while it has not expired in Tradovate's time (see {@link ServerClock}). Only when there
 * is no valid token does a caller wait, for at most {@link #setTokenWaitTimeout(Duration)
 * the token wait timeout}, and then all concurrent callers wait for the same login and
 * share its token.
 * <p>
 * <b>Every request to {@code /auth/*}</b> goes through the {@link AuthBudget}, which
 * keeps to Tradovate's hourly limits and holds logins after a time penalty, a captcha, a
 * refusal or while Tradovate is unavailable. Callers who need a login during a hold get a
 * {@link LoginHeldException} at once, saying why and for how long; where waiting helps,
 * the provider logs in by itself when the hold ends.
 * <p>
 * <b>Renewal</b> runs in the background on a {@link TaskScheduler}, on the
 * {@link RenewalSchedule}. A renewal that fails keeps the token in service and is tried
 * again before it expires.
 * <p>
 * <b>A rejected token</b> is not replaced on the word of one {@code 401}: the provider
 * first asks {@code /auth/me} whether the token still works, and logs in again only when
 * it does not. Requests that keep failing with {@code 408}, {@code 429} or {@code 5xx},
 * which is how Tradovate may answer a token whose session was closed, lead to the same
 * check.
 * <p>
 * The token and the ledger of requests live in a {@link TokenStore}. Logins, renewals and
 * checks are made only while holding the store's lease, so that when the store is shared
 * by a fleet, one instance at a time spends the fleet's budget. Call {@link #close()} to
 * stop renewing.
 */
public class RenewingTokenProvider
		implements TokenProvider, TokenStatusSource, ApplicationEventPublisherAware, AutoCloseable {

	/**
	 * How many checks in a row, {@link #RECHECK_DELAY} apart, answered with 408, 429 or
	 * 5xx make a suspected session dead: one bad answer could be a passing fault.
	 */
	static final int UNANSWERED_CHECKS_FOR_DEAD = 3;

	/** How often an instance waiting for another one's login asks for the lease again. */
	static final Duration LEASE_RETRY = Duration.ofSeconds(1);

	/** How long after an unanswered check the next one goes out. */
	static final Duration RECHECK_DELAY = Duration.ofSeconds(5);

	/** The hold after the first login that failed for a reason that may pass. */
	private static final Duration FIRST_UNAVAILABLE_HOLD = Duration.ofSeconds(30);

	private static final Log logger = LogFactory.getLog(RenewingTokenProvider.class);

	private final TradovateAuthClient client;

	private final TradovateCredentials credentials;

	private final String owner = ownerId();

	private TokenStore tokenStore = new InMemoryTokenStore();

	private Clock clock = Clock.systemUTC();

	private ServerClock serverClock = new ServerClock(this.clock);

	private @Nullable TaskScheduler taskScheduler;

	private @Nullable ThreadPoolTaskScheduler ownTaskScheduler;

	private RenewalSchedule renewalSchedule = new RenewalSchedule(Duration.ofMinutes(15));

	private CallRetry callRetry;

	private AuthBudget budget;

	private Duration tokenWaitTimeout = Duration.ofSeconds(30);

	private Duration leaseTime = Duration.ofMinutes(2);

	private ApplicationEventPublisher eventPublisher = (event) -> {
	};

	private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	/** Held by whoever sends a request to /auth/*, never by readers. */
	private final ReentrantLock authLock = new ReentrantLock();

	/** The login in progress, which callers who need a token wait for. */
	private final AtomicReference<@Nullable CompletableFuture<AccessToken>> flight = new AtomicReference<>();

	private final Object scheduleMonitor = new Object();

	/** The ticket of the latest time penalty, kept until a login carries it. */
	private volatile @Nullable String penaltyTicket;

	private volatile @Nullable TradovateAuthException lastFailure;

	private volatile @Nullable Instant lastRenewal;

	private volatile @Nullable Verified verified;

	/** The token that the last read found usable, so that the next read costs less. */
	private volatile Usable usable = Usable.NONE;

	/**
	 * The token version whose session is under suspicion, and how many checks went
	 * unanswered.
	 */
	private volatile Suspicion suspicion = Suspicion.NONE;

	/**
	 * A token renewed while the store could not be reached, with the version of the
	 * stored token it was renewed from: it serves this instance until the store holds a
	 * newer version, and is written back to the store once it can be reached again.
	 */
	private volatile @Nullable StoredToken localRenewal;

	/**
	 * When renewals went out while the store could not be reached, so that they count
	 * against the hourly limit until the store has them. Guarded by the lock.
	 */
	private final List<Instant> renewalsWithoutStore = new ArrayList<>();

	/**
	 * The latest token this instance knew to be good, so that a store that lost
	 * everything (a Redis restarted empty) can be given it back rather than cost a login.
	 */
	private volatile @Nullable AccessToken lastKnown;

	private @Nullable ScheduledFuture<?> scheduledRefresh;

	private volatile @Nullable Instant nextRefresh;

	/** The version of the token that the scheduled refresh is meant to renew. */
	private volatile long scheduledVersion;

	private @Nullable BackOffExecution renewalBackOff;

	private volatile boolean closed;

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
		this.client.setServerClock(this.serverClock);
		setRetryPolicy(RetryPolicy.builder()
			.maxRetries(3)
			.delay(Duration.ofSeconds(1))
			.multiplier(2)
			.maxDelay(Duration.ofSeconds(30))
			.build());
		this.budget = new AuthBudget(AuthLimits.TRADOVATE, FIRST_UNAVAILABLE_HOLD);
	}

	/**
	 * Set where the token and the ledger of requests are kept. Defaults to an
	 * {@link InMemoryTokenStore}.
	 * @param tokenStore the store to use
	 */
	public void setTokenStore(TokenStore tokenStore) {
		Assert.notNull(tokenStore, "TokenStore must not be null");
		this.tokenStore = tokenStore;
		tokenStore.addChangeListener(this::storeChanged);
	}

	/**
	 * Set this machine's clock, from which Tradovate's time is estimated. Defaults to the
	 * system clock in UTC.
	 * @param clock the clock to use
	 */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "Clock must not be null");
		this.clock = clock;
		this.serverClock = new ServerClock(clock);
		this.client.setServerClock(this.serverClock);
		this.callRetry = new CallRetry(this.callRetry.getPolicy(), clock);
	}

	/**
	 * Set the scheduler that runs renewals and background logins. Its clock should agree
	 * with {@link #setClock(Clock)}. Defaults to a single daemon thread of the provider's
	 * own, shut down by {@link #close()}; a scheduler set here is not shut down by the
	 * provider.
	 * @param taskScheduler the scheduler to use
	 */
	public void setTaskScheduler(TaskScheduler taskScheduler) {
		Assert.notNull(taskScheduler, "TaskScheduler must not be null");
		this.taskScheduler = taskScheduler;
	}

	/**
	 * Set how long before {@code expirationTime} the token is renewed. Defaults to 15
	 * minutes.
	 * @param renewalMargin the time before expiry to renew at
	 */
	public void setRenewalMargin(Duration renewalMargin) {
		this.renewalSchedule = new RenewalSchedule(renewalMargin);
	}

	/**
	 * Set how often and how long apart failed calls to Tradovate are sent again, while a
	 * caller waits and in the background. Whatever the policy says, only failures that
	 * may pass are retried, never after Tradovate asked to wait, and never beyond what
	 * the {@link #setLimits(AuthLimits) limits} allow. The longest delay of its back-off
	 * also spaces background logins while Tradovate is unavailable. Defaults to three
	 * retries, one second apart at first, doubling up to thirty seconds.
	 * @param retryPolicy the policy to use
	 */
	public void setRetryPolicy(RetryPolicy retryPolicy) {
		Assert.notNull(retryPolicy, "RetryPolicy must not be null");
		this.callRetry = new CallRetry(retryPolicy, this.clock);
	}

	/**
	 * Set how many requests to {@code /auth/*} may go out in an hour, and how far apart
	 * logins must be. Defaults to {@link AuthLimits#TRADOVATE Tradovate's published
	 * limits}.
	 * @param limits the limits
	 */
	public void setLimits(AuthLimits limits) {
		Assert.notNull(limits, "AuthLimits must not be null");
		this.budget = new AuthBudget(limits, FIRST_UNAVAILABLE_HOLD);
	}

	/**
	 * Set how long a caller waits for a token while another caller logs in, before it
	 * gets a {@link TradovateUnavailableException}. Defaults to 30 seconds.
	 * @param tokenWaitTimeout the longest wait
	 */
	public void setTokenWaitTimeout(Duration tokenWaitTimeout) {
		Assert.isTrue(tokenWaitTimeout != null && !tokenWaitTimeout.isNegative() && !tokenWaitTimeout.isZero(),
				"Token wait timeout must be positive");
		this.tokenWaitTimeout = tokenWaitTimeout;
	}

	/**
	 * Set how long the store's lease is taken for, at most, by one login, renewal or
	 * check. It must outlast a login with its retries. Defaults to 2 minutes.
	 * @param leaseTime the lease time
	 */
	public void setLeaseTime(Duration leaseTime) {
		Assert.isTrue(leaseTime != null && !leaseTime.isNegative() && !leaseTime.isZero(),
				"Lease time must be positive");
		this.leaseTime = leaseTime;
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
		StoredToken stored = current();
		if (stored == null) {
			return acquire();
		}
		// Every request reads the token: for one already found usable, a clock read and a
		// comparison tell whether it still is, with no Instant made.
		Usable usable = this.usable;
		if (usable.stored() == stored && usable.offset() == this.serverClock.getOffset()
				&& this.clock.millis() < usable.untilMillis()) {
			return stored.token();
		}
		if (isUsable(stored.token())) {
			this.usable = new Usable(stored, this.serverClock.getOffset(),
					this.serverClock.toLocal(stored.token().expirationTime()).toEpochMilli());
			// A token that the store held before this provider started (one kept in a
			// file across a restart) has no renewal scheduled yet.
			ensureScheduled(stored);
			return stored.token();
		}
		return acquire();
	}

	/** The store's token, or one renewed while the store could not be reached. */
	private @Nullable StoredToken current() {
		StoredToken stored = this.tokenStore.current();
		StoredToken local = this.localRenewal;
		return (local == null || (stored != null && stored.version() > local.version())) ? stored : local;
	}

	private boolean isUsable(AccessToken token) {
		return !token.isExpired(this.serverClock.instant());
	}

	private AccessToken acquire() {
		requireNotReentrant();
		long deadline = System.nanoTime() + this.tokenWaitTimeout.toNanos();
		for (;;) {
			StoredToken stored = current();
			if (stored != null && isUsable(stored.token())) {
				// A login that ended meanwhile, here or on another instance.
				return stored.token();
			}
			throwIfHeld();
			CompletableFuture<AccessToken> current = this.flight.get();
			if (current == null) {
				CompletableFuture<AccessToken> mine = new CompletableFuture<>();
				if (!this.flight.compareAndSet(null, mine)) {
					continue;
				}
				try {
					AccessToken token = lead(deadline);
					mine.complete(token);
					return token;
				}
				catch (RuntimeException ex) {
					mine.completeExceptionally(ex);
					throw ex;
				}
				finally {
					this.flight.compareAndSet(mine, null);
				}
			}
			try {
				return current.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			}
			catch (TimeoutException ex) {
				throw waitTimedOut();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new TradovateAuthException("Interrupted while waiting for a Tradovate access token", ex);
			}
			catch (ExecutionException ex) {
				// The login this caller waited for failed. A failure that led to a hold
				// is answered, by the next round, with the hold; an interrupted login is
				// taken over; anything else is passed on, in an exception of this
				// caller's own.
				if (ex.getCause() instanceof CallRetry.InterruptedLoginException || heldNow() != null) {
					continue;
				}
				StoredToken after = current();
				if (after != null && isUsable(after.token())) {
					return after.token();
				}
				throw new TradovateAuthException(
						"Could not obtain a Tradovate access token: " + ex.getCause().getMessage(), ex.getCause());
			}
		}
	}

	private void requireNotReentrant() {
		if (this.authLock.isHeldByCurrentThread()) {
			throw new IllegalStateException("A token was requested while logging in to Tradovate: the RestClient of"
					+ " the TradovateAuthClient carries the TradovateBearerTokenInterceptor. Build the"
					+ " TradovateAuthClient's RestClient with RestClient.builder() (or TradovateAuthClient.create),"
					+ " not from Spring Boot's RestClient.Builder bean");
		}
	}

	/**
	 * Throws a caller's own exception when a hold stops logins now. The spacing between
	 * logins is left to the login itself: a login that has just happened is why it
	 * applies, and its token may simply not have reached this instance's copy of the
	 * store yet.
	 */
	private void throwIfHeld() {
		Hold hold = heldNow();
		if (hold != null && hold.reason() != HoldReason.INTERVAL) {
			scheduleBackgroundLogin(hold);
			throw AuthBudget.held(hold, this.serverClock.instant(), this.lastFailure);
		}
	}

	private @Nullable Hold heldNow() {
		Instant now = this.serverClock.instant();
		return this.budget.loginHold(this.tokenStore.ledger().trimmed(now), now, this.owner, this.credentials);
	}

	private TradovateUnavailableException waitTimedOut() {
		return new TradovateUnavailableException("No Tradovate access token within " + this.tokenWaitTimeout.toMillis()
				+ " ms: a login is still in progress (tradovate.token-wait-timeout)", null);
	}

	/** Logs in for the callers who are waiting. */
	private AccessToken lead(long deadline) {
		lockUntil(deadline);
		try {
			// Retries end well within the lease, so that no other instance can take it
			// meanwhile.
			Instant localDeadline = earliest(this.clock.instant().plusNanos(Math.max(0, deadline - System.nanoTime())),
					this.clock.instant().plus(this.leaseTime.dividedBy(2)));
			for (;;) {
				StoredToken stored = current();
				if (stored != null && isUsable(stored.token())) {
					return stored.token();
				}
				AccessToken token = withLease((lease) -> {
					// Another instance may have stored a token since the local copy was
					// made.
					StoredToken fresh = this.tokenStore.read();
					if (fresh != null && isUsable(fresh.token())) {
						ensureScheduled(fresh);
						return fresh.token();
					}
					AccessToken restored = restoreLastKnown(lease, fresh);
					return (restored != null) ? restored : login(lease, fresh, localDeadline);
				});
				if (token != null) {
					return token;
				}
				// Another instance of the fleet holds the lease: wait for the token it
				// stores, and take the lease over should its holder have stopped and the
				// lease expired.
				AccessToken arrived = awaitOtherInstance(stored,
						Math.min(deadline, System.nanoTime() + LEASE_RETRY.toNanos()), deadline);
				if (arrived != null) {
					return arrived;
				}
			}
		}
		finally {
			this.authLock.unlock();
		}
	}

	/**
	 * Gives a store that lost its token (a Redis restarted empty) the token this instance
	 * still knows to be good, rather than spend a login and a session. Callers hold the
	 * lock and lease.
	 */
	private @Nullable AccessToken restoreLastKnown(Lease lease, @Nullable StoredToken fresh) {
		AccessToken known = this.lastKnown;
		if (fresh != null || known == null || !isUsable(known)) {
			return null;
		}
		StoredToken restored = this.tokenStore.compareAndSet(0, known, lease);
		if (restored == null) {
			return null;
		}
		logger.info("Gave the token store, which had lost it, the Tradovate access token of user '" + known.name()
				+ "' that is still valid, rather than logging in again");
		scheduleRenewal(restored);
		return known;
	}

	private static Instant earliest(Instant first, Instant second) {
		return first.isBefore(second) ? first : second;
	}

	private void lockUntil(long deadline) {
		try {
			if (!this.authLock.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
				throw waitTimedOut();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CallRetry.InterruptedLoginException("Interrupted while waiting for a Tradovate access token", ex);
		}
	}

	/**
	 * Another instance of the fleet holds the lease: wait for the token that it stores.
	 * @param seen the token this instance had, which does not count
	 * @param until when to stop waiting and try the lease again
	 * @param deadline when the caller stops waiting
	 * @return the new token, or {@code null} when {@code until} came first
	 */
	private @Nullable AccessToken awaitOtherInstance(@Nullable StoredToken seen, long until, long deadline) {
		synchronized (this.scheduleMonitor) {
			for (;;) {
				StoredToken stored = current();
				if (stored != null && !stored.equals(seen) && isUsable(stored.token())) {
					ensureScheduled(stored);
					return stored.token();
				}
				throwIfHeld();
				long now = System.nanoTime();
				if (now - deadline >= 0) {
					throw waitTimedOut();
				}
				if (now - until >= 0) {
					return null;
				}
				try {
					TimeUnit.NANOSECONDS.timedWait(this.scheduleMonitor, until - now);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new CallRetry.InterruptedLoginException(
							"Interrupted while waiting for a Tradovate access token", ex);
				}
			}
		}
	}

	/**
	 * Waits, at most the token wait timeout, for the store to hold a token other than the
	 * given one.
	 */
	private @Nullable AccessToken awaitReplacement(StoredToken seen) {
		try {
			long deadline = System.nanoTime() + this.tokenWaitTimeout.toNanos();
			AccessToken next = awaitOtherInstance(seen, deadline, deadline);
			return (next == null || next.accessToken().equals(seen.token().accessToken())) ? null : next;
		}
		catch (TradovateAuthException ex) {
			// No replacement now: the caller keeps its 401.
			return null;
		}
	}

	private void storeChanged() {
		StoredToken stored = this.tokenStore.current();
		if (stored != null) {
			this.lastKnown = stored.token();
			ensureScheduled(stored);
		}
		else if (this.tokenStore.ledger().lastLogin() != null) {
			// Another instance forgot the token because it no longer works; a store that
			// lost everything (a Redis restarted empty) has lost its ledger too.
			this.lastKnown = null;
		}
		synchronized (this.scheduleMonitor) {
			this.scheduleMonitor.notifyAll();
		}
	}

	/**
	 * Makes sure that a token stored by another instance of the fleet is renewed on time
	 * here too, should that instance stop: the renewal runs where the lease is free when
	 * it is due, and the other instances then find the token renewed and schedule the
	 * next one.
	 */
	private void ensureScheduled(StoredToken stored) {
		if (stored.version() != this.scheduledVersion && isUsable(stored.token()) && !this.closed) {
			Instant at = this.renewalSchedule.renewalTime(stored.token().expirationTime(), this.serverClock.instant());
			schedule(this.serverClock.toLocal(at), stored.version());
		}
	}

	/**
	 * Logs in while a caller waits, trying again after failures that may pass until the
	 * deadline. Callers hold the lock and the lease.
	 */
	private AccessToken login(Lease lease, @Nullable StoredToken previous, Instant deadline) {
		try {
			AccessToken token = observe("tradovate.auth.login",
					() -> this.callRetry.call("login", deadline, () -> loginOnce(lease)));
			return loggedIn(lease, previous, token);
		}
		catch (LoginHeldException ex) {
			throw ex;
		}
		catch (TradovateAuthException ex) {
			loginFailed(lease, ex);
			throw ex;
		}
	}

	/**
	 * The ticket of the latest time penalty: this instance's own, or, when another
	 * process received it and has ended since, the one the store kept.
	 */
	private @Nullable String penaltyTicket(AuthLedger ledger) {
		Hold hold = ledger.hold();
		return (this.penaltyTicket != null || hold == null || hold.reason() != HoldReason.PENALTY) ? this.penaltyTicket
				: hold.ticket();
	}

	/** Sends one login, if the budget allows it, and records what it brought. */
	private AccessToken loginOnce(Lease lease) {
		Instant now = this.serverClock.instant();
		AuthLedger ledger = this.tokenStore.ledger().trimmed(now);
		Hold hold = this.budget.loginHold(ledger, now, this.owner, this.credentials);
		if (hold != null) {
			scheduleBackgroundLogin(hold);
			throw AuthBudget.held(hold, now, this.lastFailure);
		}
		try {
			AccessToken token = requireUnexpired(this.client.login(this.credentials, penaltyTicket(ledger)));
			this.penaltyTicket = null;
			this.tokenStore.saveLedger(this.budget.loginSucceeded(ledger, this.serverClock.instant()), lease);
			return token;
		}
		catch (TradovateAuthException ex) {
			if (ex instanceof TimePenaltyException penalty) {
				this.penaltyTicket = penalty.getTicket();
			}
			else if (!ex.isTransient()) {
				// Answered, so the ticket, if one was sent, has been used.
				this.penaltyTicket = null;
			}
			// Counted whatever happened to this thread: the request went out.
			this.tokenStore.saveLedger(this.budget.loginAttemptFailed(ledger, now), lease);
			if (Thread.currentThread().isInterrupted()) {
				throw new CallRetry.InterruptedLoginException("Interrupted while logging in to Tradovate", ex);
			}
			throw ex;
		}
	}

	/**
	 * Stores a new token and schedules its renewal. Callers hold the lock and the lease.
	 */
	private AccessToken loggedIn(Lease lease, @Nullable StoredToken previous, AccessToken token) {
		StoredToken current = this.tokenStore.current();
		long expected = (current != null) ? current.version() : 0;
		StoredToken stored = this.tokenStore.compareAndSet(expected, token, lease);
		if (stored == null) {
			throw new TradovateAuthException("The token store refused the new Tradovate token: this instance's lease"
					+ " on the store expired during the login");
		}
		this.lastFailure = null;
		this.renewalBackOff = null;
		this.suspicion = Suspicion.NONE;
		this.lastKnown = token;
		this.localRenewal = null;
		logger.info("Logged in to Tradovate as user '" + token.name() + "'; the token expires at "
				+ token.expirationTime() + ((previous != null) ? " (replacing a token that no longer works)" : ""));
		scheduleRenewal(stored);
		publish(new AccessTokenAcquiredEvent(this, token));
		return token;
	}

	/**
	 * Records the hold that a failed login leads to. Callers hold the lock and the lease.
	 */
	private void loginFailed(Lease lease, TradovateAuthException ex) {
		if (ex instanceof CallRetry.InterruptedLoginException) {
			return;
		}
		Instant now = this.serverClock.instant();
		AuthLedger ledger = this.budget.loginFailed(this.tokenStore.ledger().trimmed(now), now, ex, this.owner,
				this.credentials);
		this.tokenStore.saveLedger(ledger, lease);
		this.lastFailure = ex;
		logger.error("Could not log in to Tradovate: " + ex.getMessage());
		publish(new AccessTokenFailedEvent(this, AccessTokenFailedEvent.Operation.LOGIN, ex));
		if (ex instanceof TimePenaltyException penalty) {
			publish(new LoginPenaltyEvent(this, this.credentials.name(), penalty.getWait()));
		}
		Hold hold = ledger.hold();
		if (hold != null) {
			scheduleBackgroundLogin(hold);
		}
	}

	/**
	 * Refuses a token that has already expired in Tradovate's time as it arrives. Serving
	 * it would send callers straight back to log in, and each login opens a session.
	 */
	private AccessToken requireUnexpired(AccessToken token) {
		Instant now = this.serverClock.instant();
		if (token.isExpired(now)) {
			throw new TradovateAuthException("Tradovate issued a token that expires at " + token.expirationTime()
					+ ", which has passed by Tradovate's own clock (" + now + ")");
		}
		return token;
	}

	@Override
	public void invalidate(AccessToken token) {
		Assert.notNull(token, "AccessToken must not be null");
		try {
			recover(token);
		}
		catch (TradovateAuthException ex) {
			logger.debug("No new token after a rejection: " + ex.getMessage());
		}
	}

	@Override
	public @Nullable AccessToken recover(AccessToken rejected) {
		Assert.notNull(rejected, "AccessToken must not be null");
		if (!isCurrent(rejected)) {
			return getToken();
		}
		if (isVerified(rejected)) {
			return null;
		}
		requireNotReentrant();
		StoredToken busyElsewhere = null;
		lockUntil(System.nanoTime() + this.tokenWaitTimeout.toNanos());
		try {
			StoredToken stored = current();
			if (stored != null && stored.token().accessToken().equals(rejected.accessToken())) {
				if (isVerified(rejected)) {
					return null;
				}
				Verdict verdict = withLease((lease) -> {
					StoredToken fresh = this.tokenStore.read();
					if (fresh == null || !fresh.token().accessToken().equals(rejected.accessToken())) {
						// Another instance of the fleet has replaced it already.
						return Verdict.REPLACED;
					}
					Verdict found = check(lease, stored);
					if (found == Verdict.DEAD) {
						discard(lease, stored, "Tradovate rejected the access token, and /auth/me confirmed it");
					}
					return found;
				});
				if (verdict == null) {
					busyElsewhere = stored;
				}
				else if (verdict != Verdict.DEAD && verdict != Verdict.REPLACED) {
					// It works, or cannot be told: the 401 was the endpoint's own, and is
					// the caller's.
					return null;
				}
			}
		}
		finally {
			this.authLock.unlock();
		}
		if (busyElsewhere != null) {
			// Another instance holds the lease, likely checking the same token: take what
			// it stores, or hand the caller its 401.
			return awaitReplacement(busyElsewhere);
		}
		AccessToken next = getToken();
		return (next.accessToken().equals(rejected.accessToken())) ? null : next;
	}

	private boolean isCurrent(AccessToken token) {
		StoredToken stored = current();
		return stored != null && stored.token().accessToken().equals(token.accessToken());
	}

	/**
	 * Whether {@code /auth/me} accepted the token recently. A check vouches for the token
	 * for an hour divided by the checks allowed an hour, so that an endpoint that answers
	 * {@code 401} for reasons of its own can never spend the budget of checks.
	 */
	private boolean isVerified(AccessToken token) {
		Verified verified = this.verified;
		Duration vouchesFor = AuthLedger.WINDOW.dividedBy(this.budget.getLimits().checksPerHour());
		return verified != null && verified.accessToken().equals(token.accessToken())
				&& this.serverClock.instant().isBefore(verified.at().plus(vouchesFor));
	}

	@Override
	public void suspect(AccessToken token) {
		StoredToken stored = current();
		if (stored == null || !stored.token().accessToken().equals(token.accessToken()) || this.closed) {
			return;
		}
		Suspicion suspicion = this.suspicion;
		if (suspicion.version() == stored.version()) {
			return;
		}
		this.suspicion = new Suspicion(stored.version(), 0);
		logger.warn("Requests with the Tradovate access token keep failing with 408, 429 or 5xx; checking whether"
				+ " its session was closed");
		long version = stored.version();
		taskScheduler().schedule(() -> checkSuspected(version), this.clock.instant());
	}

	/**
	 * Runs on the scheduler: checks a token under suspicion, and replaces it when it is
	 * dead.
	 */
	private void checkSuspected(long version) {
		if (this.closed) {
			return;
		}
		if (!this.authLock.tryLock()) {
			// Busy logging in or renewing: look again shortly rather than drop the
			// suspicion.
			taskScheduler().schedule(() -> checkSuspected(version), this.clock.instant().plus(RECHECK_DELAY));
			return;
		}
		try {
			StoredToken stored = current();
			if (stored == null || stored.version() != version) {
				return;
			}
			Object checked = withLease((lease) -> {
				judge(lease, stored, check(lease, stored));
				return Boolean.TRUE;
			});
			if (checked == null) {
				taskScheduler().schedule(() -> checkSuspected(version), this.clock.instant().plus(RECHECK_DELAY));
			}
		}
		catch (RuntimeException ex) {
			logger.error("Unexpected failure while checking the Tradovate session", ex);
		}
		finally {
			this.authLock.unlock();
		}
	}

	/**
	 * Acts on a check of a token under suspicion: a dead token, or one whose checks keep
	 * going unanswered, is replaced; one that cannot be judged yet is checked again after
	 * a while.
	 */
	private void judge(Lease lease, StoredToken stored, Verdict verdict) {
		Suspicion suspicion = this.suspicion;
		if (verdict == Verdict.ALIVE || verdict == Verdict.UNKNOWN) {
			// Cleared, or not to be judged now: the next failures in a row may raise it
			// again.
			this.suspicion = Suspicion.NONE;
			return;
		}
		if (verdict == Verdict.UNANSWERED) {
			int unanswered = ((suspicion.version() == stored.version()) ? suspicion.unanswered() : 0) + 1;
			this.suspicion = new Suspicion(stored.version(), unanswered);
			if (unanswered < UNANSWERED_CHECKS_FOR_DEAD) {
				long version = stored.version();
				taskScheduler().schedule(() -> checkSuspected(version), this.clock.instant().plus(RECHECK_DELAY));
				return;
			}
		}
		if (verdict == Verdict.DEAD) {
			discard(lease, stored, "/auth/me rejected the access token");
			loginInBackground(lease);
		}
		else if (verdict == Verdict.UNANSWERED) {
			// Tradovate may be down, or the session closed: only a login can tell. The
			// token stays in service until the login succeeds, so an outage costs one
			// failed login, not the token.
			this.suspicion = new Suspicion(stored.version(), 0);
			logger.warn("Requests and /auth/me keep failing with the Tradovate access token, as they do for a"
					+ " session that was closed; logging in again, keeping the token until that succeeds");
			loginKeeping(lease, stored);
		}
	}

	/** Logs in while the current token stays in service until the new one is stored. */
	private void loginKeeping(Lease lease, StoredToken stored) {
		try {
			loggedIn(lease, stored, observe("tradovate.auth.login", () -> loginOnce(lease)));
		}
		catch (LoginHeldException ex) {
			logger.warn("Not logging in again now: " + ex.getMessage());
		}
		catch (TradovateAuthException ex) {
			loginFailed(lease, ex);
		}
	}

	/**
	 * Asks /auth/me whether a token still works, if the budget allows. Callers hold the
	 * lock and lease.
	 */
	private Verdict check(Lease lease, StoredToken stored) {
		Instant now = this.serverClock.instant();
		AuthLedger ledger = this.tokenStore.ledger().trimmed(now);
		if (this.budget.checkHold(ledger) != null) {
			logger.warn("Cannot check the Tradovate access token: the hourly limit of /auth/me has been reached");
			return Verdict.UNKNOWN;
		}
		if (!this.tokenStore.saveLedger(this.budget.checkSent(ledger, now), lease)) {
			// The lease is lost: another instance decides now.
			return Verdict.UNKNOWN;
		}
		try {
			this.client.me(stored.token());
			this.verified = new Verified(stored.token().accessToken(), this.serverClock.instant());
			return Verdict.ALIVE;
		}
		catch (TokenRejectedException ex) {
			return Verdict.DEAD;
		}
		catch (TradovateUnavailableException ex) {
			return (ex.getStatus() != 0) ? Verdict.UNANSWERED : Verdict.UNKNOWN;
		}
		catch (TradovateAuthException ex) {
			return Verdict.UNKNOWN;
		}
	}

	/** Forgets a token that no longer works. Callers hold the lock and the lease. */
	private void discard(Lease lease, StoredToken stored, String why) {
		this.lastKnown = null;
		this.localRenewal = null;
		if (this.tokenStore.remove(stored.version(), lease)) {
			logger.warn("The Tradovate access token of user '" + stored.token().name() + "' no longer works (" + why
					+ "); logging in again");
			publish(new AccessTokenRejectedEvent(this, stored.token()));
		}
	}

	/**
	 * Return this machine's clock.
	 * @return the clock
	 */
	public Clock getClock() {
		return this.clock;
	}

	/**
	 * Return Tradovate's clock, as estimated from its answers.
	 * @return the server clock
	 */
	public ServerClock getServerClock() {
		return this.serverClock;
	}

	/**
	 * Return the current token without logging in.
	 * @return the stored token, which may have expired, or {@code null} when there is
	 * none
	 */
	public @Nullable AccessToken getCurrentToken() {
		StoredToken stored = current();
		return (stored != null) ? stored.token() : null;
	}

	/**
	 * Return when the token was last renewed.
	 * @return the instant of the last successful renewal, or {@code null} when there was
	 * none
	 */
	public @Nullable Instant getLastRenewal() {
		return this.lastRenewal;
	}

	/**
	 * Return why the latest login failed.
	 * @return the failure of the latest login or renewal, or {@code null} when it
	 * succeeded or there was none
	 */
	public @Nullable TradovateAuthException getLastLoginFailure() {
		return this.lastFailure;
	}

	@Override
	public TokenStatus getStatus() {
		Instant now = this.serverClock.instant();
		AuthLedger ledger = this.tokenStore.ledger().trimmed(now);
		StoredToken stored = current();
		AccessToken token = (stored != null) ? stored.token() : null;
		TradovateAuthException failure = this.lastFailure;
		TokenStatus.State state = (token != null && !token.isExpired(now)) ? TokenStatus.State.VALID : (failure != null)
				? TokenStatus.State.FAILED
				: (token != null || ledger.lastLogin() != null) ? TokenStatus.State.EXPIRED : TokenStatus.State.NONE;
		AuthLimits limits = this.budget.getLimits();
		Hold hold = this.budget.loginHold(ledger, now, this.owner, this.credentials);
		if (hold != null && hold.reason() == HoldReason.INTERVAL && state == TokenStatus.State.VALID) {
			// Spacing between logins matters only to a login that is needed.
			hold = null;
		}
		return new TokenStatus(state, (token != null) ? token.name() : this.credentials.name(),
				(token != null) ? token.expirationTime() : null, (stored != null) ? stored.version() : 0, now,
				ledger.lastLogin(), this.lastRenewal, this.nextRefresh, failure, this.serverClock.getOffset(), hold,
				new TokenStatus.Usage(ledger.failedLogins().size(), limits.failedLoginsPerHour()),
				new TokenStatus.Usage(ledger.renewals().size(), limits.renewalsPerHour()),
				new TokenStatus.Usage(ledger.checks().size(), limits.checksPerHour()));
	}

	/**
	 * Renew the token now, within the budget, rather than when it is due.
	 * @return the renewed token
	 * @throws TradovateAuthException when there is no token to renew, or the renewal
	 * failed
	 */
	public AccessToken renewNow() {
		requireNotReentrant();
		lockUntil(System.nanoTime() + this.tokenWaitTimeout.toNanos());
		try {
			StoredToken stored = current();
			if (stored == null || !isUsable(stored.token())) {
				throw new TradovateAuthException("There is no valid Tradovate access token to renew");
			}
			AccessToken renewed = withLease((lease) -> renew(lease, stored));
			if (renewed == null) {
				throw new TradovateAuthException("The token was not renewed: another instance holds the store's lease,"
						+ " or the renewal failed (see the log)");
			}
			return renewed;
		}
		finally {
			this.authLock.unlock();
		}
	}

	/**
	 * Record that Tradovate rate-limited this network elsewhere, such as on a WebSocket:
	 * its limits and penalties are keyed to the network, so logins are held for as long
	 * too (a captcha until cleared, with a probe an hour). A hold already in force that
	 * ends later is kept.
	 * @param what what was limited, for the hold's message, such as
	 * {@code the trading WebSocket}
	 * @param wait how long Tradovate asked to wait
	 * @param captchaRequired whether Tradovate asked for a captcha
	 */
	public void rateLimitedElsewhere(String what, Duration wait, boolean captchaRequired) {
		Assert.hasText(what, "what must not be empty");
		Assert.notNull(wait, "wait must not be null");
		if (this.closed) {
			return;
		}
		Object recorded = null;
		if (this.authLock.tryLock()) {
			try {
				recorded = withLease((lease) -> {
					Instant now = this.serverClock.instant();
					AuthLedger ledger = this.tokenStore.ledger().trimmed(now);
					Hold current = ledger.hold();
					Instant until = now.plus(captchaRequired ? AuthBudget.CAPTCHA_PROBE : wait);
					if (current != null && !current.until().isBefore(until)) {
						return Boolean.TRUE;
					}
					// A penalty keeps its ticket's holder, and a refusal its strikes:
					// only the end moves.
					Hold hold = (current != null && current.reason() != HoldReason.UNAVAILABLE && !captchaRequired)
							? new Hold(current.reason(), until, current.message(), current.strikes(), current.owner(),
									current.credentials())
							: new Hold(captchaRequired ? HoldReason.CAPTCHA : HoldReason.UNAVAILABLE, until,
									"Tradovate rate-limited " + what + " from this network", 0, null, null);
					if (!this.tokenStore.saveLedger(ledger.withHold(hold), lease)) {
						return null;
					}
					logger.warn("Holding logins to Tradovate until " + until + ": it rate-limited " + what);
					return Boolean.TRUE;
				});
			}
			finally {
				this.authLock.unlock();
			}
		}
		if (recorded == null) {
			// Busy here, or another instance holds the lease: record it shortly, not
			// never.
			taskScheduler().schedule(() -> rateLimitedElsewhere(what, wait, captchaRequired),
					this.clock.instant().plus(this.callRetry.getFirstDelay()));
		}
	}

	/**
	 * End the hold on logins that a refusal, a captcha or unavailability put in place,
	 * once its cause is fixed. A time penalty cannot be cleared: Tradovate enforces it.
	 * @return whether a hold was cleared
	 */
	public boolean clearHold() {
		lockUntil(System.nanoTime() + this.tokenWaitTimeout.toNanos());
		try {
			Hold hold = this.tokenStore.ledger().hold();
			if (hold == null || hold.reason() == HoldReason.PENALTY) {
				return false;
			}
			Boolean cleared = withLease((lease) -> {
				// Read again under the lease: a penalty may have arrived meanwhile.
				Hold current = this.tokenStore.ledger().hold();
				return current != null && current.reason() != HoldReason.PENALTY
						&& this.tokenStore.saveLedger(this.tokenStore.ledger().withHold(null), lease);
			});
			if (Boolean.TRUE.equals(cleared)) {
				logger.info("Cleared the hold on Tradovate logins (" + hold.reason().name().toLowerCase() + ")");
				this.lastFailure = null;
				return true;
			}
			return false;
		}
		finally {
			this.authLock.unlock();
		}
	}

	/**
	 * Stop renewing, and shut down the provider's own scheduler. The stored token is left
	 * as it is. Does not wait for a login or renewal in progress.
	 */
	@Override
	public void close() {
		this.closed = true;
		synchronized (this.scheduleMonitor) {
			cancelScheduledRefresh();
			this.scheduleMonitor.notifyAll();
		}
		if (this.ownTaskScheduler != null) {
			this.ownTaskScheduler.shutdown();
		}
	}

	/**
	 * Runs on the scheduler: renews the token, or logs in when renewing is no longer
	 * possible.
	 */
	private void refresh(long version) {
		if (this.closed) {
			return;
		}
		synchronized (this.scheduleMonitor) {
			if (this.scheduledVersion == version) {
				this.nextRefresh = null;
			}
		}
		try {
			if (!this.authLock.tryLock(this.tokenWaitTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
				if (this.scheduledVersion == version && this.nextRefresh == null) {
					schedule(this.clock.instant().plus(this.callRetry.getFirstDelay()), version);
				}
				return;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		try {
			if (this.closed) {
				return;
			}
			long scheduled = version;
			Object done = withLease((lease) -> {
				StoredToken stored = writeBackLocalRenewal(lease, this.tokenStore.read());
				if (stored == null || !isUsable(stored.token())) {
					if (restoreLastKnown(lease, stored) == null) {
						loginInBackground(lease);
					}
				}
				else if (stored.version() != scheduled) {
					// Another instance of the fleet has renewed the token meanwhile.
					scheduleRenewal(stored);
				}
				else {
					renew(lease, stored);
				}
				return Boolean.TRUE;
			});
			if (done == null) {
				StoredToken current = current();
				if (!this.tokenStore.isReachable() && current != null && isUsable(current.token())
						&& current.version() == scheduled) {
					renewWithoutStore(current);
				}
				else {
					// Another instance holds the lease and is at work, or nobody can have
					// it: look again shortly. No login goes out without the lease.
					schedule(this.clock.instant().plus(this.callRetry.getFirstDelay()), scheduled);
				}
			}
		}
		catch (RuntimeException ex) {
			logger.error("Unexpected failure while refreshing the Tradovate access token", ex);
		}
		finally {
			this.authLock.unlock();
		}
	}

	/**
	 * Writes a token renewed while the store could not be reached back to the store,
	 * unless the fleet has moved on to a newer one meanwhile. Callers hold the lock and
	 * the lease.
	 * @return the token that the store now holds
	 */
	private @Nullable StoredToken writeBackLocalRenewal(Lease lease, @Nullable StoredToken fresh) {
		if (!this.renewalsWithoutStore.isEmpty()) {
			Instant now = this.serverClock.instant();
			AuthLedger ledger = this.tokenStore.ledger();
			for (Instant at : this.renewalsWithoutStore) {
				ledger = ledger.withRenewal(at);
			}
			if (this.tokenStore.saveLedger(ledger.trimmed(now), lease)) {
				this.renewalsWithoutStore.clear();
			}
		}
		StoredToken local = this.localRenewal;
		if (local == null) {
			return fresh;
		}
		this.localRenewal = null;
		if (fresh != null && fresh.version() > local.version()) {
			return fresh;
		}
		StoredToken written = this.tokenStore.compareAndSet((fresh != null) ? fresh.version() : 0, local.token(),
				lease);
		return (written != null) ? written : this.tokenStore.read();
	}

	/**
	 * Renews the token while the store cannot be reached: a renewal opens no session, and
	 * keeps this instance's token valid until the store is back and the fleet agrees on
	 * one token again. Callers hold the lock.
	 */
	private void renewWithoutStore(StoredToken stored) {
		Instant now = this.serverClock.instant();
		AuthLedger ledger = this.tokenStore.ledger();
		for (Instant at : this.renewalsWithoutStore) {
			ledger = ledger.withRenewal(at);
		}
		if (this.budget.renewalHold(ledger.trimmed(now)) != null) {
			scheduleRetry(stored, null);
			return;
		}
		this.renewalsWithoutStore.removeIf((at) -> !at.isAfter(now.minus(AuthLedger.WINDOW)));
		this.renewalsWithoutStore.add(now);
		try {
			AccessToken renewed = requireUnexpired(
					observe("tradovate.auth.renewal", () -> this.client.renew(stored.token())));
			StoredToken local = new StoredToken(renewed, stored.version());
			this.localRenewal = local;
			this.lastKnown = renewed;
			this.lastRenewal = this.clock.instant();
			this.renewalBackOff = null;
			logger.warn("Renewed the Tradovate access token of user '" + renewed.name()
					+ "' without the token store, which cannot be reached; it now expires at "
					+ renewed.expirationTime());
			scheduleRenewal(local);
			publish(new AccessTokenRenewedEvent(this, renewed));
		}
		catch (TradovateAuthException ex) {
			logger.warn("Could not renew the Tradovate access token, which stays in use until "
					+ stored.token().expirationTime() + ": " + ex.getMessage());
			publish(new AccessTokenFailedEvent(this, AccessTokenFailedEvent.Operation.RENEWAL, ex));
			scheduleRetry(stored, AuthBudget.askedToWait(ex));
		}
	}

	/** Logs in with no caller waiting: one attempt, whose failure schedules the next. */
	private void loginInBackground(Lease lease) {
		StoredToken stored = current();
		if (stored != null && isUsable(stored.token())) {
			scheduleRenewal(stored);
			return;
		}
		try {
			loggedIn(lease, stored, observe("tradovate.auth.login", () -> loginOnce(lease)));
		}
		catch (LoginHeldException ex) {
			// Scheduled for the end of the hold, where waiting helps.
		}
		catch (TradovateAuthException ex) {
			loginFailed(lease, ex);
		}
	}

	/** Renews the token, if the budget allows. Callers hold the lock and the lease. */
	private @Nullable AccessToken renew(Lease lease, StoredToken stored) {
		AccessToken current = stored.token();
		Instant now = this.serverClock.instant();
		AuthLedger ledger = this.tokenStore.ledger().trimmed(now);
		Hold hold = this.budget.renewalHold(ledger);
		if (hold != null) {
			logger.warn("Not renewing the Tradovate access token now: " + hold.message());
			scheduleRetry(stored, Duration.between(now, hold.until()));
			return null;
		}
		if (!this.tokenStore.saveLedger(this.budget.renewalSent(ledger, now), lease)) {
			// The lease is lost: another instance renews now; look again after it.
			schedule(this.clock.instant().plus(this.callRetry.getFirstDelay()), stored.version());
			return null;
		}
		AccessToken renewed;
		try {
			renewed = requireUnexpired(observe("tradovate.auth.renewal", () -> this.client.renew(current)));
		}
		catch (TokenRejectedException ex) {
			publish(new AccessTokenFailedEvent(this, AccessTokenFailedEvent.Operation.RENEWAL, ex));
			discard(lease, stored, "Tradovate refused to renew it");
			loginInBackground(lease);
			return null;
		}
		catch (TradovateAuthException ex) {
			logger.warn("Could not renew the Tradovate access token, which stays in use until "
					+ current.expirationTime() + ": " + ex.getMessage());
			publish(new AccessTokenFailedEvent(this, AccessTokenFailedEvent.Operation.RENEWAL, ex));
			if (ex instanceof TradovateUnavailableException unavailable && unavailable.getStatus() != 0) {
				// A closed session may answer like this: ask whether it still exists.
				judge(lease, stored, check(lease, stored));
				StoredToken after = this.tokenStore.current();
				if (after == null || after.version() != stored.version()) {
					return null;
				}
			}
			scheduleRetry(stored, AuthBudget.askedToWait(ex));
			return null;
		}
		StoredToken result = this.tokenStore.compareAndSet(stored.version(), renewed, lease);
		if (result == null) {
			logger.warn("The token store refused the renewed Tradovate token: it changed meanwhile");
			StoredToken latest = this.tokenStore.current();
			if (latest != null) {
				scheduleRenewal(latest);
			}
			return null;
		}
		this.lastRenewal = this.clock.instant();
		this.lastFailure = null;
		this.renewalBackOff = null;
		this.lastKnown = renewed;
		logger.info("Renewed the Tradovate access token of user '" + renewed.name() + "'; it now expires at "
				+ renewed.expirationTime());
		scheduleRenewal(result);
		publish(new AccessTokenRenewedEvent(this, renewed));
		return renewed;
	}

	/** Schedules the renewal of a fresh token, in Tradovate's time. */
	private void scheduleRenewal(StoredToken stored) {
		Instant at = this.renewalSchedule.renewalTime(stored.token().expirationTime(), this.serverClock.instant());
		this.renewalBackOff = null;
		schedule(this.serverClock.toLocal(at), stored.version());
	}

	/**
	 * Schedules the next renewal after a failed one: on the retry policy's back-off and
	 * then at its longest delay, never sooner than Tradovate asked, and never later than
	 * half way to expiry, since a renewal after expiry is wasted. With no time left, the
	 * token is replaced at expiry.
	 */
	private void scheduleRetry(StoredToken stored, @Nullable Duration atLeast) {
		if (this.renewalBackOff == null) {
			this.renewalBackOff = this.callRetry.getPolicy().getBackOff().start();
		}
		long delay = this.renewalBackOff.nextBackOff();
		Duration wait = (delay == BackOffExecution.STOP) ? this.callRetry.getLongestDelay() : Duration.ofMillis(delay);
		Instant now = this.serverClock.instant();
		Instant expiry = stored.token().expirationTime();
		Instant at = this.renewalSchedule.retryTime(expiry, now, wait);
		if (atLeast != null) {
			Instant earliest = now.plus(atLeast);
			if (at == null || at.isBefore(earliest)) {
				at = earliest.isBefore(expiry) ? earliest : expiry;
			}
		}
		schedule(this.serverClock.toLocal((at != null) ? at : expiry), stored.version());
	}

	/**
	 * Schedules a login where waiting helps: at the end of a hold that ends by itself.
	 */
	private void scheduleBackgroundLogin(Hold hold) {
		if (hold.reason() == HoldReason.REFUSED || hold.reason() == HoldReason.CAPTCHA
				|| (hold.reason() == HoldReason.PENALTY && !this.owner.equals(hold.owner()))) {
			return;
		}
		StoredToken current = current();
		if (current != null && isUsable(current.token()) && this.nextRefresh != null) {
			// The token's renewal stays as scheduled: a login is not what it needs.
			return;
		}
		Instant at = this.serverClock.toLocal(hold.until());
		if (hold.reason() == HoldReason.UNAVAILABLE) {
			// While Tradovate is away, background logins go no faster than the longest
			// retry delay.
			Instant slowest = this.clock.instant().plus(this.callRetry.getLongestDelay());
			at = at.isBefore(slowest) ? slowest : at;
		}
		Instant scheduled = this.nextRefresh;
		if (scheduled == null || !scheduled.equals(at)) {
			StoredToken stored = this.tokenStore.current();
			schedule(at, (stored != null) ? stored.version() : 0);
		}
	}

	private void schedule(Instant at, long version) {
		synchronized (this.scheduleMonitor) {
			if (this.closed) {
				return;
			}
			cancelScheduledRefresh();
			this.scheduledVersion = version;
			this.nextRefresh = at;
			this.scheduledRefresh = taskScheduler().schedule(() -> refresh(version), at);
		}
	}

	private void cancelScheduledRefresh() {
		if (this.scheduledRefresh != null) {
			this.scheduledRefresh.cancel(false);
			this.scheduledRefresh = null;
			this.nextRefresh = null;
		}
	}

	private TaskScheduler taskScheduler() {
		synchronized (this.scheduleMonitor) {
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
	}

	/**
	 * Runs an action while holding the store's lease.
	 * @return what the action returned, or {@code null} when another instance holds the
	 * lease
	 */
	private <T> @Nullable T withLease(Function<Lease, T> action) {
		Lease lease = this.tokenStore.tryAcquireLease(this.owner, this.leaseTime);
		if (lease == null) {
			return null;
		}
		try {
			return action.apply(lease);
		}
		finally {
			this.tokenStore.releaseLease(lease);
		}
	}

	private AccessToken observe(String name, Supplier<AccessToken> action) {
		return Observation.createNotStarted(name, this.observationRegistry)
			.lowCardinalityKeyValue("user", this.credentials.name())
			.observe(action);
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
		return "RenewingTokenProvider[user=" + this.credentials.name() + ", renewalMargin="
				+ this.renewalSchedule.getMargin() + "]";
	}

	private static String ownerId() {
		String process = ManagementFactory.getRuntimeMXBean().getName();
		return process + "/" + UUID.randomUUID().toString().substring(0, 8);
	}

	/** What a check of a token found. */
	private enum Verdict {

		/** {@code /auth/me} accepted the token. */
		ALIVE,

		/** {@code /auth/me} answered 401: the token is dead. */
		DEAD,

		/** {@code /auth/me} answered 408, 429 or 5xx, as it may for a closed session. */
		UNANSWERED,

		/** No check could be made, or its answer says nothing. */
		UNKNOWN,

		/** The store holds another token already: there is nothing to check. */
		REPLACED

	}

	/**
	 * A token found usable, with the clock offset it was judged with, and the local time,
	 * in milliseconds since the epoch, until which it stays usable.
	 */
	private record Usable(@Nullable StoredToken stored, @Nullable Duration offset, long untilMillis) {

		static final Usable NONE = new Usable(null, null, Long.MIN_VALUE);

	}

	/** A token that {@code /auth/me} accepted, and when. */
	private record Verified(String accessToken, Instant at) {

		@Override
		public String toString() {
			return "Verified[at=" + this.at + "]";
		}

	}

	/**
	 * A token version under suspicion, with how many checks in a row went unanswered.
	 */
	private record Suspicion(long version, int unanswered) {

		static final Suspicion NONE = new Suspicion(0, 0);

	}

}
