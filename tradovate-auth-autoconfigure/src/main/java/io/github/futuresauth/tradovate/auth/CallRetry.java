package io.github.futuresauth.tradovate.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;
import org.springframework.util.Assert;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * Sends a call to Tradovate again after failures that may pass, while a caller waits for
 * it, through Spring Framework's {@link RetryTemplate}.
 * <p>
 * Whatever the {@link RetryPolicy} says, only {@link TradovateAuthException#isTransient()
 * transient} failures are retried, and not those after which Tradovate asked to wait
 * ({@code 429}, {@code Retry-After}) or imposed a penalty: those become holds (see
 * {@link AuthBudget}). Delays are compressed so that every retry happens before the
 * deadline, the time the caller waits at most: a retry after it would be wasted.
 */
final class CallRetry {

	/** Below this, there is no time left for another attempt before the deadline. */
	static final Duration SHORTEST_DELAY = Duration.ofMillis(50);

	/** Three retries, one second apart at first, doubling up to thirty seconds. */
	static final RetryPolicy DEFAULT_POLICY = RetryPolicy.builder()
		.maxRetries(3)
		.delay(Duration.ofSeconds(1))
		.multiplier(2)
		.maxDelay(Duration.ofSeconds(30))
		.build();

	private static final Log logger = LogFactory.getLog(CallRetry.class);

	private final RetryPolicy policy;

	private final Clock clock;

	private final Duration firstDelay;

	private final Duration longestDelay;

	CallRetry(RetryPolicy policy, Clock clock) {
		Assert.notNull(policy, "RetryPolicy must not be null");
		this.policy = policy;
		this.clock = clock;
		// Read off the back-off once: background work is spaced by them on every hold.
		BackOffExecution execution = policy.getBackOff().start();
		long first = execution.nextBackOff();
		long longest = Math.max(first, 0);
		for (int i = 0; i < 32 && first != BackOffExecution.STOP; i++) {
			long delay = execution.nextBackOff();
			if (delay == BackOffExecution.STOP) {
				break;
			}
			longest = Math.max(longest, delay);
		}
		this.firstDelay = Duration.ofMillis((first == BackOffExecution.STOP) ? 1000 : Math.max(first, 100));
		this.longestDelay = Duration.ofMillis(Math.max(longest, 1000));
	}

	/**
	 * Return the first delay of the policy's back-off, at least 100 ms (a second when it
	 * has none), which spaces looks at work that another thread or instance is doing.
	 * @return the first delay
	 */
	Duration getFirstDelay() {
		return this.firstDelay;
	}

	/**
	 * Return the longest delay of the policy's back-off, at least a second, which spaces
	 * background attempts once the back-off is spent.
	 * @return the longest delay
	 */
	Duration getLongestDelay() {
		return this.longestDelay;
	}

	RetryPolicy getPolicy() {
		return this.policy;
	}

	/**
	 * Make the call, and make it again after failures that may pass, until it succeeds,
	 * the policy gives up, or the deadline leaves no time.
	 * @param name what the call does, such as {@code login}
	 * @param deadline when the caller stops waiting, by the local clock
	 * @param call the call
	 * @return what the call returned
	 * @throws TradovateAuthException the last failure
	 */
	<T> T call(String name, Instant deadline, Supplier<T> call) {
		RetryTemplate template = new RetryTemplate(new Bounded(this.policy, this.clock, deadline));
		try {
			return template.execute(new Retryable<>() {

				private int attempt;

				@Override
				public T execute() {
					this.attempt++;
					try {
						return call.get();
					}
					catch (TradovateAuthException ex) {
						if (isRetryable(ex)) {
							logger.warn("Tradovate " + name + " attempt " + this.attempt + " failed, trying again: "
									+ ex.getMessage());
						}
						throw ex;
					}
				}

				@Override
				public String getName() {
					return "tradovate." + name;
				}

			});
		}
		catch (RetryException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (cause instanceof InterruptedException) {
				Thread.currentThread().interrupt();
				throw new InterruptedLoginException("Interrupted while waiting to retry the Tradovate " + name, cause);
			}
			throw new TradovateAuthException("Tradovate " + name + " failed", cause);
		}
	}

	/**
	 * Whether a failure may be retried at once. Not after a request that may have been
	 * processed without an answer: a login that timed out may have opened a session, and
	 * another would open one more.
	 */
	static boolean isRetryable(Throwable failure) {
		return failure instanceof TradovateAuthException ex && ex.isTransient() && !(ex instanceof TimePenaltyException)
				&& !(ex instanceof LoginHeldException)
				&& !(ex instanceof TradovateUnavailableException unavailable && unavailable.isUnanswered())
				&& AuthBudget.askedToWait(ex) == null;
	}

	/**
	 * Thrown in place of a failure when the thread was interrupted: a failure of this
	 * thread, not of Tradovate, so it leads to no hold.
	 */
	static final class InterruptedLoginException extends TradovateAuthException {

		InterruptedLoginException(String message, @Nullable Throwable cause) {
			super(message, cause);
		}

	}

	/**
	 * The policy, narrowed to retryable failures and compressed to end before the
	 * deadline.
	 */
	private record Bounded(RetryPolicy delegate, Clock clock, Instant deadline) implements RetryPolicy {

		@Override
		public boolean shouldRetry(Throwable throwable) {
			return isRetryable(throwable) && this.delegate.shouldRetry(throwable);
		}

		@Override
		public @Nullable Duration getTimeout() {
			return this.delegate.getTimeout();
		}

		@Override
		public BackOff getBackOff() {
			BackOff backOff = this.delegate.getBackOff();
			return () -> {
				BackOffExecution execution = backOff.start();
				return () -> {
					long delay = execution.nextBackOff();
					if (delay == BackOffExecution.STOP) {
						return delay;
					}
					long half = Duration.between(this.clock.instant(), this.deadline).toMillis() / 2;
					if (half < SHORTEST_DELAY.toMillis()) {
						return BackOffExecution.STOP;
					}
					return Math.min(delay, half);
				};
			};
		}

	}

}
