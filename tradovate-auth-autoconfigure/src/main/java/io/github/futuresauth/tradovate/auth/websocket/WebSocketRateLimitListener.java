package io.github.futuresauth.tradovate.auth.websocket;

/**
 * Told when Tradovate answers a request on a WebSocket with a rate limit (status
 * {@code 429}, or a time penalty with {@code p-ticket}). The client already backs off by
 * itself; this is for sharing the news, for example with whatever keeps the budget of
 * logins.
 */
@FunctionalInterface
public interface WebSocketRateLimitListener {

	/**
	 * Called on the socket's thread when a rate limit arrives: keep it quick.
	 * @param rateLimit what was limited and for how long
	 */
	void onRateLimited(WebSocketRateLimit rateLimit);

}
