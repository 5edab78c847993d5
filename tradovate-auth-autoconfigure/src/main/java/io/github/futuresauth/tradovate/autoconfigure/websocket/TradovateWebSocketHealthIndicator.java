package io.github.futuresauth.tradovate.autoconfigure.websocket;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.futuresauth.tradovate.auth.websocket.TradovateWebSocketClient;
import io.github.futuresauth.tradovate.auth.websocket.TradovateWebSocketClient.State;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.util.Assert;

/**
 * A {@link org.springframework.boot.health.contributor.HealthIndicator} for the
 * WebSockets to Tradovate. It reports what the clients know and sends nothing:
 * <ul>
 * <li>{@code UP} when every socket is open, connecting, or not used yet
 * ({@code IDLE});</li>
 * <li>{@code DOWN} when a socket was lost and is waiting to reconnect, or is closed.</li>
 * </ul>
 * Each socket's details, under its name, are its {@code state}, {@code url}, and when
 * they apply {@code openSince}, {@code lastFailure} and {@code subscriptions}. Tokens are
 * never part of them.
 */
public class TradovateWebSocketHealthIndicator extends AbstractHealthIndicator {

	private final List<TradovateWebSocketClient> clients;

	/**
	 * Create an indicator for the given clients.
	 * @param clients the clients to report on
	 */
	public TradovateWebSocketHealthIndicator(List<TradovateWebSocketClient> clients) {
		super("Tradovate WebSocket health check failed");
		Assert.notNull(clients, "Clients must not be null");
		this.clients = List.copyOf(clients);
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		boolean up = true;
		for (TradovateWebSocketClient client : this.clients) {
			State state = client.getState();
			up &= state == State.OPEN || state == State.IDLE || state == State.CONNECTING;
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("state", state);
			details.put("url", client.getUrl().toString());
			Instant openSince = client.getOpenSince();
			if (openSince != null) {
				details.put("openSince", openSince.truncatedTo(ChronoUnit.MILLIS).toString());
			}
			String lastFailure = client.getLastFailure();
			if (lastFailure != null) {
				details.put("lastFailure", lastFailure);
			}
			details.put("subscriptions", client.getSubscriptions().size());
			builder.withDetail(client.getName(), details);
		}
		if (up) {
			builder.up();
		}
		else {
			builder.down();
		}
	}

}
