package io.github.futuresauth.tradovate.autoconfigure;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.github.futuresauth.tradovate.auth.TradovateAuthClient;

/**
 * The auth clients of the application's users, one per base URL: users of one environment
 * share a client and its connections.
 */
final class TradovateAuthClients {

	private final Map<URI, TradovateAuthClient> clients = new ConcurrentHashMap<>();

	private final Function<URI, TradovateAuthClient> factory;

	TradovateAuthClients(Function<URI, TradovateAuthClient> factory) {
		this.factory = factory;
	}

	TradovateAuthClient get(URI baseUrl) {
		return this.clients.computeIfAbsent(baseUrl, this.factory);
	}

}
