package io.github.futuresauth.tradovate.autoconfigure.oauth;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import io.github.futuresauth.tradovate.auth.AccessToken;
import io.github.futuresauth.tradovate.auth.Lease;
import io.github.futuresauth.tradovate.auth.RenewingTokenProvider;
import io.github.futuresauth.tradovate.auth.StoredToken;
import io.github.futuresauth.tradovate.auth.TokenStore;
import io.github.futuresauth.tradovate.auth.TradovateCredentials;
import io.github.futuresauth.tradovate.auth.TradovateEnvironment;
import io.github.futuresauth.tradovate.auth.TradovateUsers;
import io.github.futuresauth.tradovate.auth.oauth.OAuthRenewal;
import io.github.futuresauth.tradovate.auth.oauth.TradovateOAuthClient;
import io.github.futuresauth.tradovate.autoconfigure.TradovateTokenStoreFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.web.client.RestClient;

/**
 * The users who connected the application to their Tradovate account through OAuth, as
 * users of {@link TradovateUsers} by their key (the name of the Spring Security
 * principal): each keeps its token in a store of its own, renewed under the login rules
 * and the network's budget like any other user's, and gets a {@code RestClient}, health
 * and meters by that key.
 */
public class TradovateOAuthUsers {

	/** Stands for the password in the store's key of a user who has none. */
	private static final String OAUTH = "oauth";

	private static final Duration LEASE = Duration.ofSeconds(30);

	private final TradovateUsers users;

	private final TradovateTokenStoreFactory stores;

	private final TradovateEnvironment environment;

	private final RestClient restClient;

	private final URI baseUrl;

	private final String clientId;

	private final String clientSecret;

	private final UnaryOperator<RenewingTokenProvider> configurer;

	private final Map<String, TradovateOAuthClient> clients = new ConcurrentHashMap<>();

	private final Map<String, TokenStore> ownStores = new ConcurrentHashMap<>();

	private final String owner = "oauth-" + UUID.randomUUID();

	TradovateOAuthUsers(TradovateUsers users, TradovateTokenStoreFactory stores, TradovateEnvironment environment,
			RestClient restClient, URI baseUrl, String clientId, String clientSecret,
			UnaryOperator<RenewingTokenProvider> configurer) {
		this.users = users;
		this.stores = stores;
		this.environment = environment;
		this.restClient = restClient;
		this.baseUrl = baseUrl;
		this.clientId = clientId;
		this.clientSecret = clientSecret;
		this.configurer = configurer;
	}

	/**
	 * Take over the token of a user who has just authorized the application: store it,
	 * and keep it alive from now on. A user who authorizes again replaces its token.
	 * @param key the user's key, the principal's name
	 * @param token the token, with the user's id and name
	 * @param refreshToken the refresh token that came with it, or {@code null}
	 */
	public void connect(String key, AccessToken token, @Nullable String refreshToken) {
		Assert.hasText(key, "The user's key must not be empty");
		TradovateCredentials credentials = credentials(key);
		TokenStore store = this.stores.create(this.environment, credentials);
		withLease(store, (lease) -> {
			StoredToken current = store.read();
			return store.compareAndSet((current != null) ? current.version() : 0, token, lease);
		});
		register(key, store, refreshToken).clearHold();
	}

	/**
	 * Return the provider of a connected user: one that connected on this instance, or,
	 * with a store that the fleet shares, on another.
	 * @param key the user's key
	 * @return the provider, or {@code null} when the user has not connected
	 */
	public @Nullable RenewingTokenProvider get(String key) {
		if (this.users.keys().contains(key)) {
			return this.users.getTokenProvider(key);
		}
		TokenStore store = this.stores.create(this.environment, credentials(key));
		if (store.read() == null) {
			close(store);
			return null;
		}
		try {
			return register(key, store, null);
		}
		catch (IllegalStateException ex) {
			// Restored meanwhile by another caller.
			return this.users.getTokenProvider(key);
		}
	}

	/**
	 * Disconnect a user: stop keeping its token, and remove the token from the store, for
	 * every instance of a fleet.
	 * @param key the user's key
	 */
	public void disconnect(String key) {
		this.users.remove(key);
		this.clients.remove(key);
		TokenStore previous = this.ownStores.remove(key);
		if (previous != null) {
			close(previous);
		}
		TokenStore store = this.stores.create(this.environment, credentials(key));
		try {
			withLease(store, (lease) -> {
				StoredToken current = store.read();
				return current == null || store.remove(current.version(), lease);
			});
		}
		finally {
			close(store);
		}
	}

	/**
	 * Return how a user's token was last kept alive.
	 * @param key the user's key
	 * @return the way, {@link OAuthRenewal#NONE} for a user not connected here
	 */
	public OAuthRenewal getLastRenewal(String key) {
		TradovateOAuthClient client = this.clients.get(key);
		return (client != null) ? client.getLastRenewal() : OAuthRenewal.NONE;
	}

	private RenewingTokenProvider register(String key, TokenStore store, @Nullable String refreshToken) {
		TradovateOAuthClient client = new TradovateOAuthClient(this.restClient, this.baseUrl, this.clientId,
				this.clientSecret, refreshToken, Clock.systemUTC());
		RenewingTokenProvider provider = this.configurer.apply(new RenewingTokenProvider(client, credentials(key)));
		provider.setTokenStore(store);
		this.users.remove(key);
		this.users.add(key, provider);
		this.clients.put(key, client);
		TokenStore previous = this.ownStores.put(key, store);
		if (previous != null && previous != store) {
			close(previous);
		}
		return provider;
	}

	private <T> T withLease(TokenStore store, Function<Lease, T> action) {
		Lease lease = store.tryAcquireLease(this.owner, LEASE);
		if (lease == null) {
			throw new IllegalStateException(
					"The token store of a Tradovate OAuth user is busy or cannot be reached;" + " try again");
		}
		try {
			return action.apply(lease);
		}
		finally {
			store.releaseLease(lease);
		}
	}

	/**
	 * The credentials of a user without a password: never sent, they name the user's
	 * store, apart from a user of the same name who logs in with a password.
	 */
	private static TradovateCredentials credentials(String key) {
		return new TradovateCredentials(key, OAUTH, null, null, null, OAUTH, null);
	}

	private static void close(TokenStore store) {
		if (store instanceof AutoCloseable closeable) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				throw new IllegalStateException("Could not close a token store", ex);
			}
		}
	}

}
