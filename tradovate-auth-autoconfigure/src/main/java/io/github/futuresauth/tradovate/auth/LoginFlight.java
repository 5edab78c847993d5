package io.github.futuresauth.tradovate.auth;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

/**
 * A single-flight login: of the callers who need a token at once, one leads the login and
 * the others wait for it, each for at most its own deadline. Each caller gets a token, or
 * an exception of its own (never one shared instance thrown in many threads). A login
 * whose leader was interrupted is taken over by the next caller, which finds any hold
 * that the interrupted login left first.
 */
final class LoginFlight {

	private final AtomicReference<@Nullable CompletableFuture<AccessToken>> flight = new AtomicReference<>();

	/**
	 * Return a token, leading the login or waiting for the one in flight.
	 * @param deadline when the caller stops waiting, by {@link System#nanoTime()}
	 * @param attempt what the provider knows and does
	 * @return the token
	 */
	AccessToken join(long deadline, Attempt attempt) {
		for (;;) {
			AccessToken ready = attempt.ready();
			if (ready != null) {
				// A login that ended meanwhile, here or on another instance.
				return ready;
			}
			attempt.throwIfHeld();
			CompletableFuture<AccessToken> current = this.flight.get();
			if (current == null) {
				CompletableFuture<AccessToken> mine = new CompletableFuture<>();
				if (!this.flight.compareAndSet(null, mine)) {
					continue;
				}
				try {
					AccessToken token = attempt.lead(deadline);
					mine.complete(token);
					return token;
				}
				catch (RuntimeException ex) {
					mine.completeExceptionally(ex);
					throw ex;
				}
				finally {
					this.flight.compareAndSet(mine, null);
				}
			}
			try {
				return current.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			}
			catch (TimeoutException ex) {
				throw attempt.timedOut();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new TradovateAuthException("Interrupted while waiting for a Tradovate access token", ex);
			}
			catch (ExecutionException ex) {
				// The login this caller waited for failed. A failure that led to a hold
				// is answered, by the next round, with the hold; an interrupted login is
				// taken over; anything else is passed on, in an exception of this
				// caller's own.
				if (ex.getCause() instanceof CallRetry.InterruptedLoginException || attempt.isHeld()) {
					continue;
				}
				AccessToken after = attempt.ready();
				if (after != null) {
					return after;
				}
				throw new TradovateAuthException(
						"Could not obtain a Tradovate access token: " + ex.getCause().getMessage(), ex.getCause());
			}
		}
	}

	/** What a login in flight needs from the provider. */
	interface Attempt {

		/**
		 * Return a usable token, if there is one now.
		 * @return the token, or {@code null}
		 */
		@Nullable AccessToken ready();

		/** Throw a caller's own exception when a hold stops logins now. */
		void throwIfHeld();

		/**
		 * Return whether a hold stops logins now.
		 * @return whether logins are held
		 */
		boolean isHeld();

		/**
		 * Log in for the callers who wait.
		 * @param deadline when the leading caller stops waiting
		 * @return the token
		 */
		AccessToken lead(long deadline);

		/**
		 * Create the exception of a caller whose wait ran out.
		 * @return the exception
		 */
		RuntimeException timedOut();

	}

}
