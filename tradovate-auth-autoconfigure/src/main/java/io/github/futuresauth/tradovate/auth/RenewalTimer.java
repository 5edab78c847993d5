package io.github.futuresauth.tradovate.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * The one pending refresh of the token (a renewal, or a login where one is needed), keyed
 * by the version of the token it is meant for: scheduling another replaces it, so that
 * there is never more than one, and a refresh that finds another version in the store
 * knows that the fleet has moved on. Also hands other background work (checks of a
 * suspected session) to the same {@link TaskScheduler}.
 */
final class RenewalTimer {

	private final LongConsumer refresh;

	private final Supplier<Clock> clock;

	private final Object monitor = new Object();

	private @Nullable TaskScheduler taskScheduler;

	private @Nullable ThreadPoolTaskScheduler ownTaskScheduler;

	private @Nullable ScheduledFuture<?> pending;

	private volatile @Nullable Instant next;

	private volatile long version;

	private volatile boolean closed;

	/**
	 * Create a timer.
	 * @param refresh what runs when the timer fires, given the token version it was set
	 * for
	 * @param clock the clock of a scheduler of its own
	 */
	RenewalTimer(LongConsumer refresh, Supplier<Clock> clock) {
		this.refresh = refresh;
		this.clock = clock;
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
		synchronized (this.monitor) {
			if (this.closed) {
				return;
			}
			cancel();
			this.version = version;
			this.next = at;
			this.pending = scheduler().schedule(() -> fire(version), at);
		}
	}

	private void fire(long version) {
		synchronized (this.monitor) {
			if (this.version == version) {
				this.next = null;
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
