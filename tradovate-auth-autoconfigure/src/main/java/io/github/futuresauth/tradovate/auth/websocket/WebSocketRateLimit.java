package io.github.futuresauth.tradovate.auth.websocket;

import java.time.Duration;
import java.time.Instant;

/**
 * A rate limit that Tradovate imposed on a WebSocket request. The ticket itself is left
 * out: it is a credential of the penalty.
 *
 * @param socket the name of the socket, such as {@code trading} or {@code marketData}
 * @param endpoint the endpoint of the request, {@code authorize} for the authorization
 * @param status the response's status ({@code 429}, or the status that came with a
 * {@code p-ticket})
 * @param waitTime how long the client waits before it sends again ({@code p-time}, or the
 * reconnect back-off when Tradovate gave none)
 * @param until when the wait is over, by the client's clock
 * @param captchaRequired whether Tradovate asked for a captcha, which no program can
 * solve
 */
public record WebSocketRateLimit(String socket, String endpoint, int status, Duration waitTime, Instant until,
		boolean captchaRequired) {

}
