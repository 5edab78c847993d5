package io.github.futuresauth.tradovate.auth;

import java.time.Duration;
import java.time.Instant;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The login in a caller's path of a {@link RenewingTokenProvider}: callers who need a
 * token join one {@link LoginFlight}, whose leader takes the lock and the store's lease
 * and logs in, tries a renewal or a restore first, waits for a short penalty or resends
 * an unanswered first login, or waits for the token that another instance of the fleet
 * stores. Transitions are applied by the provider.
 */
final class CallerLogin {

	/** Logged under the provider's name, which is the one users configure. */
	private static final Log logger = LogFactory.getLog(RenewingTokenProvider.class);

	/** How often an instance waiting for another one's login asks for the lease again. */
	private static final Duration LEASE_RETRY = Duration.ofSeconds(1);

	/** How often a caller waiting for another instance's token looks at the store. */
	private static final Duration CHANGE_LOOK = Duration.ofMillis(50);

	private final RenewingTokenProvider provider;

	private Pause pause = (wait) -> Thread.sleep(wait.toMillis());

	/** The login in progress, which callers who need a token wait for. */
	private final LoginFlight flight = new LoginFlight();

	/**
	 * How long after a first login that got no answer it is sent once more: long enough
	 * for a passing fault, short enough for the caller's wait.
	 */
	static final Duration UNANSWERED_LOGIN_PAUSE = Duration.ofSeconds(5);

	/** Whether the one resend of an unanswered first login has been spent. */
	private volatile boolean firstLoginResent;

	CallerLogin(RenewingTokenProvider provider) {
		this.provider = provider;
	}

	AccessToken acquire() {
		this.provider.lock.requireNotReentrant();
		return this.flight.join(this.provider.lock.deadline(), new LoginFlight.Attempt() {

			@Override
			public @Nullable AccessToken ready() {
				StoredToken stored = CallerLogin.this.provider.current();
				return (stored != null && CallerLogin.this.provider.isUsable(stored.token())) ? stored.token() : null;
			}

			@Override
			public void throwIfHeld() {
				CallerLogin.this.throwIfHeld();
			}

			@Override
			public boolean isHeld() {
				return heldNow() != null;
			}

			@Override
			public AccessToken lead(long deadline) {
				return CallerLogin.this.lead(deadline);
			}

			@Override
			public RuntimeException timedOut() {
				return CallerLogin.this.provider.lock.waitTimedOut();
			}

		});
	}

	/**
	 * Throws a caller's own exception when a hold stops logins now. The spacing between
	 * logins is left to the login itself: a login that has just happened is why it
	 * applies, and its token may simply not have reached this instance's copy of the
	 * store yet.
	 */
	void throwIfHeld() {
		Hold hold = heldNow();
		if (hold != null && hold.reason() != HoldReason.INTERVAL) {
			this.provider.refresher.scheduleBackgroundLogin(hold);
			throw AuthBudget.held(hold, this.provider.serverClock.instant(), this.provider.lastFailure);
		}
	}

	@Nullable Hold heldNow() {
		Instant now = this.provider.serverClock.instant();
		return this.provider.budget.loginHold(this.provider.fleet.store().ledger().trimmed(now), now,
				this.provider.owner, this.provider.credentials);
	}

