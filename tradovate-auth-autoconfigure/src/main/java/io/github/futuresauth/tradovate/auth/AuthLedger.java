package io.github.futuresauth.tradovate.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The record of requests sent to Tradovate's {@code /auth/*} endpoints in the last hour,
 * and of the hold in force, from which the provider decides whether the next request may
 * go out. A {@link TokenStore} keeps it, so that a fleet that shares a store shares one
 * budget.
 * <p>
 * Instants are in Tradovate's time, as the instance that recorded them estimated it. The
 * ledger is immutable: every change returns a new one. It holds no secret.
 *
 * @param failedLogins when logins that did not return a token were sent
 * @param renewals when renewals were sent, whatever their outcome
 * @param checks when {@code /auth/me} was asked whether a token still works
 * @param lastLogin when the latest login that opened a session was sent, or {@code null}
 * @param hold the hold in force, or {@code null}
 * @param kicks how many sessions in a row were closed by another client of the same user
 * less than an hour after they were opened; it spaces the logins that replace them
 */
public record AuthLedger(List<Instant> failedLogins, List<Instant> renewals, List<Instant> checks,
		@Nullable Instant lastLogin, @Nullable Hold hold, int kicks) {

	/** How far back requests are counted: Tradovate's limits are per rolling hour. */
	public static final Duration WINDOW = Duration.ofHours(1);

	/** A ledger with nothing recorded. */
	public static final AuthLedger EMPTY = new AuthLedger(List.of(), List.of(), List.of(), null, null, 0);

	public AuthLedger {
		failedLogins = (failedLogins != null) ? List.copyOf(failedLogins) : List.of();
		renewals = (renewals != null) ? List.copyOf(renewals) : List.of();
		checks = (checks != null) ? List.copyOf(checks) : List.of();
		kicks = Math.max(kicks, 0);
	}

	/**
	 * Create a ledger with no sessions closed elsewhere.
	 * @param failedLogins when logins that did not return a token were sent
	 * @param renewals when renewals were sent
	 * @param checks when {@code /auth/me} was asked
	 * @param lastLogin when the latest login that opened a session was sent
	 * @param hold the hold in force
	 */
	public AuthLedger(List<Instant> failedLogins, List<Instant> renewals, List<Instant> checks,
			@Nullable Instant lastLogin, @Nullable Hold hold) {
		this(failedLogins, renewals, checks, lastLogin, hold, 0);
	}

	/**
	 * Return this ledger without the requests that have left the window at the given
	 * instant.
	 * @param now the current instant, in Tradovate's time
	 * @return the trimmed ledger
	 */
	public AuthLedger trimmed(Instant now) {
		Instant from = now.minus(WINDOW);
		return new AuthLedger(after(this.failedLogins, from), after(this.renewals, from), after(this.checks, from),
				this.lastLogin, this.hold, this.kicks);
	}

	AuthLedger withFailedLogin(Instant at) {
		return new AuthLedger(plus(this.failedLogins, at), this.renewals, this.checks, this.lastLogin, this.hold,
				this.kicks);
	}

	AuthLedger withoutFailedLogin(Instant at) {
		List<Instant> failed = new ArrayList<>(this.failedLogins);
		failed.remove(at);
		return new AuthLedger(failed, this.renewals, this.checks, this.lastLogin, this.hold, this.kicks);
	}

	AuthLedger withLogin(Instant at) {
		return new AuthLedger(this.failedLogins, this.renewals, this.checks, at, this.hold, this.kicks);
	}

	AuthLedger withRenewal(Instant at) {
		return new AuthLedger(this.failedLogins, plus(this.renewals, at), this.checks, this.lastLogin, this.hold,
				this.kicks);
	}

	AuthLedger withCheck(Instant at) {
		return new AuthLedger(this.failedLogins, this.renewals, plus(this.checks, at), this.lastLogin, this.hold,
				this.kicks);
	}

	AuthLedger withHold(@Nullable Hold hold) {
		return new AuthLedger(this.failedLogins, this.renewals, this.checks, this.lastLogin, hold, this.kicks);
	}

	AuthLedger withKicks(int kicks) {
		return new AuthLedger(this.failedLogins, this.renewals, this.checks, this.lastLogin, this.hold, kicks);
	}

	private static List<Instant> after(List<Instant> instants, Instant from) {
		return instants.stream().filter((instant) -> instant.isAfter(from)).toList();
	}

	private static List<Instant> plus(List<Instant> instants, Instant instant) {
		List<Instant> result = new ArrayList<>(instants.size() + 1);
		result.addAll(instants);
		result.add(instant);
		return result;
	}

}
