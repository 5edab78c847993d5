package io.github.futuresauth.tradovate.benchmarks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.Trigger;

/**
 * A {@link TaskScheduler} that counts the tasks that started and ended, so that a caller
 * can tell whether a renewal ran while it called: when the counts differ, a task is
 * running.
 */
final class RenewalWindowScheduler implements TaskScheduler {

	private final TaskScheduler delegate;

	private final AtomicLong started = new AtomicLong();

	private final AtomicLong ended = new AtomicLong();

	RenewalWindowScheduler(TaskScheduler delegate) {
		this.delegate = delegate;
	}

	long started() {
		return this.started.get();
	}

	long ended() {
		return this.ended.get();
	}

	private Runnable counted(Runnable task) {
		return () -> {
			this.started.incrementAndGet();
			try {
				task.run();
			}
			finally {
				this.ended.incrementAndGet();
			}
		};
	}

	@Override
	public Clock getClock() {
		return this.delegate.getClock();
	}

	@Override
	public @Nullable ScheduledFuture<?> schedule(Runnable task, Trigger trigger) {
		return this.delegate.schedule(counted(task), trigger);
	}

	@Override
	public ScheduledFuture<?> schedule(Runnable task, Instant startTime) {
		return this.delegate.schedule(counted(task), startTime);
	}

	@Override
	public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Instant startTime, Duration period) {
		return this.delegate.scheduleAtFixedRate(counted(task), startTime, period);
	}

	@Override
	public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Duration period) {
		return this.delegate.scheduleAtFixedRate(counted(task), period);
	}

	@Override
	public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Instant startTime, Duration delay) {
		return this.delegate.scheduleWithFixedDelay(counted(task), startTime, delay);
	}

	@Override
	public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Duration delay) {
		return this.delegate.scheduleWithFixedDelay(counted(task), delay);
	}

}
