package io.github.futuresauth.tradovate.auth;

import java.time.Duration;
import java.time.Instant;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import io.github.futuresauth.tradovate.auth.SessionProbe.Verdict;

/**
 * The checks of a {@link RenewingTokenProvider}'s token: whether a rejected token still
 * works ({@code /auth/me} under the lease, remembered for a while), and what the
 * {@link SessionWatch} does through the provider when a session is suspected. A token
 * found dead is discarded by the provider.
 */
final class SessionChecks {

	/** Logged under the provider's name, which is the one users configure. */
	private static final Log logger = LogFactory.getLog(RenewingTokenProvider.class);

	private final RenewingTokenProvider provider;

	/** The token that {@code /auth/me} last accepted. */
	private volatile @Nullable Verified verified;

	SessionChecks(RenewingTokenProvider provider) {
		this.provider = provider;
	}

	@Nullable AccessToken recover(AccessToken rejected) {
		Assert.notNull(rejected, "AccessToken must not be null");
		if (!isCurrent(rejected)) {
			return this.provider.getToken();
		}
		if (!this.provider.isUsable(rejected)) {
			// Past its expiry: its renewal was late, as on a machine that slept. Reads
			// look at the clock again and log in; there is nothing to ask /auth/me.
			this.provider.timer.stopVouching();
			return this.provider.getToken();
		}
		if (isVerified(rejected)) {
			return null;
		}
		StoredToken busyElsewhere = null;
		this.provider.lock.lockForCaller();
		try {
			StoredToken stored = this.provider.current();
			if (stored != null && stored.token().accessToken().equals(rejected.accessToken())) {
				if (isVerified(rejected)) {
					return null;
				}
				Verdict verdict = this.provider.withLease((lease) -> {
					StoredToken fresh = this.provider.fleet.store().read();
					if (fresh == null || !fresh.token().accessToken().equals(rejected.accessToken())) {
						// Another instance of the fleet has replaced it already.
						return Verdict.REPLACED;
					}
					Verdict found = check(lease, fresh);
					if (found == Verdict.DEAD) {
						this.provider.discard(lease, fresh,
								"Tradovate rejected the access token, and /auth/me confirmed it");
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
			this.provider.lock.unlock();
		}
		if (busyElsewhere != null) {
			// Another instance holds the lease, likely checking the same token: take what
			// it stores, or hand the caller its 401.
			return this.provider.callerLogin.awaitReplacement(busyElsewhere);
		}
		AccessToken next = this.provider.getToken();
		return (next.accessToken().equals(rejected.accessToken())) ? null : next;
	}

	private boolean isCurrent(AccessToken token) {
		StoredToken stored = this.provider.current();
		return stored != null && stored.token().accessToken().equals(token.accessToken());
	}

	/**
	 * Whether {@code /auth/me} accepted the token recently. A check vouches for the token
	 * for an hour divided by the checks allowed an hour, so that an endpoint that answers
	 * {@code 401} for reasons of its own can never spend the budget of checks.
	 */
	boolean isVerified(AccessToken token) {
		Verified verified = this.verified;
		Duration vouchesFor = AuthLedger.WINDOW.dividedBy(this.provider.budget.getLimits().checksPerHour());
		return verified != null && verified.accessToken().equals(token.accessToken())
				&& this.provider.serverClock.instant().isBefore(verified.at().plus(vouchesFor));
	}

	/**
	 * Asks /auth/me whether a token still works, if the budget allows. Callers hold the
	 * lock and lease.
	 * @return the verdict, or {@code null} when the lease was lost
	 */
	@Nullable Verdict check(Lease lease, StoredToken stored) {
		AuthCalls.Outcome outcome = this.provider.calls.me(lease, stored.token());
		if (outcome instanceof AuthCalls.Token) {
			this.verified = new Verified(stored.token().accessToken(), this.provider.serverClock.instant());
			return Verdict.ALIVE;
		}
		if (outcome instanceof AuthCalls.Held held) {
			if (held.hold().reason() == HoldReason.RATE_LIMITED) {
				logger.warn("Holding every request to Tradovate's /auth/* until " + held.hold().until() + ": "
						+ held.hold().message() + "; no login is sent meanwhile");
				return Verdict.RATE_LIMITED;
			}
			logger.warn("Cannot check the Tradovate access token now: " + held.hold().message());
			return Verdict.NOT_CHECKED;
		}
		if (outcome instanceof AuthCalls.LeaseLost) {
			return null;
		}
		return (outcome instanceof AuthCalls.Rejected) ? Verdict.DEAD : Verdict.UNANSWERED;
	}

	/** The host of the session watch. */
	SessionWatch.Host host() {
		return new WatchHost();
	}

	/** What the session watch does through the provider. */
	private final class WatchHost implements SessionWatch.Host {

		@Override
		public boolean tryLock() {
			return !SessionChecks.this.provider.closed && SessionChecks.this.provider.lock.tryLock();
		}

		@Override
		public void unlock() {
			SessionChecks.this.provider.lock.unlock();
		}

		@Override
		public @Nullable StoredToken current() {
			return SessionChecks.this.provider.current();
		}

		@Override
		public @Nullable StoredToken read() {
			return SessionChecks.this.provider.fleet.store().read();

		}

		@Override
		public boolean withLease(java.util.function.Consumer<Lease> action) {
			return SessionChecks.this.provider.withLease((lease) -> {
				action.accept(lease);
				return Boolean.TRUE;
			}) != null;
		}

		@Override
		public @Nullable Verdict check(Lease lease, StoredToken stored) {
			return SessionChecks.this.check(lease, stored);
		}

		@Override
		public boolean isUp() {
			return SessionChecks.this.provider.calls.isUp();
		}

		@Override
		public void replace(Lease lease, StoredToken stored, String why) {
			SessionChecks.this.provider.discard(lease, stored, why);
			SessionChecks.this.provider.refresher.loginInBackground(lease);
		}

		@Override
		public @Nullable Instant authHeldUntil() {
			Hold hold = SessionChecks.this.provider.budget.authHold(SessionChecks.this.provider.fleet.store().ledger(),
					SessionChecks.this.provider.serverClock.instant());
			return (hold != null) ? SessionChecks.this.provider.serverClock.toLocal(hold.until()) : null;
		}

	}

	/** A token that {@code /auth/me} accepted, and when. */
	private record Verified(String accessToken, Instant at) {

		@Override
		public String toString() {
			return "Verified[at=" + this.at + "]";
		}

	}

}
