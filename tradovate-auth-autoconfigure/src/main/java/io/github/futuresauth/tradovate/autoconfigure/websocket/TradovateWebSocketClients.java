package io.github.futuresauth.tradovate.autoconfigure.websocket;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.futuresauth.tradovate.auth.RenewingTokenProvider;
import io.github.futuresauth.tradovate.auth.TradovateUsers;
import io.github.futuresauth.tradovate.auth.websocket.TradovateWebSocketClient;
import io.github.futuresauth.tradovate.auth.websocket.TradovateWebSocketClient.Channel;

import org.springframework.util.Assert;

/**
 * The WebSocket clients of each of the application's Tradovate users, by the user's key:
 * a trading and a market data client per user, created at first use and authorized with
 * that user's token alone. A user's clients close when the user is removed, and all of
 * them when the application context closes.
 */
public final class TradovateWebSocketClients implements AutoCloseable {

	/**
	 * By the provider that authorizes them rather than by key: a key removed and added
	 * again, for another user perhaps, never gets the sockets of the one before.
	 */
	private final Map<Bound, TradovateWebSocketClient> clients = new ConcurrentHashMap<>();

	private final TradovateUsers users;

	private final Factory factory;

	TradovateWebSocketClients(TradovateUsers users, Factory factory) {
		Assert.notNull(users, "TradovateUsers must not be null");
		this.users = users;
		this.factory = factory;
		users.addListener(new TradovateUsers.Listener() {

			@Override
			public void removed(String key, RenewingTokenProvider provider) {
				closeClientsOf(provider);
			}

		});
	}

	/**
	 * Return the trading socket's client of a user.
	 * @param key the user's key
	 * @return the client
	 * @throws IllegalArgumentException when there is no such user
	 */
	public TradovateWebSocketClient trading(String key) {
		return client(key, Channel.TRADING);
	}

	/**
	 * Return the market data socket's client of a user.
	 * @param key the user's key
	 * @return the client
	 * @throws IllegalArgumentException when there is no such user
	 */
	public TradovateWebSocketClient marketData(String key) {
		return client(key, Channel.MARKET_DATA);
	}

	private TradovateWebSocketClient client(String key, Channel channel) {
		RenewingTokenProvider provider = this.users.getTokenProvider(key);
		Bound bound = new Bound(channel, provider);
		TradovateWebSocketClient client = this.clients.computeIfAbsent(bound,
				(ignored) -> this.factory.create(key, channel, provider));
		if (!isUserOf(key, provider)) {
			// Removed meanwhile, perhaps before its client was there to be closed.
			if (this.clients.remove(bound, client)) {
				client.close();
			}
			return client(key, channel);
		}
		return client;
	}

	private boolean isUserOf(String key, RenewingTokenProvider provider) {
		try {
			return this.users.getTokenProvider(key) == provider;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private void closeClientsOf(RenewingTokenProvider provider) {
		for (Channel channel : Channel.values()) {
			TradovateWebSocketClient client = this.clients.remove(new Bound(channel, provider));
			if (client != null) {
				client.close();
			}
		}
	}

	@Override
	public void close() {
		this.clients.values().forEach(TradovateWebSocketClient::close);
		this.clients.clear();
	}

	/** A channel's socket, authorized by one user's provider, compared by identity. */
	private record Bound(Channel channel, RenewingTokenProvider provider) {

	}

	/** Creates the client of a channel of a user, authorized by the user's provider. */
	@FunctionalInterface
	interface Factory {

		TradovateWebSocketClient create(String key, Channel channel, RenewingTokenProvider provider);

	}

}
