package io.github.futuresauth.tradovate.autoconfigure.websocket;

import java.util.List;

import io.github.futuresauth.tradovate.auth.websocket.TradovateWebSocketClient;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.util.Assert;

/**
 * Micrometer meters for the WebSockets to Tradovate, each tagged with the socket's name
 * ({@code socket}: {@code trading}, {@code marketData}):
 * <ul>
 * <li>{@code tradovate.websocket.connects}: sockets opened and authorized;</li>
 * <li>{@code tradovate.websocket.reconnects}: attempts to replace a lost socket;</li>
 * <li>{@code tradovate.websocket.messages}: messages received (responses and
 * events);</li>
 * <li>{@code tradovate.websocket.heartbeats.missed}: sockets given up because they fell
 * silent;</li>
 * <li>{@code tradovate.websocket.events.dropped}: events dropped because listeners had
 * fallen the queue capacity behind (each drop replaces the socket);</li>
 * <li>{@code tradovate.websocket.open}: a gauge, 1 while the socket is open, else 0.</li>
 * </ul>
 */
public class TradovateWebSocketMetrics implements MeterBinder {

	private final List<TradovateWebSocketClient> clients;

	/**
	 * Create meters for the given clients.
	 * @param clients the clients
	 */
	public TradovateWebSocketMetrics(List<TradovateWebSocketClient> clients) {
		Assert.notNull(clients, "Clients must not be null");
		this.clients = List.copyOf(clients);
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (TradovateWebSocketClient client : this.clients) {
			String socket = client.getName();
			FunctionCounter.builder("tradovate.websocket.connects", client, TradovateWebSocketClient::getConnects)
				.description("WebSockets to Tradovate opened and authorized")
				.tag("socket", socket)
				.register(registry);
			FunctionCounter.builder("tradovate.websocket.reconnects", client, TradovateWebSocketClient::getReconnects)
				.description("Attempts to replace a lost WebSocket to Tradovate")
				.tag("socket", socket)
				.register(registry);
			FunctionCounter
				.builder("tradovate.websocket.messages", client, TradovateWebSocketClient::getMessagesReceived)
				.description("Messages received on a WebSocket to Tradovate")
				.tag("socket", socket)
				.register(registry);
			FunctionCounter
				.builder("tradovate.websocket.heartbeats.missed", client, TradovateWebSocketClient::getHeartbeatsMissed)
				.description("WebSockets to Tradovate given up because nothing arrived for the silence timeout")
				.tag("socket", socket)
				.register(registry);
			FunctionCounter
				.builder("tradovate.websocket.events.dropped", client, TradovateWebSocketClient::getEventsDropped)
				.description("Events dropped because listeners of a WebSocket to Tradovate fell too far behind")
				.tag("socket", socket)
				.register(registry);
			Gauge
				.builder("tradovate.websocket.open", client,
						(c) -> (c.getState() == TradovateWebSocketClient.State.OPEN) ? 1 : 0)
				.description("Whether the WebSocket to Tradovate is open")
				.tag("socket", socket)
				.register(registry);
		}
	}

}
