package io.github.futuresauth.tradovate.auth.websocket;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.TaskScheduler;
import org.springframework.util.Assert;

/**
 * What a client does when Tradovate rate-limits a request on its socket:
 * <ul>
 * <li>a time penalty ({@code p-ticket}, {@code p-time}) holds requests to the same
 * endpoint for {@code p-time}; then the request is sent once more, with
 * {@code "p-ticket"} added to its body. Requests that place, modify or liquidate orders
 * are never sent again by the client: they fail with the penalty;</li>
 * <li>a {@code 429} holds every request of the socket, and its reconnects, for
 * {@link #TOO_MANY_REQUESTS_HOLD an hour}, as Tradovate asks.</li>
 * </ul>
 * Both are reported to every {@link WebSocketRateLimitListener}.
 */
final class RateLimits {

	/**
	 * How long a {@code 429} holds the socket: Tradovate asks to wait an hour, and gives
	 * no {@code Retry-After} on a socket.
	 */
	static final Duration TOO_MANY_REQUESTS_HOLD = Duration.ofHours(1);

	/**
	 * The wait when a penalty names no {@code p-time}.
	 */
	private static final Duration DEFAULT_PENALTY = Duration.ofMinutes(1);

	private static final Log logger = LogFactory.getLog(RateLimits.class);

	private final String name;

	private final Supplier<Clock> clock;

	private final RequestHolds holds = new RequestHolds();

	private final List<WebSocketRateLimitListener> listeners = new CopyOnWriteArrayList<>();

	RateLimits(String name, Supplier<Clock> clock) {
		this.name = name;
		this.clock = clock;
	}

	void addListener(WebSocketRateLimitListener listener) {
		Assert.notNull(listener, "WebSocketRateLimitListener must not be null");
		this.listeners.add(listener);
	}

	@Nullable Instant heldUntil(String endpoint, Instant now) {
		return this.holds.heldUntil(endpoint, now);
	}

	/**
	 * Return until when a new socket must wait: a {@code 429}, or a penalty on
	 * {@code authorize}.
	 * @param now the time now
	 * @return the end of the hold, or {@code null}
	 */
	@Nullable Instant reconnectHeldUntil(Instant now) {
		return this.holds.heldUntil("authorize", now);
	}

	/**
	 * Return why a request to the endpoint may not be sent now.
	 * @param endpoint the endpoint
	 * @return the failure to answer with, or {@code null} when it may be sent
	 */
	@Nullable TradovateWebSocketException refusal(String endpoint) {
		Instant now = this.clock.get().instant();
		Instant all = this.holds.allHeldUntil(now);
		if (all != null) {
			return new TradovateWebSocketException("Tradovate answered 429 (too many requests) on the '" + this.name
					+ "' WebSocket; it asks to send nothing until " + all);
		}
		Instant until = this.holds.heldUntil(endpoint, now);
		if (until != null) {
			return new TradovateWebSocketException("Tradovate penalized requests to '" + endpoint + "' on the '"
					+ this.name + "' WebSocket; send it again after " + until);
		}
		return null;
	}

	/**
	 * Record a rate limit and tell the listeners.
	 * @param endpoint the endpoint that was limited
	 * @param response the answer
	 */
	void limited(String endpoint, TradovateResponse response) {
		Instant now = this.clock.get().instant();
		boolean tooManyRequests = response.status() == 429;
		Duration penalty = response.penaltyTime();
		Duration wait = tooManyRequests ? TOO_MANY_REQUESTS_HOLD : (penalty != null) ? penalty : DEFAULT_PENALTY;
		Instant until = now.plus(wait);
		if (tooManyRequests) {
			this.holds.holdAll(until);
		}
		else {
			this.holds.holdEndpoint(endpoint, until);
		}
		logger.warn("Tradovate rate limited '" + endpoint + "' on the '" + this.name + "' WebSocket (status "
				+ response.status() + "); holding " + (tooManyRequests ? "every request" : "requests to it") + " for "
				+ wait.toMillis() + " ms" + (response.isCaptchaRequired() ? "; it asks for a captcha" : ""));
		WebSocketRateLimit rateLimit = new WebSocketRateLimit(this.name, endpoint, response.status(), wait, until,
				response.isCaptchaRequired());
		for (WebSocketRateLimitListener listener : this.listeners) {
			try {
				listener.onRateLimited(rateLimit);
			}
			catch (RuntimeException ex) {
				logger.warn("A rate limit listener of the '" + this.name + "' WebSocket failed", ex);
			}
		}
	}

	/**
	 * Decide what the caller of a request gets for an answer.
	 * @param endpoint the request's endpoint
	 * @param response the answer
	 * @param resend sends the request again with the given body
	 * @param body the request's body
	 * @param scheduler waits for the penalty
	 * @return the answer, or the answer to the request sent again after a penalty
	 */
	CompletableFuture<TradovateResponse> answered(String endpoint, TradovateResponse response,
			Function<@Nullable String, CompletableFuture<TradovateResponse>> resend, @Nullable String body,
			TaskScheduler scheduler) {
		if (!response.isRateLimited()) {
			return CompletableFuture.completedFuture(response);
		}
		limited(endpoint, response);
		String ticket = response.penaltyTicket();
		if (response.status() == 429 || ticket == null) {
			return CompletableFuture.completedFuture(response);
		}
		Duration wait = (response.penaltyTime() != null) ? response.penaltyTime() : DEFAULT_PENALTY;
		if (response.isCaptchaRequired()) {
			return CompletableFuture.failedFuture(new TradovateWebSocketException("Tradovate penalized '" + endpoint
					+ "' on the '" + this.name + "' WebSocket and asks for a captcha, which no program can solve; "
					+ "it was not sent again"));
		}
		if (!RequestHolds.mayRepeat(endpoint)) {
			return CompletableFuture.failedFuture(new TradovateWebSocketException("Tradovate penalized '" + endpoint
					+ "' on the '" + this.name + "' WebSocket for " + wait.toSeconds() + " s; it was not sent again, "
					+ "because a request that places, modifies or liquidates orders is never repeated blindly: "
					+ "check the order's state, then decide"));
		}
		String ticketed = RequestHolds.withTicket(body, ticket);
		if (ticketed == null) {
			return CompletableFuture.completedFuture(response);
		}
		CompletableFuture<TradovateResponse> again = new CompletableFuture<>();
		Instant until = this.holds.heldUntil(endpoint, this.clock.get().instant());
		scheduler.schedule(() -> resend.apply(ticketed).whenComplete((answer, ex) -> {
			if (ex != null) {
				again.completeExceptionally(ex);
			}
			else {
				if (answer.isRateLimited()) {
					limited(endpoint, answer);
				}
				again.complete(answer);
			}
		}), (until != null) ? until : this.clock.get().instant());
		return again;
	}

}