	/** Logs in for the callers who are waiting. */
	private AccessToken lead(long deadline) {
		this.provider.lock.lockUntil(deadline);
		try {
			// Retries end well within the lease, so that no other instance can take it
			// meanwhile.
			Instant localDeadline = earliest(
					this.provider.clock.instant().plusNanos(Math.max(0, deadline - System.nanoTime())),
					this.provider.clock.instant().plus(this.provider.leaseTime.dividedBy(2)));
			for (;;) {
				StoredToken stored = this.provider.current();
				if (stored != null && this.provider.isUsable(stored.token())) {
					return stored.token();
				}
				AccessToken token = this.provider.withLease((lease) -> {
					// Another instance may have stored a token since the local copy was
					// made.
					StoredToken fresh = this.provider.fleet.store().read();
					if (fresh != null && this.provider.isUsable(fresh.token())) {
						this.provider.refresher.ensureScheduled(fresh);
						return fresh.token();
					}
					AccessToken renewed = (fresh != null) ? this.provider.refresher.renewLooksExpired(lease, fresh)
							: null;
					if (renewed != null) {
						return renewed;
					}
					AccessToken restored = this.provider.refresher.restoreLastKnown(lease, fresh);
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
			this.provider.lock.unlock();
		}
	}

	private static Instant earliest(Instant first, Instant second) {
		return first.isBefore(second) ? first : second;
	}

	/**
	 * Another instance of the fleet holds the lease: wait for the token that it stores.
	 * @param seen the token this instance had, which does not count
	 * @param until when to stop waiting and try the lease again
	 * @param deadline when the caller stops waiting
	 * @return the new token, or {@code null} when {@code until} came first
	 */
	private @Nullable AccessToken awaitOtherInstance(@Nullable StoredToken seen, long until, long deadline) {
		for (;;) {
			StoredToken stored = this.provider.current();
			if (stored != null && !stored.equals(seen) && this.provider.isUsable(stored.token())) {
				this.provider.refresher.ensureScheduled(stored);
				return stored.token();
			}
			throwIfHeld();
			long now = System.nanoTime();
			if (now - deadline >= 0) {
				throw this.provider.lock.waitTimedOut();
			}
			if (now - until >= 0) {
				return null;
			}
			try {
				// Woken by a change of the store; a change between the look above and the
				// wait is seen at the next look, a moment later.
				this.provider.fleet.awaitChange(Math.min(until - now, CHANGE_LOOK.toNanos()));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new CallRetry.InterruptedLoginException("Interrupted while waiting for a Tradovate access token",
						ex);
			}
		}
	}

	/**
	 * Waits, at most the token wait timeout, for the store to hold a token other than the
	 * given one.
	 */
	@Nullable AccessToken awaitReplacement(StoredToken seen) {
		try {
			long deadline = this.provider.lock.deadline();
			AccessToken next = awaitOtherInstance(seen, deadline, deadline);
			return (next == null || next.accessToken().equals(seen.token().accessToken())) ? null : next;
		}
		catch (TradovateAuthException ex) {
			// No replacement now: the caller keeps its 401.
			return null;
		}
	}

	/**
	 * Logs in while a caller waits, trying again after failures that may pass until the
	 * deadline. Callers hold the lock and the lease.
	 */
	private AccessToken login(Lease lease, @Nullable StoredToken previous, Instant deadline) {
		boolean firstLogin = previous == null && this.provider.fleet.lastKnown() == null
				&& this.provider.fleet.store().ledger().lastLogin() == null;
		for (;;) {
			try {
				AccessToken token = this.provider.signals.observe("tradovate.auth.login",
						() -> this.provider.callRetry.call("login", deadline, () -> loginOnce(lease)));
				return this.provider.loggedIn(lease, previous, token);
			}
			catch (LoginHeldException ex) {
				throw ex;
			}
			catch (TimePenaltyException ex) {
				if (!fitsBefore(ex.getWait(), deadline)) {
					this.provider.loginFailed(lease, ex);
					throw ex;
				}
				// A short penalty is waited for in the caller's path: the hold names this
				// instance as the ticket's holder meanwhile, for the rest of the fleet.
				Instant now = this.provider.serverClock.instant();
				this.provider.fleet.store()
					.saveLedger(this.provider.budget.loginFailed(this.provider.fleet.store().ledger().trimmed(now), now,
							ex, this.provider.owner, this.provider.credentials), lease);
				logger.info("Tradovate imposed a time penalty of " + ex.getWait().toSeconds()
						+ "s on logging in; waiting for it, then sending the login again with its ticket");
				this.provider.signals
					.publish(new LoginPenaltyEvent(this, this.provider.credentials.name(), ex.getWait()));
				pause(ex.getWait());
			}
			catch (TradovateUnavailableException ex) {
				if (!ex.isUnanswered() || this.firstLoginResent || !firstLogin
						|| !fitsBefore(UNANSWERED_LOGIN_PAUSE, deadline)) {
					this.provider.loginFailed(lease, ex);
					throw ex;
				}
				// A login that got no answer may have opened a session, so it is not sent
				// again at once; but a failed start would only be followed by a restart
				// that logs in anyway. One resend, after a pause, counted in the budget.
				this.firstLoginResent = true;
				logger.warn("The first login to Tradovate got no answer (" + ex.getMessage() + "); sending it once"
						+ " more in " + UNANSWERED_LOGIN_PAUSE.toSeconds() + "s");
				pause(UNANSWERED_LOGIN_PAUSE);
			}
			catch (TradovateAuthException ex) {
				this.provider.loginFailed(lease, ex);
				throw ex;
			}
		}
	}

	private boolean fitsBefore(Duration wait, Instant deadline) {
		return !this.provider.clock.instant().plus(wait).isAfter(deadline);
	}

	private void pause(Duration wait) {
		try {
			this.pause.pause(wait);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CallRetry.InterruptedLoginException("Interrupted while waiting to log in to Tradovate again", ex);
		}
	}

	/** Sends one login, if the budget and the lease allow it. */
	AccessToken loginOnce(Lease lease) {
		AuthCalls.Outcome outcome = this.provider.calls.login(lease, UNANSWERED_LOGIN_PAUSE);
		if (outcome instanceof AuthCalls.Token token) {
			if (!token.recorded()) {
				logger.warn("Logged in to Tradovate, but the token store refused the record of it: the lease passed"
						+ " to another instance meanwhile");
			}
			return token.token();
		}
		if (outcome instanceof AuthCalls.Held held) {
			this.provider.refresher.scheduleBackgroundLogin(held.hold());
			throw AuthBudget.held(held.hold(), this.provider.serverClock.instant(), this.provider.lastFailure);
		}
		if (outcome instanceof AuthCalls.LeaseLost) {
			throw new TradovateAuthException("Did not log in to Tradovate: this instance's lease on the token store"
					+ " passed to another instance, which logs in instead");
		}
		throw Refresher.failure(outcome);
	}

	void setPause(Pause pause) {
		this.pause = pause;
	}

	/** How a caller's thread waits: real time, or a clock moved by a test. */
	@FunctionalInterface
	interface Pause {

		void pause(Duration wait) throws InterruptedException;

	}

}
