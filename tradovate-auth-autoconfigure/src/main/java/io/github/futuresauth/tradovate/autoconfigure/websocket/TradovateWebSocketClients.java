package io.github.futuresauth.tradovate.autoconfigure.websocket;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

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

	private final Map<String, TradovateWebSocketClient> clients = new ConcurrentHashMap<>();

	private final TradovateUsers users;

	private final BiFunction<String, Channel, TradovateWebSocketClient> factory;

	TradovateWebSocketClients(TradovateUsers users, BiFunction<String, Channel, TradovateWebSocketClient> factory) {
		Assert.notNull(users, "TradovateUsers must not be null");
		this.users = users;
		this.factory = factory;
		users.addListener(new TradovateUsers.Listener() {

			@Override
			public void removed(String key, RenewingTokenProvider provider) {
				closeClientsOf(key);
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
		this.users.getTokenProvider(key);
		return this.clients.computeIfAbsent(channel + "/" + key, (ignored) -> this.factory.apply(key, channel));
	}

	private void closeClientsOf(String key) {
		for (Channel channel : Channel.values()) {
			TradovateWebSocketClient client = this.clients.remove(channel + "/" + key);
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

}
