package io.github.futuresauth.tradovate.auth.websocket;

import java.time.Duration;
import java.time.Instant;

/**
 * A rate limit that Tradovate imposed on a WebSocket request. The ticket itself is left
 * out: it is a credential of the penalty.
 *
 * @param socket the name of the socket, such as {@code trading} or {@code marketData}
 * @param endpoint the endpoint of the request, {@code authorize} for the authorization
 * @param status the response's status ({@code 429}, which holds every request of the
 * socket, or the status that came with a {@code p-ticket}, which holds requests to its
 * endpoint only)
 * @param waitTime how long the client holds requests: {@code p-time} for a penalty (a
 * minute when Tradovate gave none), an hour for a {@code 429}
 * @param until when the wait is over, by the client's clock
 * @param captchaRequired whether Tradovate asked for a captcha, which no program can
 * solve
 */
public record WebSocketRateLimit(String socket, String endpoint, int status, Duration waitTime, Instant until,
		boolean captchaRequired) {

}
