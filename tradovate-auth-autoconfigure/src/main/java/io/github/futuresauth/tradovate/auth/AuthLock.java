package io.github.futuresauth.tradovate.auth;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one lock of a {@link RenewingTokenProvider}: held by whoever sends a request to
 * {@code /auth/*} in this instance, never by readers of the token, and waited for no
 * longer than the token wait timeout.
 */
final class AuthLock {

	private final ReentrantLock lock = new ReentrantLock();

	private volatile Duration waitTimeout = Duration.ofSeconds(30);

	void setWaitTimeout(Duration waitTimeout) {
		this.waitTimeout = waitTimeout;
	}

	/**
	 * Return the deadline, on {@link System#nanoTime()}, of a wait that starts now.
	 * @return the deadline
	 */
	long deadline() {
		return System.nanoTime() + this.waitTimeout.toNanos();
	}

	/**
	 * Take the lock for a caller that needs a token, waiting at most the wait timeout.
	 * @throws IllegalStateException when the caller already holds it: a token was asked
	 * for from within a login
	 * @throws TradovateUnavailableException when the wait timed out
	 */
	void lockForCaller() {
		requireNotReentrant();
		lockUntil(deadline());
	}

	/**
	 * Take the lock, waiting until the deadline.
	 * @param deadline the deadline, on {@link System#nanoTime()}
	 * @throws TradovateUnavailableException when the wait timed out
	 */
	void lockUntil(long deadline) {
		try {
			if (!this.lock.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
				throw waitTimedOut();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CallRetry.InterruptedLoginException("Interrupted while waiting for a Tradovate access token", ex);
		}
	}

	/**
	 * Take the lock for background work, waiting at most the wait timeout.
	 * @return whether the lock was taken
	 * @throws InterruptedException when interrupted while waiting
	 */
	boolean tryLockInBackground() throws InterruptedException {
		return this.lock.tryLock(this.waitTimeout.toNanos(), TimeUnit.NANOSECONDS);
	}

	boolean tryLock() {
		return this.lock.tryLock();
	}

	void unlock() {
		this.lock.unlock();
	}

	/**
	 * Fail when the current thread holds the lock: a token asked for from within a login
	 * would wait for itself.
	 */
	void requireNotReentrant() {
		if (this.lock.isHeldByCurrentThread()) {
			throw new IllegalStateException("A token was requested while logging in to Tradovate: the RestClient of"
					+ " the TradovateAuthClient carries the TradovateBearerTokenInterceptor. Build the"
					+ " TradovateAuthClient's RestClient with RestClient.builder() (or TradovateAuthClient.create),"
					+ " not from Spring Boot's RestClient.Builder bean");
		}
	}

	TradovateUnavailableException waitTimedOut() {
		return new TradovateUnavailableException("No Tradovate access token within " + this.waitTimeout.toMillis()
				+ " ms: a login is still in progress (tradovate.token-wait-timeout)", null);
	}

}
