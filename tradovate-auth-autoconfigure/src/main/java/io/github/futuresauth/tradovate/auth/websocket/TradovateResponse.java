package io.github.futuresauth.tradovate.auth.websocket;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The response to a request on a Tradovate WebSocket, correlated to it by
 * {@link #requestId()}.
 * <p>
 * {@link #toString()} leaves out the data, which may hold a penalty ticket or account
 * details.
 *
 * @param requestId the id of the request ({@code i})
 * @param status the status, like an HTTP status ({@code s})
 * @param data the data ({@code d}), or {@code null} when the response carries none
 */
public record TradovateResponse(long requestId, int status, @Nullable JsonNode data) implements TradovateMessage {

	/**
	 * Return whether the request succeeded: a {@code 2xx} status without a time penalty.
	 * @return whether the request succeeded
	 */
	public boolean isSuccessful() {
		return this.status >= 200 && this.status < 300 && !hasPenalty();
	}

	/**
	 * Return whether Tradovate answered with a rate limit: status {@code 429}, or a
	 * {@code p-ticket} in the data.
	 * @return whether the request was rate limited
	 */
	public boolean isRateLimited() {
		return this.status == 429 || hasPenalty();
	}

	/**
	 * Return how long Tradovate asked to wait ({@code p-time}), when it did.
	 * @return the wait, or {@code null} when the data holds no {@code p-time}
	 */
	public @Nullable Duration penaltyTime() {
		if (this.data == null || !this.data.isObject()) {
			return null;
		}
		JsonNode time = this.data.get("p-time");
		return (time != null && time.isNumber()) ? Duration.ofSeconds(Math.max(0, time.asLong())) : null;
	}

	/**
	 * Return whether Tradovate asked for a captcha ({@code p-captcha}), which no program
	 * can solve.
	 * @return whether a captcha is required
	 */
	public boolean isCaptchaRequired() {
		return this.data != null && this.data.isObject() && this.data.path("p-captcha").asBoolean(false);
	}

	/**
	 * Return the penalty ticket, to send with the request again. Never log it.
	 * @return the ticket, or {@code null} when there is none
	 */
	@Nullable String penaltyTicket() {
		JsonNode ticket = (this.data != null && this.data.isObject()) ? this.data.get("p-ticket") : null;
		return (ticket != null && ticket.isString()) ? ticket.stringValue() : null;
	}

	private boolean hasPenalty() {
		return this.data != null && this.data.isObject() && this.data.has("p-ticket");
	}

	@Override
	public String toString() {
		return "TradovateResponse[requestId=" + this.requestId + ", status=" + this.status + "]";
	}

}
