package io.github.futuresauth.tradovate.auth.websocket;

import java.util.Locale;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

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

	private volatile @Nullable TradovateResponse response;

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

	/**
	 * Return the latest answer to the subscription request: on a new socket, the first
	 * answer there. For {@code md/getChart} it holds the chart's current
	 * {@code historicalId} and {@code realtimeId}, which change with every socket.
	 * @return the answer, or {@code null} before the first
	 */
	public @Nullable TradovateResponse getResponse() {
		return this.response;
	}

	TradovateWebSocketListener getListener() {
		return this.listener;
	}

	void answered(TradovateResponse response) {
		this.response = response;
	}

	/**
	 * Return whether {@link #cancel()} was called.
	 * @return whether the subscription is cancelled
	 */
	public boolean isCancelled() {
		return this.cancelled;
	}

	/**
	 * Stop sending the subscription on new sockets, stop delivering events to its
	 * listener unless another subscription has the same listener, and send Tradovate's
	 * matching unsubscribe request on the open socket where one exists:
	 * {@code md/unsubscribeQuote}, {@code md/unsubscribeDOM},
	 * {@code md/unsubscribeHistogram}, or {@code md/cancelChart} with the chart's current
	 * {@code realtimeId}. {@code user/syncrequest} has none: its updates stop with the
	 * socket.
	 */
	public void cancel() {
		this.cancelled = true;
		this.client.remove(this);
	}

	/**
	 * Return Tradovate's request that ends this subscription on the server.
	 * @return the endpoint and body, or {@code null} when there is none
	 */
	@Nullable Unsubscribe unsubscribeRequest() {
		String key = this.endpoint.toLowerCase(Locale.ROOT);
		return switch (key) {
			case "md/subscribequote" -> new Unsubscribe("md/unsubscribeQuote", this.body);
			case "md/subscribedom" -> new Unsubscribe("md/unsubscribeDOM", this.body);
			case "md/subscribehistogram" -> new Unsubscribe("md/unsubscribeHistogram", this.body);
			case "md/getchart" -> cancelChart();
			default -> null;
		};
	}

	private @Nullable Unsubscribe cancelChart() {
		TradovateResponse response = this.response;
		JsonNode data = (response != null) ? response.data() : null;
		JsonNode realtimeId = (data != null) ? data.get("realtimeId") : null;
		if (realtimeId == null || !realtimeId.isNumber()) {
			return null;
		}
		return new Unsubscribe("md/cancelChart", "{\"subscriptionId\":" + realtimeId.asLong() + "}");
	}

	@Override
	public String toString() {
		return "TradovateWebSocketSubscription[endpoint=" + this.endpoint + ", cancelled=" + this.cancelled + "]";
	}

	/**
	 * The request that ends a subscription on the server.
	 *
	 * @param endpoint the endpoint
	 * @param body the body, or {@code null}
	 */
	record Unsubscribe(String endpoint, @Nullable String body) {

	}

}
