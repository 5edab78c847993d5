package io.github.futuresauth.tradovate.auth.websocket;

/**
 * Receives what a {@link TradovateWebSocketClient} subscription brings.
 * <p>
 * Tradovate does not say which subscription an event belongs to, so a listener receives
 * every event of its socket, once, however many of its subscriptions are active; filter
 * by {@link TradovateEvent#name()}. Listeners are called one at a time, in the order the
 * socket received what they are told, on a thread of their client's, never the socket's:
 * a slow listener delays its own events, not the heartbeat. Its events wait in a queue of
 * bounded length; when a listener falls further behind, the client drops the socket and
 * reconnects, and {@link #onSubscribed} hands over a fresh answer to catch up with.
 */
@FunctionalInterface
public interface TradovateWebSocketListener {

	/**
	 * Called for each event pushed on the socket.
	 * @param event the event
	 */
	void onEvent(TradovateEvent event);

	/**
	 * Called with Tradovate's first answer to the subscription request: after the first
	 * subscription, and again after every reconnect, when events may have been missed and
	 * the answer (for example the snapshot of {@code user/syncrequest}, or the new
	 * {@code historicalId} and {@code realtimeId} of {@code md/getChart}) is the way to
	 * catch up. A renewed token does not touch the socket, so it does not call this.
	 * @param subscription the subscription
	 * @param response the response, whose status may be a failure
	 */
	default void onSubscribed(TradovateWebSocketSubscription subscription, TradovateResponse response) {
	}

	/**
	 * Called with each further answer to the subscription request that carries the same
	 * id, such as the parts of a {@code user/syncrequest} with {@code splitResponses}.
	 * @param subscription the subscription
	 * @param response the further answer
	 */
	default void onFollowingResponse(TradovateWebSocketSubscription subscription, TradovateResponse response) {
	}

}
