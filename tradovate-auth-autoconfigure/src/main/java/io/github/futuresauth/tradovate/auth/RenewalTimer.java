package io.github.futuresauth.tradovate.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.backoff.BackOffExecution;

/**
 * The one pending refresh of the token (a renewal, or a login where one is needed), keyed
 * by the version of the token it is meant for: scheduling another replaces it, so that
 * there is never more than one, and a refresh that finds another version in the store
 * knows that the fleet has moved on. Also hands other background work (checks of a
 * suspected session) to the same {@link TaskScheduler}.
 */
final class RenewalTimer {

	/**
	 * How late a renewal may fire, on a busy scheduler, while its token is still handed
	 * out without a look at the clock: a renewal due closer to expiry than this vouches
	 * for nothing.
	 */
	static final Duration LATE_FIRE_ALLOWANCE = Duration.ofMinutes(1);

	private final LongConsumer refresh;

	private final Supplier<Clock> clock;

	private final Supplier<ServerClock> serverClock;

	private final Supplier<RenewalSchedule> renewalSchedule;

	private final Supplier<CallRetry> callRetry;

	/** The back-off of renewals that failed in a row, or {@code null}. */
	private @Nullable BackOffExecution renewalBackOff;

	private final Object monitor = new Object();

	private @Nullable TaskScheduler taskScheduler;

	private @Nullable ThreadPoolTaskScheduler ownTaskScheduler;

	private @Nullable ScheduledFuture<?> pending;

	private volatile @Nullable Instant next;

	private volatile long version;

	/**
	 * The token whose renewal is pending and not yet due: until the timer fires, it is
	 * usable without reading a clock.
	 */
	private volatile @Nullable StoredToken fresh;

	private volatile boolean closed;

	/** This user's part in its network's plan of renewals, or {@code null}. */
	private volatile RenewalPlan.@Nullable Member member;

	/**
	 * The version of the token that no slot of the plan renews, and that is replaced by a
	 * login when it expires, or {@code -1}.
	 */
	private volatile long loginAtExpiry = -1;

	/**
	 * Create a timer.
	 * @param refresh what runs when the timer fires, given the token version it was set
	 * for
	 * @param clock the clock of a scheduler of its own
	 * @param serverClock Tradovate's clock, in which renewals are timed
	 * @param renewalSchedule when renewals are due
	 * @param callRetry the back-off of renewals that failed
	 */
	RenewalTimer(LongConsumer refresh, Supplier<Clock> clock, Supplier<ServerClock> serverClock,
			Supplier<RenewalSchedule> renewalSchedule, Supplier<CallRetry> callRetry) {
		this.refresh = refresh;
		this.clock = clock;
		this.serverClock = serverClock;
		this.renewalSchedule = renewalSchedule;
		this.callRetry = callRetry;
	}

	/**
	 * Set the timer for the renewal of a fresh token, in Tradovate's time.
	 * @param stored the token
	 */
	void renewAt(StoredToken stored) {
		ServerClock serverClock = this.serverClock.get();
		Instant expiry = stored.token().expirationTime();
		Instant at = this.renewalSchedule.get().renewalTime(expiry, serverClock.instant());
		this.renewalBackOff = null;
		RenewalPlan.Member member = this.member;
		at = (member != null) ? member.book(at, expiry, serverClock.instant()) : at;
		if (at == null) {
			loginAtExpiry(stored);
			return;
		}
		this.loginAtExpiry = -1;
		Instant local = serverClock.toLocal(at);
		boolean aheadOfExpiry = local.plus(LATE_FIRE_ALLOWANCE)
			.isBefore(serverClock.toLocal(stored.token().expirationTime()));
		schedule(local, stored.version(), aheadOfExpiry ? stored : null);
	}

	/**
	 * Set the timer for the next renewal after a failed one: on the retry policy's
	 * back-off and then at its longest delay, never sooner than Tradovate asked, and
	 * never later than half way to expiry, since a renewal after expiry is wasted. With
	 * no time left, the token is replaced at expiry.
	 * @param stored the token
	 * @param atLeast how long Tradovate asked to wait, or {@code null}
	 */
	void retryAt(StoredToken stored, @Nullable Duration atLeast) {
		CallRetry callRetry = this.callRetry.get();
		if (this.renewalBackOff == null) {
			this.renewalBackOff = callRetry.getPolicy().getBackOff().start();
		}
		long delay = this.renewalBackOff.nextBackOff();
		Duration wait = (delay == BackOffExecution.STOP) ? callRetry.getLongestDelay() : Duration.ofMillis(delay);
		ServerClock serverClock = this.serverClock.get();
		Instant now = serverClock.instant();
		Instant expiry = stored.token().expirationTime();
		Instant at = this.renewalSchedule.get().retryTime(expiry, now, wait);
		if (atLeast != null) {
			Instant earliest = now.plus(atLeast);
			if (at == null || at.isBefore(earliest)) {
				at = earliest.isBefore(expiry) ? earliest : expiry;
			}
		}
		RenewalPlan.Member member = this.member;
		if (member != null) {
			at = (at != null) ? member.bookFrom(at, expiry, now) : null;
			if (at == null) {
				loginAtExpiry(stored);
				return;
			}
		}
		schedule(serverClock.toLocal((at != null) ? at : expiry), stored.version());
	}

