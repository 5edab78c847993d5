package io.github.futuresauth.tradovate.auth.websocket;

import org.jspecify.annotations.Nullable;

/**
 * A subscription of a {@link TradovateWebSocketClient}: a request that the client sends
 * again on every new socket, and the listener that receives the socket's events.
 */
public final class TradovateWebSocketSubscription {

	private final TradovateWebSocketClient client;

	private final String endpoint;

	private final @Nullable String body;

	private final TradovateWebSocketListener listener;

	private volatile boolean cancelled;

	TradovateWebSocketSubscription(TradovateWebSocketClient client, String endpoint, @Nullable String body,
			TradovateWebSocketListener listener) {
		this.client = client;
		this.endpoint = endpoint;
		this.body = body;
		this.listener = listener;
	}

	/**
	 * Return the endpoint that the subscription requests, such as
	 * {@code md/subscribeQuote}.
	 * @return the endpoint
	 */
	public String getEndpoint() {
		return this.endpoint;
	}

	/**
	 * Return the body of the subscription request.
	 * @return the JSON body, or {@code null} when it has none
	 */
	public @Nullable String getBody() {
		return this.body;
	}

	TradovateWebSocketListener getListener() {
		return this.listener;
	}

	/**
	 * Return whether {@link #cancel()} was called.
	 * @return whether the subscription is cancelled
	 */
	public boolean isCancelled() {
		return this.cancelled;
	}

	/**
	 * Stop sending the subscription on new sockets, and stop delivering events to its
	 * listener unless another subscription has the same listener. The socket that is open
	 * keeps what it subscribed to on the server: send Tradovate's matching unsubscribe
	 * request for that.
	 */
	public void cancel() {
		this.cancelled = true;
		this.client.remove(this);
	}

	@Override
	public String toString() {
		return "TradovateWebSocketSubscription[endpoint=" + this.endpoint + ", cancelled=" + this.cancelled + "]";
	}

}
