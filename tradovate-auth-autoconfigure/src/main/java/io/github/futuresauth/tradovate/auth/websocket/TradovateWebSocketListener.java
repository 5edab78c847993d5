package io.github.futuresauth.tradovate.auth.websocket;

/**
 * Receives what a {@link TradovateWebSocketClient} subscription brings.
 * <p>
 * Tradovate does not say which subscription an event belongs to, so a listener receives
 * every event of its socket, once, however many of its subscriptions are active; filter
 * by {@link TradovateEvent#name()}. Listeners are called one at a time, on the socket's
 * thread: keep them quick, and hand slow work to another thread.
 */
@FunctionalInterface
public interface TradovateWebSocketListener {

	/**
	 * Called for each event pushed on the socket.
	 * @param event the event
	 */
	void onEvent(TradovateEvent event);

	/**
	 * Called with Tradovate's response to the subscription request: after the first
	 * subscription, and again after every reconnect, when events may have been missed and
	 * the response (for example the snapshot of {@code user/syncrequest}) is the way to
	 * catch up. Not called when the client moves to a renewed token, which loses no
	 * events.
	 * @param subscription the subscription
	 * @param response the response, whose status may be a failure
	 */
	default void onSubscribed(TradovateWebSocketSubscription subscription, TradovateResponse response) {
	}

}