	/**
	 * Set the timer for the login that replaces a token which is not renewed (the plan of
	 * renewals has no slot for it, or only its user can make it renewable again): when it
	 * expires, since its session ends then, and no renewal is spent on it.
	 * @param stored the token
	 */
	void loginAtExpiry(StoredToken stored) {
		this.loginAtExpiry = stored.version();
		schedule(this.serverClock.get().toLocal(stored.token().expirationTime()), stored.version());
	}

	/**
	 * Return whether a token is to be replaced by a login when it expires, rather than
	 * renewed.
	 * @param version the token's version
	 * @return whether a login replaces it
	 */
	boolean isLoginAtExpiry(long version) {
		return this.loginAtExpiry == version;
	}

	/**
	 * Take part in a network's plan of renewals: renewals are set for the slots it gives.
	 * @param member this user's part in the plan
	 */
	void setMember(RenewalPlan.Member member) {
		this.member = member;
	}

	/** Start the back-off of failed renewals afresh. */
	void resetBackOff() {
		this.renewalBackOff = null;
	}

	void setTaskScheduler(TaskScheduler taskScheduler) {
		this.taskScheduler = taskScheduler;
	}

	/**
	 * Set the timer, replacing the pending refresh.
	 * @param at when to fire, by the local clock
	 * @param version the version of the token it is for
	 */
	void schedule(Instant at, long version) {
		schedule(at, version, null);
	}

	private void schedule(Instant at, long version, @Nullable StoredToken renewed) {
		synchronized (this.monitor) {
			if (this.closed) {
				return;
			}
			cancel();
			this.version = version;
			this.next = at;
			this.pending = scheduler().schedule(() -> fire(version), at);
			// A renewal due later than now vouches for its token until it fires; the
			// renewal margin keeps that well ahead of the token's expiry.
			this.fresh = (renewed != null && at.isAfter(this.clock.get().instant())) ? renewed : null;
		}
	}

	/**
	 * Return the token that needs no look at a clock to be handed out: the one whose
	 * renewal is pending and not yet due.
	 * @return the token, or {@code null} when every read must check the clock
	 */
	@Nullable StoredToken fresh() {
		return this.fresh;
	}

	/**
	 * Vouch for the store's own copy of the token that the timer vouches for, so that
	 * reads of a store that hands out copies need no clock either.
	 * @param stored the copy
	 */
	void adopt(StoredToken stored) {
		if (this.fresh == null || this.fresh == stored) {
			return;
		}
		synchronized (this.monitor) {
			StoredToken fresh = this.fresh;
			if (fresh != null && fresh.version() == stored.version()
					&& fresh.token().accessToken().equals(stored.token().accessToken())) {
				this.fresh = stored;
			}
		}
	}

	/** Stop handing out the token without a look at the clock, until the next renewal. */
	void stopVouching() {
		synchronized (this.monitor) {
			this.fresh = null;
		}
	}

	private void fire(long version) {
		synchronized (this.monitor) {
			if (this.version == version) {
				this.next = null;
				this.fresh = null;
			}
		}
		if (!this.closed) {
			this.refresh.accept(version);
		}
	}

	/**
	 * Run other background work on the same scheduler, unless closed.
	 * @param task the work
	 * @param at when, by the local clock
	 */
	void run(Runnable task, Instant at) {
		if (!this.closed) {
			scheduler().schedule(task, at);
		}
	}

	/**
	 * Return when the pending refresh fires.
	 * @return the instant, or {@code null} when none is pending
	 */
	@Nullable Instant next() {
		return this.next;
	}

	/**
	 * Return the token version of the latest refresh set.
	 * @return the version
	 */
	long version() {
		return this.version;
	}

	/** Cancel the pending refresh and shut down a scheduler of its own. */
	void close() {
		synchronized (this.monitor) {
			this.closed = true;
			cancel();
			RenewalPlan.Member member = this.member;
			if (member != null) {
				member.leave();
			}
			if (this.ownTaskScheduler != null) {
				this.ownTaskScheduler.shutdown();
			}
		}
	}

	private void cancel() {
		if (this.pending != null) {
			this.pending.cancel(false);
			this.pending = null;
			this.next = null;
		}
		this.fresh = null;
	}

	private TaskScheduler scheduler() {
		synchronized (this.monitor) {
			if (this.taskScheduler == null) {
				ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
				scheduler.setThreadNamePrefix("tradovate-token-");
				scheduler.setDaemon(true);
				scheduler.setClock(this.clock.get());
				scheduler.setRemoveOnCancelPolicy(true);
				scheduler.initialize();
				this.ownTaskScheduler = scheduler;
				this.taskScheduler = scheduler;
			}
			return this.taskScheduler;
		}
	}

}
