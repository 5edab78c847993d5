package io.github.futuresauth.tradovate.autoconfigure;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.github.futuresauth.tradovate.auth.RenewingTokenProvider;
import io.github.futuresauth.tradovate.auth.TradovateUsers;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;

/**
 * A ready {@link RestClient} for each of the application's Tradovate users, by the user's
 * key: built from Spring Boot's {@link RestClient.Builder}, with the user's base URL, not
 * following redirects, and carrying that user's token alone. A client asks
 * {@link TradovateUsers} for its user on every request, so a user removed while the
 * application runs is refused, and one added again under the same key is served. The
 * client of a removed user is dropped with it.
 */
public final class TradovateRestClients {

	private final Map<String, RestClient> clients = new ConcurrentHashMap<>();

	private final ObjectProvider<RestClient.Builder> builder;

	private final ObjectProvider<TradovateUsers> users;

	private final TradovateAuthProperties properties;

	private final Supplier<ClientHttpRequestFactory> requestFactory;

	private volatile boolean listening;

	TradovateRestClients(ObjectProvider<RestClient.Builder> builder, ObjectProvider<TradovateUsers> users,
			TradovateAuthProperties properties, Supplier<ClientHttpRequestFactory> requestFactory) {
		this.builder = builder;
		this.users = users;
		this.properties = properties;
		this.requestFactory = requestFactory;
	}

	/**
	 * Return the client of a user, created at its first use.
	 * @param key the user's key: one of {@code tradovate.users}, {@code default} for the
	 * user of the flat {@code tradovate.*} properties, or one added to
	 * {@link TradovateUsers} while the application runs
	 * @return the client
	 * @throws IllegalArgumentException when there is no such user
	 */
	public RestClient get(String key) {
		TradovateUsers users = this.users.getObject();
		users.getTokenProvider(key);
		if (!this.listening) {
			listenTo(users);
		}
		RestClient client = this.clients.computeIfAbsent(key, (user) -> build(users, user));
		try {
			users.getTokenProvider(key);
		}
		catch (IllegalArgumentException ex) {
			// Removed meanwhile, perhaps before its client was there to be dropped.
			this.clients.remove(key, client);
			throw ex;
		}
		return client;
	}

	/**
	 * Drops the client of a user that is removed, so that clients come and go with users.
	 */
	private synchronized void listenTo(TradovateUsers users) {
		if (!this.listening) {
			users.addListener(new TradovateUsers.Listener() {

				@Override
				public void removed(String key, RenewingTokenProvider provider) {
					TradovateRestClients.this.clients.remove(key);
				}

			});
			this.listening = true;
		}
	}

	private RestClient build(TradovateUsers users, String key) {
		ClientHttpRequestInterceptor byUser = users.interceptor();
		return this.builder.getObject().clone().requestInterceptors((interceptors) -> {
			// The builder carries the default user's interceptor when there are no
			// tradovate.users: this client's requests must carry this user's token.
			interceptors.removeIf((interceptor) -> UserInterceptor.addsTokens(interceptor) || interceptor == byUser);
			interceptors.add(byUser);
		})
			.defaultRequest((request) -> request.attribute(TradovateUsers.USER_ATTRIBUTE, key))
			.requestFactory(this.requestFactory.get())
			.baseUrl(baseUrl(key).toString())
			.build();
	}

	private URI baseUrl(String key) {
		TradovateUserProperties user = this.properties.getUsers().get(key);
		return (user != null) ? this.properties.determineBaseUrl(user) : this.properties.determineBaseUrl();
	}

}
