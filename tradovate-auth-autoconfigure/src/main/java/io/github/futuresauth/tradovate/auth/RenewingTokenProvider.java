package io.github.futuresauth.tradovate.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.util.Assert;

/**
 * A {@link TokenProvider} that logs in once and then keeps its token alive by renewing it
 * ahead of expiry, so that an application holds one Tradovate session for as long as it
 * runs, and never spends more logins, sessions or renewals than Tradovate tolerates.
 * <p>
 * <b>Reading</b> is lock-free, with no look at a clock until the renewal is due (then
 * Tradovate's time, see {@link ServerClock}). Without a valid token, concurrent callers
 * wait for one login, for at most {@link #setTokenWaitTimeout(Duration) the token wait
 * timeout}.
 * <p>
 * <b>Every request to {@code /auth/*}</b> goes through the {@link AuthBudget}: hourly
 * limits, and holds after a time penalty, a captcha, a refusal or an outage. A caller who
 * needs a login during a hold gets a {@link LoginHeldException} at once, saying why and
 * for how long; the provider logs in by itself when the hold ends, where that helps.
 * <p>
 * <b>Renewal</b> runs on a {@link TaskScheduler}, on the {@link RenewalSchedule}; one
 * that fails keeps the token in service and is tried again before it expires.
 * <p>
 * <b>A rejected token</b> is replaced only once {@code /auth/me}, or the
 * {@link SessionProbe} for requests that keep failing with {@code 408}, {@code 429} or
 * {@code 5xx}, confirms that its session is closed; then at once, and once.
 * <p>
 * <b>Transitions</b> (stored, renewed, discarded, failed) are applied here, each in one
 * place (table in {@code docs/behavior.md}); the token and the ledger live in a
 * {@link TokenStore}, whose lease lets one instance of a fleet at a time spend its
 * budget.
 */
