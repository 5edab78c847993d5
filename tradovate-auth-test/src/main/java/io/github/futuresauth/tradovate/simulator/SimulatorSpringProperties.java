package io.github.futuresauth.tradovate.simulator;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The Spring Boot properties that point an application at a started simulator, as one of
 * its users.
 *
 * @see TradovateSimulator#springPropertyMap()
 */
final class SimulatorSpringProperties {

	private SimulatorSpringProperties() {
	}

	/**
	 * Return the properties for the given simulator URLs and user.
	 * @param baseUrl the base URL of the API
	 * @param webSockets the simulator's WebSockets
	 * @param user the user to log in as, or {@code null} to leave the credentials out
	 * @return the properties, in a stable order
	 */
	static Map<String, Object> of(URI baseUrl, SimulatedWebSockets webSockets, @Nullable SimulatedUser user) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("tradovate.base-url", baseUrl.toString());
		properties.put("tradovate.websocket.url", webSockets.tradingUrl().toString());
		properties.put("tradovate.websocket.market-data-url", webSockets.marketDataUrl().toString());
		if (user != null) {
			properties.put("tradovate.name", user.name());
			properties.put("tradovate.password", user.password());
			if (user.apiKey() != null) {
				ApiKey apiKey = user.apiKey();
				properties.put("tradovate.app-id", apiKey.appId());
				properties.put("tradovate.app-version", apiKey.appVersion());
				properties.put("tradovate.cid", apiKey.cid());
				properties.put("tradovate.sec", apiKey.sec());
			}
			else if (user.appId() != null) {
				properties.put("tradovate.app-id", user.appId());
			}
			if (user.apiKey() == null && user.sec() != null) {
				// An API key is a client id with its secret; the simulator checks only
				// the secret.
				properties.put("tradovate.cid", Long.toString(user.userId()));
				properties.put("tradovate.sec", user.sec());
			}
		}
		properties.put("tradovate.store.type", "memory");
		return Collections.unmodifiableMap(properties);
	}

}
