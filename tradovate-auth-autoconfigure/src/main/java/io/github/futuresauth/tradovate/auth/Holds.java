package io.github.futuresauth.tradovate.auth;

import java.time.Duration;
import java.time.Instant;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.util.Assert;

/**
 * The holds on logins of a {@link RenewingTokenProvider} that come from outside its own
 * requests (a rate limit met elsewhere, a hold cleared once its cause is fixed), and the
 * status it reports, derived from the store's token and ledger.
 */
final class Holds {

	/** Logged under the provider's name, which is the one users configure. */
	private static final Log logger = LogFactory.getLog(RenewingTokenProvider.class);

	private final RenewingTokenProvider provider;

	Holds(RenewingTokenProvider provider) {
		this.provider = provider;
	}

	TokenStatus status() {
		Instant now = this.provider.serverClock.instant();
		AuthLedger ledger = this.provider.fleet.store().ledger().trimmed(now);
		StoredToken stored = this.provider.current();
		AccessToken token = (stored != null) ? stored.token() : null;
		TradovateAuthException failure = this.provider.lastFailure;
		TokenStatus.State state = (token != null && !token.isExpired(now)) ? TokenStatus.State.VALID : (failure != null)
				? TokenStatus.State.FAILED
				: (token != null || ledger.lastLogin() != null) ? TokenStatus.State.EXPIRED : TokenStatus.State.NONE;
		AuthLimits limits = this.provider.budget.getLimits();
		Hold hold = this.provider.budget.loginHold(ledger, now, this.provider.owner, this.provider.credentials);
		if (hold != null && hold.reason() == HoldReason.INTERVAL && state == TokenStatus.State.VALID) {
			// Spacing between logins matters only to a login that is needed.
			hold = null;
		}
		return new TokenStatus(state, (token != null) ? token.name() : this.provider.credentials.name(),
				(token != null) ? token.expirationTime() : null, (stored != null) ? stored.version() : 0, now,
				ledger.lastLogin(), this.provider.lastRenewal, this.provider.timer.next(), failure,
				this.provider.serverClock.getOffset(), hold,
				new TokenStatus.Usage(ledger.failedLogins().size(), limits.failedLoginsPerHour()),
				new TokenStatus.Usage(ledger.renewals().size(), limits.renewalsPerHour()),
				new TokenStatus.Usage(ledger.checks().size(), limits.checksPerHour()));
	}

	void rateLimitedElsewhere(String what, Duration wait, boolean captchaRequired) {
		Assert.hasText(what, "what must not be empty");
		Assert.notNull(wait, "wait must not be null");
		if (this.provider.closed) {
			return;
		}
		Object recorded = null;
		if (this.provider.lock.tryLock()) {
			try {
				recorded = this.provider.withLease((lease) -> {
					Instant now = this.provider.serverClock.instant();
					AuthLedger ledger = this.provider.fleet.store().ledger().trimmed(now);
					Hold current = ledger.hold();
					Instant until = now.plus(captchaRequired ? AuthBudget.CAPTCHA_PROBE : wait);
					if (current != null && !current.until().isBefore(until)) {
						return Boolean.TRUE;
					}
					// A penalty keeps its ticket's holder, and a refusal its strikes:
					// only the end moves.
					Hold hold = (current != null && current.reason() != HoldReason.UNAVAILABLE && !captchaRequired)
							? new Hold(current.reason(), until, current.message(), current.strikes(), current.owner(),
									current.credentials(), current.ticket())
							: new Hold(captchaRequired ? HoldReason.CAPTCHA : HoldReason.UNAVAILABLE, until,
									"Tradovate rate-limited " + what + " from this network", 0, null, null);
					if (!this.provider.fleet.store().saveLedger(ledger.withHold(hold), lease)) {
						return null;
					}
					logger.warn("Holding logins to Tradovate of the " + this.provider.signals.user() + " until " + until
							+ ": it rate-limited " + what);
					return Boolean.TRUE;
				});
			}
			finally {
				this.provider.lock.unlock();
			}
		}
		if (recorded == null) {
			// Busy here, or another instance holds the lease: record it shortly, not
			// never.
			this.provider.timer.run(() -> rateLimitedElsewhere(what, wait, captchaRequired),
					this.provider.clock.instant().plus(this.provider.callRetry.getFirstDelay()));
		}
	}

	boolean clearHold() {
		this.provider.lock.lockUntil(this.provider.lock.deadline());
		try {
			// A captcha holds every user of the address: solved, it holds none.
			boolean network = this.provider.calls.clearNetworkCaptcha();
			Hold hold = this.provider.fleet.store().ledger().hold();
			if (hold == null || hold.reason() == HoldReason.PENALTY) {
				return network;
			}
			Boolean cleared = this.provider.withLease((lease) -> {
				// Read again under the lease: a penalty may have arrived meanwhile.
				Hold current = this.provider.fleet.store().ledger().hold();
				return current != null && current.reason() != HoldReason.PENALTY && this.provider.fleet.store()
					.saveLedger(this.provider.fleet.store().ledger().withHold(null), lease);
			});
			if (Boolean.TRUE.equals(cleared)) {
				logger.info("Cleared the hold on Tradovate logins (" + hold.reason().name().toLowerCase() + ")");
				this.provider.lastFailure = null;
				return true;
			}
			return network;
		}
		finally {
			this.provider.lock.unlock();
		}
	}

}
