package io.github.futuresauth.tradovate.auth;

import java.time.Duration;
import java.time.Instant;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.futuresauth.tradovate.auth.SessionProbe.Verdict;

/**
 * The background side of a {@link RenewingTokenProvider}: the renewal when it is due, the
 * login when renewing is no longer possible, the renewal while the store cannot be
 * reached, and the login scheduled for the end of a hold. It also gives a store that lost
 * its token the token still known to be good, and renews a token that this machine's
 * clock takes for expired, before a login is spent on either. Transitions are applied by
 * the provider.
 */
final class Refresher {

	/** Logged under the provider's name, which is the one users configure. */
	private static final Log logger = LogFactory.getLog(RenewingTokenProvider.class);

	private final RenewingTokenProvider provider;

	Refresher(RenewingTokenProvider provider) {
		this.provider = provider;
	}

	/**
	 * Runs on the scheduler: renews the token, or logs in when renewing is no longer
	 * possible.
	 */
	void refresh(long version) {
		if (this.provider.closed) {
			return;
		}
		try {
			if (!this.provider.lock.tryLockInBackground()) {
				if (this.provider.timer.version() == version && this.provider.timer.next() == null) {
					this.provider.timer
						.schedule(this.provider.clock.instant().plus(this.provider.callRetry.getFirstDelay()), version);
				}
				return;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		try {
			if (this.provider.closed) {
				return;
			}
			long scheduled = version;
			Object done = this.provider.withLease((lease) -> {
				StoredToken stored = this.provider.fleet.writeBack(lease, this.provider.fleet.store().read(),
						this.provider.serverClock.instant());
				if (stored == null || !this.provider.isUsable(stored.token())) {
					// A token set to be replaced at expiry is not renewed then either:
					// the plan had no slot for it, or it cannot be renewed.
					if ((stored == null || this.provider.timer.isLoginAtExpiry(stored.version())
							|| renewLooksExpired(lease, stored) == null) && restoreLastKnown(lease, stored) == null) {
						loginInBackground(lease);
					}
				}
				else if (stored.version() != scheduled) {
					// Another instance of the fleet has renewed the token meanwhile.
					this.provider.timer.renewAt(stored);
				}
				else {
					renew(lease, stored);
				}
				return Boolean.TRUE;
			});
			if (done == null) {
				StoredToken current = this.provider.current();
				if (!this.provider.fleet.store().isReachable() && current != null
						&& this.provider.isUsable(current.token()) && current.version() == scheduled) {
					renewWithoutStore(current);
				}
				else {
					// Another instance holds the lease and is at work, or nobody can have
					// it: look again shortly. No login goes out without the lease.
					this.provider.timer.schedule(
							this.provider.clock.instant().plus(this.provider.callRetry.getFirstDelay()), scheduled);
				}
			}
		}
		catch (RuntimeException ex) {
			logger.error("Unexpected failure while refreshing the Tradovate access token", ex);
		}
		finally {
			this.provider.lock.unlock();
		}
	}

	/**
	 * Renews the token while the store cannot be reached: a renewal opens no session, and
	 * keeps this instance's token valid until the store is back and the fleet agrees on
	 * one token again. Callers hold the lock.
	 */
	private void renewWithoutStore(StoredToken stored) {
		Instant now = this.provider.serverClock.instant();
		boolean renewal = this.provider.calls.isRenewal();
		if (renewal && (this.provider.budget.renewalHold(this.provider.fleet.ledgerWithLocalRenewals(now)) != null
				|| this.provider.calls.reserveRenewal(now) != null)) {
			// Without the store too, the users of the network draw on one budget.
			this.provider.timer.retryAt(stored, null);
			return;
		}
		if (renewal) {
			this.provider.fleet.renewalSentWithoutStore(now);
		}
		try {
			AccessToken renewed = this.provider.calls.requireUnexpired(this.provider.signals
				.observe("tradovate.auth.renewal", () -> this.provider.client.renew(stored.token())));
			StoredToken local = new StoredToken(renewed, stored.version());
			this.provider.fleet.renewedWithoutStore(local);
			this.provider.timer.resetBackOff();
			logger.warn("Renewed the Tradovate access token of user '" + renewed.name()
					+ "' without the token store, which cannot be reached; it now expires at "
					+ renewed.expirationTime());
			this.provider.renewed(local);
		}
		catch (TradovateAuthException ex) {
			logger.warn("Could not renew the Tradovate access token of the " + this.provider.signals.user()
					+ ", which stays in use until " + stored.token().expirationTime() + ": " + ex.getMessage());
			this.provider.signals
				.publish(new AccessTokenFailedEvent(this.provider, AccessTokenFailedEvent.Operation.RENEWAL, ex));
			renewLater(stored, ex);
		}
	}

	/** Logs in with no caller waiting: one attempt, whose failure schedules the next. */
	void loginInBackground(Lease lease) {
		StoredToken stored = this.provider.current();
		if (stored != null && this.provider.isUsable(stored.token())) {
			this.provider.timer.renewAt(stored);
			return;
		}
		try {
			this.provider.loggedIn(lease, stored, this.provider.signals.observe("tradovate.auth.login",
					() -> this.provider.callerLogin.loginOnce(lease)));
		}
		catch (LoginHeldException ex) {
			// Scheduled for the end of the hold, where waiting helps.
		}
		catch (TradovateAuthException ex) {
			this.provider.loginFailed(lease, ex);
		}
	}

	/** Renews the token, if the budget allows. Callers hold the lock and the lease. */
	@Nullable AccessToken renew(Lease lease, StoredToken stored) {
		AccessToken current = stored.token();
		AuthCalls.Outcome outcome = this.provider.signals.observe("tradovate.auth.renewal",
				() -> this.provider.calls.renew(lease, current));
		if (outcome instanceof AuthCalls.Held held) {
			logger.warn("Not renewing the Tradovate access token of the " + this.provider.signals.user() + " now: "
					+ held.hold().message());
			this.provider.timer.retryAt(stored,
					Duration.between(this.provider.serverClock.instant(), held.hold().until()));
			return null;
		}
		if (outcome instanceof AuthCalls.LeaseLost) {
			// Another instance renews now; look again after it.
			this.provider.timer.schedule(this.provider.clock.instant().plus(this.provider.callRetry.getFirstDelay()),
					stored.version());
			return null;
		}
		if (!(outcome instanceof AuthCalls.Token token)) {
			TradovateAuthException ex = failure(outcome);
			logger.warn("Could not renew the Tradovate access token of the " + this.provider.signals.user()
					+ ", which stays in use until " + current.expirationTime() + ": " + ex.getMessage());
			this.provider.signals
				.publish(new AccessTokenFailedEvent(this.provider, AccessTokenFailedEvent.Operation.RENEWAL, ex));
			if (!(ex instanceof ReauthorizationRequiredException) && (outcome instanceof AuthCalls.Rejected
					|| (ex instanceof TradovateUnavailableException unavailable && unavailable.getStatus() != 0))) {
				// Refused, or answered as a closed session may be: ask whether the
				// session still exists before a login is spent on it. A token that
				// cannot be renewed says nothing about its session.
				this.provider.watch.pursueNow(lease, stored);
				StoredToken after = this.provider.fleet.store().current();
				if (after == null || after.version() != stored.version()) {
					return null;
				}
			}
			renewLater(stored, ex);
			return null;
		}
		AccessToken renewed = token.token();
		StoredToken result = this.provider.fleet.store().compareAndSet(stored.version(), renewed, lease);
		if (result == null) {
			logger.warn("The token store refused the renewed Tradovate token: it changed meanwhile");
			StoredToken latest = this.provider.fleet.store().current();
			if (latest != null) {
				this.provider.timer.renewAt(latest);
			}
			return null;
		}
		this.provider.lastFailure = null;
		this.provider.timer.resetBackOff();
		this.provider.fleet.known(renewed);
		logger.info("Renewed the Tradovate access token of user '" + renewed.name() + "'; it now expires at "
				+ renewed.expirationTime());
		this.provider.renewed(result);
		return renewed;
	}

	/**
	 * Sets the timer after a failed renewal: for another, unless only the user can make
	 * the token renewable again, by authorizing the application; then nothing is tried
	 * until the token expires, when a login replaces it (and says so).
	 */
	private void renewLater(StoredToken stored, TradovateAuthException ex) {
		if (ex instanceof ReauthorizationRequiredException) {
			this.provider.timer.loginAtExpiry(stored);
		}
		else {
			this.provider.timer.retryAt(stored, AuthBudget.askedToWait(ex));
		}
	}

	/**
	 * Tries to renew a token that looks expired before a login is spent on it: when this
	 * machine's clock jumped forward (an NTP step, a resumed VM), Tradovate may still
	 * accept it, and a renewal opens no session. Callers hold the lock and lease.
	 * @return the renewed token, or {@code null} when it could not be renewed
	 */
	@Nullable AccessToken renewLooksExpired(Lease lease, StoredToken stored) {
		if (!(this.provider.calls.renew(lease, stored.token()) instanceof AuthCalls.Token token)) {
			return null;
		}
		StoredToken result = this.provider.fleet.store().compareAndSet(stored.version(), token.token(), lease);
		if (result == null) {
			return null;
		}
		AccessToken renewed = token.token();
		logger.warn("Renewed a Tradovate access token that this machine's clock took for expired (did the clock"
				+ " jump?); it now expires at " + renewed.expirationTime());
		this.provider.fleet.known(renewed);
		this.provider.renewed(result);
		return renewed;
	}

	/**
	 * Gives a store that lost its token (a Redis restarted empty) the token this instance
	 * still knows to be good, rather than spend a login and a session. Callers hold the
	 * lock and lease.
	 */
	@Nullable AccessToken restoreLastKnown(Lease lease, @Nullable StoredToken fresh) {
		try {
			return restoreToken(lease, fresh);
		}
		finally {
			// After the token: a ledger that records a login next to no token tells the
			// other instances that the token was found dead.
			this.provider.fleet.restoreLedger(lease, this.provider.serverClock.instant());
		}
	}

	private @Nullable AccessToken restoreToken(Lease lease, @Nullable StoredToken fresh) {
		AccessToken known = this.provider.fleet.lastKnown();
		if (fresh != null || known == null || !this.provider.isUsable(known)) {
			return null;
		}
		if (!this.provider.checks.isVerified(known)
				&& this.provider.checks.check(lease, new StoredToken(known, 1)) == Verdict.DEAD) {
			// Another instance may have found it dead while this one missed it.
			this.provider.fleet.forget();
			return null;
		}
		StoredToken restored = this.provider.fleet.store().compareAndSet(0, known, lease);
		if (restored == null) {
			return null;
		}
		logger.info("Gave the token store, which had lost it, the Tradovate access token of user '" + known.name()
				+ "' that is still valid, rather than logging in again");
		this.provider.timer.renewAt(restored);
		return known;
	}

	/**
	 * Schedules a login where waiting helps: at the end of a hold that ends by itself.
	 */
	void scheduleBackgroundLogin(Hold hold) {
		if (hold.reason() == HoldReason.REFUSED || hold.reason() == HoldReason.CAPTCHA
				|| (hold.reason() == HoldReason.PENALTY && !this.provider.owner.equals(hold.owner()))) {
			return;
		}
		StoredToken current = this.provider.current();
		if (current != null && this.provider.isUsable(current.token()) && this.provider.timer.next() != null) {
			// The token's renewal stays as scheduled: a login is not what it needs.
			return;
		}
		Instant at = this.provider.serverClock.toLocal(hold.until());
		if (hold.reason() == HoldReason.UNAVAILABLE) {
			// While Tradovate is away, background logins go no faster than the longest
			// retry delay.
			Instant slowest = this.provider.clock.instant().plus(this.provider.callRetry.getLongestDelay());
			at = at.isBefore(slowest) ? slowest : at;
		}
		Instant scheduled = this.provider.timer.next();
		if (scheduled == null || !scheduled.equals(at)) {
			StoredToken stored = this.provider.fleet.store().current();
			this.provider.timer.schedule(at, (stored != null) ? stored.version() : 0);
		}
	}

	/**
	 * Renews the token now, rather than when it is due: see
	 * {@link RenewingTokenProvider#renewNow()}.
	 */
	AccessToken renewNow() {
		this.provider.lock.lockForCaller();
		try {
			StoredToken stored = this.provider.current();
			if (stored == null || !this.provider.isUsable(stored.token())) {
				throw new TradovateAuthException("There is no valid Tradovate access token to renew");
			}
			AccessToken renewed = this.provider.withLease((lease) -> renew(lease, stored));
			if (renewed == null) {
				throw new TradovateAuthException("The token was not renewed: another instance holds the store's lease,"
						+ " or the renewal failed (see the log)");
			}
			return renewed;
		}
		finally {
			this.provider.lock.unlock();
		}
	}

	/**
	 * Makes sure that a token stored by another instance of the fleet is renewed on time
	 * here too, should that instance stop: the renewal runs where the lease is free when
	 * it is due, and the other instances then find the token renewed and schedule the
	 * next one.
	 */
	void ensureScheduled(StoredToken stored) {
		if (stored.version() != this.provider.timer.version() && this.provider.isUsable(stored.token())
				&& !this.provider.closed) {
			this.provider.timer.renewAt(stored);
		}
		else {
			this.provider.timer.adopt(stored);
		}
	}

	static TradovateAuthException failure(AuthCalls.Outcome outcome) {
		return (outcome instanceof AuthCalls.Rejected rejected) ? rejected.failure()
				: ((AuthCalls.Failed) outcome).failure();
	}

}