public class RenewingTokenProvider
		implements TokenProvider, TokenStatusSource, ApplicationEventPublisherAware, AutoCloseable {

	/** The hold after the first login that failed for a reason that may pass. */
	private static final Duration FIRST_UNAVAILABLE_HOLD = Duration.ofSeconds(30);

	private static final Log logger = LogFactory.getLog(RenewingTokenProvider.class);

	final TradovateAuthClient client;

	final TradovateCredentials credentials;

	final AuthCalls calls;

	final String owner = FleetView.ownerId();

	final FleetView fleet = new FleetView((stored) -> this.refresher.ensureScheduled(stored));

	final Refresher refresher = new Refresher(this);

	final CallerLogin callerLogin = new CallerLogin(this);

	private final Holds holds = new Holds(this);

	final SessionChecks checks = new SessionChecks(this);

	Clock clock = Clock.systemUTC();

	ServerClock serverClock;

	final RenewalTimer timer = new RenewalTimer(this.refresher::refresh, this::getClock, this::getServerClock,
			() -> this.renewalSchedule, () -> this.callRetry);

	final SessionWatch watch = new SessionWatch(this.checks.host(), this.timer, this::getClock);

	RenewalSchedule renewalSchedule = new RenewalSchedule(Duration.ofMinutes(15));

	CallRetry callRetry;

	AuthBudget budget;

	Duration leaseTime = Duration.ofMinutes(2);

	final Signals signals;

	/** Held by whoever sends a request to /auth/*, never by readers. */
	final AuthLock lock = new AuthLock();

	volatile @Nullable TradovateAuthException lastFailure;

	volatile @Nullable Instant lastRenewal;

	volatile boolean closed;

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
		this.signals = new Signals(credentials.name());
		this.calls = new AuthCalls(client, credentials, this.owner, this.fleet, () -> this.budget,
				() -> this.serverClock);
		this.serverClock = client.getServerClock(); // one estimate for all who share it
		setRetryPolicy(CallRetry.DEFAULT_POLICY);
		this.budget = new AuthBudget(AuthLimits.TRADOVATE, FIRST_UNAVAILABLE_HOLD);
	}

	/**
	 * Set where the token and the ledger of requests are kept. Defaults to an
	 * {@link InMemoryTokenStore}.
	 * @param tokenStore the store to use
	 */
	public void setTokenStore(TokenStore tokenStore) {
		Assert.notNull(tokenStore, "TokenStore must not be null");
		this.fleet.setStore(tokenStore);
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
		this.timer.setTaskScheduler(taskScheduler);
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
	 * Set the limits shared with the other users of this network address; defaults to a
	 * network of this user alone.
	 * @param network the network, shared by the providers of every user
	 */
	public void setNetwork(AuthNetwork network) {
		Assert.notNull(network, "AuthNetwork must not be null");
		this.timer.setMember(this.calls.setNetwork(network));
	}

	/**
	 * Set how long a caller waits for a token while another caller logs in, before it
	 * gets a {@link TradovateUnavailableException}. Defaults to 30 seconds.
	 * @param tokenWaitTimeout the longest wait
	 */
	public void setTokenWaitTimeout(Duration tokenWaitTimeout) {
		Assert.isTrue(tokenWaitTimeout != null && !tokenWaitTimeout.isNegative() && !tokenWaitTimeout.isZero(),
				"Token wait timeout must be positive");
		this.lock.setWaitTimeout(tokenWaitTimeout);
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
		this.signals.setEventPublisher(eventPublisher);
	}

	/**
	 * Set the registry that observes logins ({@code tradovate.auth.login}) and renewals
	 * ({@code tradovate.auth.renewal}). Defaults to {@link ObservationRegistry#NOOP}.
	 * @param observationRegistry the registry to use
	 */
	public void setObservationRegistry(ObservationRegistry observationRegistry) {
		Assert.notNull(observationRegistry, "ObservationRegistry must not be null");
		this.signals.setObservationRegistry(observationRegistry);
	}

	@Override
	public AccessToken getToken() {
		StoredToken stored = current();
		if (stored != null && stored == this.timer.fresh()) {
			// The timer vouches for the token until its renewal is due: no clock is read.
			return stored.token();
		}
		return unvouchedToken(stored);
	}

	/** Apart from {@link #getToken()}, so that the path of every request stays small. */
	private AccessToken unvouchedToken(@Nullable StoredToken stored) {
		if (stored != null && isUsable(stored.token())) {
			// Stored elsewhere, or before this provider started: no renewal scheduled
			// yet.
			this.refresher.ensureScheduled(stored);
			return stored.token();
		}
		return this.callerLogin.acquire();
	}

	@Nullable StoredToken current() {
		return this.fleet.current();
	}

	boolean isUsable(AccessToken token) {
		return !token.isExpired(this.serverClock.instant());
	}

	/**
	 * Stores a new token and schedules its renewal. Callers hold the lock and the lease.
	 */
	AccessToken loggedIn(Lease lease, @Nullable StoredToken previous, AccessToken token) {
		StoredToken current = this.fleet.store().current();
		long expected = (current != null) ? current.version() : 0;
		StoredToken stored = this.fleet.store().compareAndSet(expected, token, lease);
		if (stored == null) {
			throw new TradovateAuthException("The token store refused the new Tradovate token: this instance's lease"
					+ " on the store expired during the login");
		}
		this.lastFailure = null;
		this.timer.resetBackOff();
		this.watch.clear();
		this.fleet.forget();
		this.fleet.known(token);
		logger.info("Logged in to Tradovate as user '" + token.name() + "'; the token expires at "
				+ token.expirationTime() + ((previous != null) ? " (replacing a token that no longer works)" : ""));
		this.timer.renewAt(stored);
		this.signals.publish(new AccessTokenAcquiredEvent(this, token));
		return token;
	}

	/**
	 * Applies a renewal: when it happened, the next renewal and the event. Callers hold
	 * the lock.
	 */
	void renewed(StoredToken stored) {
		this.lastRenewal = this.clock.instant();
		this.timer.renewAt(stored);
		this.signals.publish(new AccessTokenRenewedEvent(this, stored.token()));
	}

	/**
	 * Records the hold that a failed login leads to. Callers hold the lock and the lease.
	 */
	void loginFailed(Lease lease, TradovateAuthException ex) {
		if (ex instanceof CallRetry.InterruptedLoginException) {
			return;
		}
		Instant now = this.serverClock.instant();
		AuthLedger ledger = this.budget.loginFailed(this.fleet.store().ledger().trimmed(now), now, ex, this.owner,
				this.credentials);
		this.fleet.store().saveLedger(ledger, lease);
		this.lastFailure = ex;
		this.signals.loginFailed(this, ex);
		Hold hold = ledger.hold();
		if (hold != null) {
			this.refresher.scheduleBackgroundLogin(hold);
		}
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
	public void suspect(AccessToken token) {
		StoredToken stored = current();
		if (stored != null && stored.token().accessToken().equals(token.accessToken()) && !this.closed) {
			this.watch.suspect(stored);
		}
	}

	/**
	 * Forgets a token whose session is closed, and counts it towards the spacing of
	 * logins when sessions keep being closed. Callers hold the lock and the lease.
	 */
	void discard(Lease lease, StoredToken stored, String why) {
		this.fleet.forget();
		if (this.fleet.store().remove(stored.version(), lease)) {
			Instant now = this.serverClock.instant();
			AuthLedger ledger = this.budget.sessionClosed(this.fleet.store().ledger().trimmed(now), now);
			this.fleet.store().saveLedger(ledger, lease);
			logger.warn("The Tradovate access token of user '" + stored.token().name() + "' no longer works (" + why
					+ "); logging in again");
			if (ledger.kicks() == 2) {
				logger.error(this.budget.repeatedKicks(stored.token().name()));
			}
			this.signals.publish(new AccessTokenRejectedEvent(this, stored.token()));
		}
	}

	@Override
	public @Nullable AccessToken recover(AccessToken rejected) {
		return this.checks.recover(rejected);
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
		return this.holds.status();
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
		this.holds.rateLimitedElsewhere(what, wait, captchaRequired);
	}

	/**
	 * End the hold on logins that a refusal, a captcha or unavailability put in place,
	 * once its cause is fixed. A time penalty cannot be cleared: Tradovate enforces it.
	 * @return whether a hold was cleared
	 */
	public boolean clearHold() {
		return this.holds.clearHold();
	}

	/**
	 * Renew the token now, within the budget, rather than when it is due.
	 * @return the renewed token
	 * @throws TradovateAuthException when there is no token to renew, or the renewal
	 * failed
	 */
	public AccessToken renewNow() {
		return this.refresher.renewNow();
	}

	/**
	 * Stop renewing, and shut down the provider's own scheduler. The stored token is left
	 * as it is. Does not wait for a login or renewal in progress.
	 */
	@Override
	public void close() {
		this.closed = true;
		this.timer.close();
		this.fleet.wakeAll();
	}

	/**
	 * Runs an action while holding the store's lease.
	 * @return what the action returned, or {@code null} when another instance holds the
	 * lease
	 */
	<T> @Nullable T withLease(Function<Lease, T> action) {
		return this.fleet.withLease(this.owner, this.leaseTime, action);
	}

	@Override
	public String toString() {
		return "RenewingTokenProvider[user=" + this.credentials.name() + ", renewalMargin="
				+ this.renewalSchedule.getMargin() + "]";
	}

}
