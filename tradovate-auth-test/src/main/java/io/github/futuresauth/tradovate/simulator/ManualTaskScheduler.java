package io.github.futuresauth.tradovate.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.Trigger;

/**
 * A {@link TaskScheduler} that runs nothing by itself: a test moves the clock and then
 * runs the tasks that have come due, so that what happens on a schedule (such as the
 * renewal of a token) is tested without waiting. Give the token provider the same clock
 * as the simulator and this scheduler.
 * <p>
 * Only {@link #schedule(Runnable, Instant)} is supported.
 */
public class ManualTaskScheduler implements TaskScheduler {

	private final MutableClock clock;

	private final List<Task> tasks = new ArrayList<>();

	/**
	 * Create a scheduler on the given clock.
	 * @param clock the clock that decides which tasks are due
	 */
	public ManualTaskScheduler(MutableClock clock) {
		this.clock = clock;
	}

	@Override
	public Clock getClock() {
		return this.clock;
	}

	@Override
	public synchronized ScheduledFuture<?> schedule(Runnable runnable, Instant startTime) {
		Task task = new Task(runnable, startTime);
		this.tasks.add(task);
		return task;
	}

	/**
	 * Return when the earliest pending task is due.
	 * @return the instant, or {@code null} when nothing is scheduled
	 */
	public synchronized @Nullable Instant nextRun() {
		return this.tasks.stream().map((task) -> task.at).min(Comparator.naturalOrder()).orElse(null);
	}

	/**
	 * Return how many tasks are scheduled and not yet run or cancelled.
	 * @return the number of pending tasks
	 */
	public synchronized int pendingTasks() {
		return this.tasks.size();
	}

	/**
	 * Run every task that is due by the clock, including tasks that they schedule for a
	 * time that is also due.
	 * @return how many tasks ran
	 */
	public int runDueTasks() {
		int ran = 0;
		for (Task task = takeDue(); task != null; task = takeDue()) {
			task.runnable.run();
			ran++;
		}
		return ran;
	}

	/**
	 * Move the clock forward to the earliest pending task, unless it is due already, and
	 * run every task that is then due.
	 * @return the instant the clock stands at afterwards
	 * @throws IllegalStateException when nothing is scheduled
	 */
	public Instant runNext() {
		Instant next = nextRun();
		if (next == null) {
			throw new IllegalStateException("No task is scheduled");
		}
		if (next.isAfter(this.clock.instant())) {
			this.clock.setInstant(next);
		}
		runDueTasks();
		return this.clock.instant();
	}

	private synchronized @Nullable Task takeDue() {
		Instant now = this.clock.instant();
		Task due = this.tasks.stream()
			.filter((task) -> !task.at.isAfter(now))
			.min(Comparator.comparing((Task task) -> task.at))
			.orElse(null);
		if (due != null) {
			this.tasks.remove(due);
		}
		return due;
	}

	private synchronized void cancel(Task task) {
		this.tasks.remove(task);
	}

	@Override
	public ScheduledFuture<?> schedule(Runnable task, Trigger trigger) {
		throw new UnsupportedOperationException();
	}

	@Override
	public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Instant startTime, Duration period) {
		throw new UnsupportedOperationException();
	}

	@Override
	public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Duration period) {
		throw new UnsupportedOperationException();
	}

	@Override
	public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Instant startTime, Duration delay) {
		throw new UnsupportedOperationException();
	}

	@Override
	public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Duration delay) {
		throw new UnsupportedOperationException();
	}

	private final class Task implements ScheduledFuture<Object> {

		private final Runnable runnable;

		private final Instant at;

		private volatile boolean cancelled;

		Task(Runnable runnable, Instant at) {
			this.runnable = runnable;
			this.at = at;
		}

		@Override
		public long getDelay(TimeUnit unit) {
			return unit.convert(Duration.between(ManualTaskScheduler.this.clock.instant(), this.at));
		}

		@Override
		public int compareTo(Delayed other) {
			return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
		}

		@Override
		public boolean cancel(boolean mayInterruptIfRunning) {
			this.cancelled = true;
			ManualTaskScheduler.this.cancel(this);
			return true;
		}

		@Override
		public boolean isCancelled() {
			return this.cancelled;
		}

		@Override
		public boolean isDone() {
			return this.cancelled;
		}

		@Override
		public Object get() {
			throw new UnsupportedOperationException();
		}

		@Override
		public Object get(long timeout, TimeUnit unit) {
			throw new UnsupportedOperationException();
		}

	}

}
