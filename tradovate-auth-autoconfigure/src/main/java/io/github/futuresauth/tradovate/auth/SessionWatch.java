package io.github.futuresauth.tradovate.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.github.futuresauth.tradovate.auth.SessionProbe.Action;
import io.github.futuresauth.tradovate.auth.SessionProbe.Stage;
import io.github.futuresauth.tradovate.auth.SessionProbe.Verdict;

/**
 * Follows a session under suspicion through the stages of the {@link SessionProbe}: looks
 * at it on the scheduler, under the lock and the lease, and applies what the probe
 * decides: nothing, another look, a hold, a wait for an outage to end, or a login that
 * replaces the session, which is the provider's transition.
 */
final class SessionWatch {

	/** How soon a look is tried again when the lock or the lease is busy. */
	static final Duration LOOK_RETRY = Duration.ofSeconds(1);

	/**
	 * How long after Tradovate looked down it is looked at again, doubling up to
	 * {@link #LONGEST_OUTAGE_LOOK}.
	 */
	static final Duration OUTAGE_LOOK = Duration.ofSeconds(5);

	/** The longest time between two looks at Tradovate while it is down. */
	static final Duration LONGEST_OUTAGE_LOOK = Duration.ofMinutes(1);

	private static final Log logger = LogFactory.getLog(SessionWatch.class);

	private final Host host;

	private final RenewalTimer timer;

	private final Supplier<Clock> clock;

	private volatile Suspicion suspicion = Suspicion.NONE;

	SessionWatch(Host host, RenewalTimer timer, Supplier<Clock> clock) {
		this.host = host;
		this.timer = timer;
		this.clock = clock;
	}

	/**
	 * Start watching a token whose requests keep failing with 408, 429 or 5xx, unless it
	 * is watched already.
	 * @param stored the token
	 */
	void suspect(StoredToken stored) {
		if (this.suspicion.version() == stored.version()) {
			return;
		}
		this.suspicion = new Suspicion(stored.version(), Stage.SUSPECTED, 0);
		logger.warn("Requests with the Tradovate access token keep failing with 408, 429 or 5xx; checking whether"
				+ " its session was closed");
		lookAt(stored.version(), now());
	}

	/**
	 * Follow a suspicion now, in the caller's lock and lease, starting with
	 * {@code /auth/me}.
	 * @param lease the lease
	 * @param stored the token
	 */
	void pursueNow(Lease lease, StoredToken stored) {
		this.suspicion = new Suspicion(stored.version(), Stage.SUSPECTED, 0);
		pursue(lease, stored);
	}

	/** Forget the suspicion: the token was replaced. */
	void clear() {
		this.suspicion = Suspicion.NONE;
	}

	private void lookAt(long version, Instant at) {
		this.timer.run(() -> look(version), at);
	}

	/** Runs on the scheduler. */
	private void look(long version) {
		if (!this.host.tryLock()) {
			// Busy logging in or renewing: look again shortly rather than drop the
			// suspicion.
			lookAt(version, now().plus(LOOK_RETRY));
			return;
		}
		try {
			StoredToken stored = this.host.current();
			if (stored == null || stored.version() != version || this.suspicion.version() != version) {
				return;
			}
			if (!this.host.withLease((lease) -> pursue(lease, stored))) {
				lookAt(version, now().plus(LOOK_RETRY));
			}
		}
		catch (RuntimeException ex) {
			logger.error("Unexpected failure while checking the Tradovate session", ex);
		}
		finally {
			this.host.unlock();
		}
	}

	/**
	 * Follows the suspicion until it ends or has to wait. Callers hold the lock and the
	 * lease.
	 */
	private void pursue(Lease lease, StoredToken stored) {
		for (int step = 0; step < 4; step++) {
			Suspicion suspicion = this.suspicion;
			if (suspicion.version() != stored.version()) {
				return;
			}
			StoredToken fresh = this.host.read();
			Verdict verdict;
			if (fresh == null || fresh.version() != stored.version()) {
				verdict = Verdict.REPLACED;
			}
			else if (suspicion.stage() == Stage.SUSPECTED) {
				verdict = this.host.check(lease, stored);
				if (verdict == null) {
					// The lease is lost: another instance decides now.
					lookAt(stored.version(), now().plus(LOOK_RETRY));
					return;
				}
			}
			else {
				verdict = this.host.isUp() ? Verdict.UP : Verdict.DOWN;
			}
			Action action = SessionProbe.decide(suspicion.stage(), verdict);
			switch (action) {
				case CLEAR -> {
					this.suspicion = Suspicion.NONE;
					return;
				}
				case CHECK, PROBE ->
					this.suspicion = new Suspicion(stored.version(), SessionProbe.next(action), suspicion.waits());
				case RELOGIN -> {
					this.suspicion = Suspicion.NONE;
					this.host.replace(lease, stored, (verdict == Verdict.DEAD) ? "/auth/me rejected it"
							: "Tradovate is up, and answers every request with it with 408, 429 or 5xx");
					return;
				}
				case HOLD -> {
					// Looked at again when the hold ends: a 429 never leads to a login.
					Instant until = this.host.authHeldUntil();
					this.suspicion = new Suspicion(stored.version(), Stage.SUSPECTED, suspicion.waits());
					lookAt(stored.version(), (until != null) ? until : now().plus(AuthBudget.TOO_MANY_REQUESTS_HOLD));
					return;
				}
				case WAIT -> {
					int waits = suspicion.waits() + 1;
					this.suspicion = new Suspicion(stored.version(), Stage.OUTAGE, waits);
					Duration wait = OUTAGE_LOOK.multipliedBy(1L << Math.min(waits - 1, 4));
					wait = (wait.compareTo(LONGEST_OUTAGE_LOOK) > 0) ? LONGEST_OUTAGE_LOOK : wait;
					logger.warn("Tradovate looks down (a request without a token was not answered 401); keeping the"
							+ " access token, no login, looking again in " + wait.toSeconds() + "s");
					lookAt(stored.version(), now().plus(wait));
					return;
				}
			}
		}
	}

	private Instant now() {
		return this.clock.get().instant();
	}

	/** What the watch needs from the provider. */
	interface Host {

		boolean tryLock();

		void unlock();

		@Nullable StoredToken current();

		/** The token as the store holds it; under the lease. */
		@Nullable StoredToken read();

		/**
		 * Run under the lease.
		 * @return whether the lease was had
		 */
		boolean withLease(java.util.function.Consumer<Lease> action);

		/** Ask /auth/me; {@code null} when the lease was lost. */
		@Nullable Verdict check(Lease lease, StoredToken stored);

		boolean isUp();

		/** Forget the dead token and log in once. */
		void replace(Lease lease, StoredToken stored, String why);

		/** When the hold on /auth/* after a 429 ends, by the local clock. */
		@Nullable Instant authHeldUntil();

	}

	/**
	 * A token version under suspicion, how far the suspicion has gone, and how often it
	 * waited for Tradovate to come back.
	 */
	private record Suspicion(long version, Stage stage, int waits) {

		static final Suspicion NONE = new Suspicion(0, Stage.DONE, 0);

	}

}
