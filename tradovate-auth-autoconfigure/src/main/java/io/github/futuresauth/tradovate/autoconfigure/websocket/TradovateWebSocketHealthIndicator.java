package io.github.futuresauth.tradovate.autoconfigure.websocket;

import java.time.Duration;
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
 * <li>{@code UP} when every socket is ready, not used yet ({@code IDLE}), or has been
 * without a ready socket for no longer than the {@code down-after} time: a reconnect
 * within it is no outage;</li>
 * <li>{@code DOWN} when a started socket has not been ready for longer than that, or is
 * closed.</li>
 * </ul>
 * Each socket's details, under its name, are its {@code state}, {@code url}, and when
 * they apply {@code openSince}, {@code notReadySince}, {@code lastFailure} and
 * {@code subscriptions}. Tokens are never part of them.
 */
public class TradovateWebSocketHealthIndicator extends AbstractHealthIndicator {

	private final List<TradovateWebSocketClient> clients;

	private final Duration downAfter;

	/**
	 * Create an indicator for the given clients.
	 * @param clients the clients to report on
	 * @param downAfter how long a started socket may go without being ready before it
	 * counts as down
	 */
	public TradovateWebSocketHealthIndicator(List<TradovateWebSocketClient> clients, Duration downAfter) {
		super("Tradovate WebSocket health check failed");
		Assert.notNull(clients, "Clients must not be null");
		Assert.notNull(downAfter, "Down after must not be null");
		this.clients = List.copyOf(clients);
		this.downAfter = downAfter;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		boolean up = true;
		for (TradovateWebSocketClient client : this.clients) {
			State state = client.getState();
			Instant notReadySince = client.getNotReadySince();
			boolean overdue = notReadySince != null
					&& !client.getClock().instant().isBefore(notReadySince.plus(this.downAfter));
			up &= state != State.CLOSED && !overdue;
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("state", state);
			details.put("url", client.getUrl().toString());
			Instant openSince = client.getOpenSince();
			if (openSince != null) {
				details.put("openSince", openSince.truncatedTo(ChronoUnit.MILLIS).toString());
			}
			if (notReadySince != null) {
				details.put("notReadySince", notReadySince.truncatedTo(ChronoUnit.MILLIS).toString());
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
