package io.github.futuresauth.tradovate.auth.websocket;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * When a lost socket may be replaced. The delay follows a {@link BackOff} that starts
 * afresh only once a socket has stayed ready for a while, so that a server that accepts
 * sockets and drops them soon after is not tried about every second; attempts are never
 * closer together than a floor; a quota that the server reported waits much longer.
 * Guarded by its client.
 */
final class ReconnectSchedule {

	private final BackOff backOff;

	private final Duration floor;

	private final Duration resetAfter;

	private final Duration quotaDelay;

	private @Nullable BackOffExecution execution;

	private @Nullable Instant lastAttempt;

	private long lastDelay;

	/**
	 * Create a schedule.
	 * @param backOff the back-off between attempts
	 * @param floor the shortest time between two attempts
	 * @param resetAfter how long a socket must stay ready for the back-off to start
	 * afresh
	 * @param quotaDelay the delay after the server reported a connection or IP quota
	 */
	ReconnectSchedule(BackOff backOff, Duration floor, Duration resetAfter, Duration quotaDelay) {
		this.backOff = backOff;
		this.floor = floor;
		this.resetAfter = resetAfter;
		this.quotaDelay = quotaDelay;
		this.lastDelay = floor.toMillis();
	}

	ReconnectSchedule withBackOff(BackOff backOff, Duration floor) {
		return new ReconnectSchedule(backOff, floor, this.resetAfter, this.quotaDelay);
	}

	ReconnectSchedule withResetAfter(Duration resetAfter) {
		return new ReconnectSchedule(this.backOff, this.floor, resetAfter, this.quotaDelay);
	}

	ReconnectSchedule withQuotaDelay(Duration quotaDelay) {
		return new ReconnectSchedule(this.backOff, this.floor, this.resetAfter, quotaDelay);
	}

	/**
	 * Start afresh: the next attempt may follow at once.
	 */
	void reset() {
		this.execution = null;
		this.lastAttempt = null;
	}

	void attempted(Instant now) {
		this.lastAttempt = now;
	}

	/**
	 * Return when to try again after a socket was lost.
	 * @param now the time now
	 * @param readySince since when the lost socket was ready, or {@code null} when it
	 * never was
	 * @param quota whether the server closed it for a quota
	 * @param notBefore the end of a hold on every request, or {@code null}
	 * @return the time of the next attempt
	 */
	Instant next(Instant now, @Nullable Instant readySince, boolean quota, @Nullable Instant notBefore) {
		if (readySince != null && !now.isBefore(readySince.plus(this.resetAfter))) {
			this.execution = null;
		}
		if (this.execution == null) {
			this.execution = this.backOff.start();
		}
		long delay = this.execution.nextBackOff();
		if (delay == BackOffExecution.STOP) {
			// Sockets are always replaced: a back-off that gives up keeps its last delay.
			delay = this.lastDelay;
		}
		this.lastDelay = delay;
		Instant at = now.plusMillis(delay);
		if (quota) {
			at = latest(at, now.plus(this.quotaDelay));
		}
		if (this.lastAttempt != null) {
			at = latest(at, this.lastAttempt.plus(this.floor));
		}
		return (notBefore != null) ? latest(at, notBefore) : at;
	}

	private static Instant latest(Instant a, Instant b) {
		return a.isAfter(b) ? a : b;
	}

}
