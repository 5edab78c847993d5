package io.github.futuresauth.tradovate.autoconfigure.oauth;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import io.github.futuresauth.tradovate.auth.AccessToken;
import io.github.futuresauth.tradovate.auth.AuthLedger;
import io.github.futuresauth.tradovate.auth.Hold;
import io.github.futuresauth.tradovate.auth.HoldReason;
import io.github.futuresauth.tradovate.auth.Lease;
import io.github.futuresauth.tradovate.auth.RenewingTokenProvider;
import io.github.futuresauth.tradovate.auth.StoredToken;
import io.github.futuresauth.tradovate.auth.TokenStore;
import io.github.futuresauth.tradovate.auth.TradovateCredentials;
import io.github.futuresauth.tradovate.auth.TradovateEnvironment;
import io.github.futuresauth.tradovate.auth.TradovateUsers;
import io.github.futuresauth.tradovate.auth.oauth.OAuthRenewal;
import io.github.futuresauth.tradovate.auth.oauth.RefreshTokens;
import io.github.futuresauth.tradovate.auth.oauth.TradovateOAuthClient;
import io.github.futuresauth.tradovate.autoconfigure.TradovateTokenStoreFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.web.client.RestClient;

/**
 * The users who connected the application to their Tradovate account through OAuth, each
 * a user of {@link TradovateUsers} under a key of its own, {@link #key(String)}: the name
 * of the Spring Security principal after {@value #KEY_PREFIX}, so that no principal can
 * take the place of a user that the application configured. Each keeps its token in a
 * store of its own, renewed under the login rules and the network's budget like any other
 * user's, and gets a {@code RestClient}, health and meters by that key.
 * <p>
 * Beside the token, the store keeps the user's connection under the API key
 * {@code oauth-connection}, with the refresh token when Tradovate gave one, encrypted as
 * the store encrypts: every instance of a fleet can refresh the user's token, also after
 * a restart, and a disconnect on one instance ends the user's connection on all.
 */
public class TradovateOAuthUsers implements AutoCloseable {

	/** What the key of every user who connected through OAuth starts with. */
	public static final String KEY_PREFIX = "oauth:";

	private static final Log logger = LogFactory.getLog(TradovateOAuthUsers.class);

	/** Stands for the password and API key in the store's key of the user's token. */
	private static final String OAUTH = "oauth";

	/** The API key in the store's key of the user's connection. */
	private static final String CONNECTION = "oauth-connection";

	private static final Duration LEASE = Duration.ofSeconds(30);

	private final TradovateUsers users;

	private final TradovateTokenStoreFactory stores;

	private final TradovateEnvironment environment;

	private final RestClient restClient;

	private final URI baseUrl;

	private final String clientId;

	private final String clientSecret;

	private final UnaryOperator<RenewingTokenProvider> configurer;

	/** The users connected here, by key. */
	private final Map<String, Connection> connections = new ConcurrentHashMap<>();

	/**
	 * Locks that keep the connect, restore and disconnect of one user in order, striped
	 * so that a user whose store is slow holds up few others. Never taken by a store's
	 * callback.
	 */
	private final Object[] locks = new Object[64];

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
		Arrays.setAll(this.locks, (index) -> new Object());
		users.addListener(new TradovateUsers.Listener() {

			@Override
			public void removed(String key, RenewingTokenProvider provider) {
				forget(key, provider);
			}

		});
	}

	/**
	 * Return the key in {@link TradovateUsers} of the user who connected as the given
	 * principal, such as the key to ask {@code TradovateRestClients} for.
	 * @param principalName the name of the Spring Security principal
	 * @return the user's key
	 */
	public static String key(String principalName) {
		Assert.hasText(principalName, "The principal's name must not be empty");
		return KEY_PREFIX + principalName;
	}

	/**
	 * Return the principal's name of a user who connected through OAuth.
	 * @param key a key in {@link TradovateUsers}
	 * @return the principal's name, or {@code null} when the key is not that of such a
	 * user
	 */
	public static @Nullable String principalName(String key) {
		return (key.startsWith(KEY_PREFIX) && key.length() > KEY_PREFIX.length()) ? key.substring(KEY_PREFIX.length())
				: null;
	}

	/**
	 * Take over the token of a user who has just authorized the application: store it
	 * with the refresh token, and keep it alive from now on. A user who authorizes again
	 * replaces its token.
	 * @param principalName the name of the Spring Security principal
	 * @param token the token, with the user's id and name
	 * @param refreshToken the refresh token that came with it, or {@code null}
	 * @throws IllegalStateException when the user's key belongs to a user that did not
	 * connect through OAuth, or the store is busy or cannot be reached
	 */
	public void connect(String principalName, AccessToken token, @Nullable String refreshToken) {
		String key = key(principalName);
		synchronized (lock(key)) {
			requireOwn(key);
			UserStores stores = open(principalName);
			try {
				stores.write(stores.tokens, token);
				stores.write(stores.connection, new AccessToken((refreshToken != null) ? refreshToken : "", null,
						token.expirationTime(), token.userId(), token.name(), null));
				clearOwnHold(stores);
				register(key, stores);
			}
			catch (RuntimeException ex) {
				stores.close();
				throw ex;
			}
		}
	}

	/**
	 * Return the provider of a connected user: one that connected on this instance, or,
	 * with a store that the fleet shares, on another.
	 * @param principalName the name of the Spring Security principal
	 * @return the provider, or {@code null} when the user has not connected
	 */
	public @Nullable RenewingTokenProvider get(String principalName) {
		String key = key(principalName);
		Connection connected = this.connections.get(key);
		if (connected != null) {
			return connected.provider();
		}
		synchronized (lock(key)) {
			connected = this.connections.get(key);
			if (connected != null) {
				return connected.provider();
			}
			if (this.users.keys().contains(key)) {
				return null;
			}
			UserStores stores = open(principalName);
			if (stores.connection.read() == null) {
				stores.close();
				return null;
			}
			return register(key, stores);
		}
	}

	/**
	 * Disconnect a user: stop keeping its token, and remove the token and the refresh
	 * token from the store. The other instances of a fleet stop keeping it as they see
	 * the change.
	 * @param principalName the name of the Spring Security principal
	 */
	public void disconnect(String principalName) {
		String key = key(principalName);
		synchronized (lock(key)) {
			// Gone from the store first: a user still there would come back on the next
			// look-up, here or on another instance. The connection goes before the token:
			// without it, no instance writes the token back (ConnectedTokenStore).
			UserStores stores = open(principalName);
			try {
				stores.remove(stores.connection);
				stores.remove(stores.tokens);
			}
			finally {
				stores.close();
			}
			if (this.connections.containsKey(key)) {
				this.users.remove(key);
			}
		}
	}

	/**
	 * Return how a user's token was last kept alive.
	 * @param principalName the name of the Spring Security principal
	 * @return the way, {@link OAuthRenewal#NONE} for a user not connected here
	 */
	public OAuthRenewal getLastRenewal(String principalName) {
		Connection connection = this.connections.get(key(principalName));
		return (connection != null) ? connection.client().getLastRenewal() : OAuthRenewal.NONE;
	}

	/**
	 * Stop keeping the users connected here, and close their stores. Their connections
	 * stay in the store, for the other instances and the next start.
	 */
	@Override
	public void close() {
		new ArrayList<>(this.connections.keySet()).forEach(this.users::remove);
	}

	private void requireOwn(String key) {
		if (!this.connections.containsKey(key) && this.users.keys().contains(key)) {
			throw new IllegalStateException("The Tradovate user of key '" + key
					+ "' did not connect through OAuth; give that user another key");
		}
	}

	/**
	 * End the user's own hold that a new authorization resolves: a refusal (the user had
	 * to authorize again) or an outage, which the exchange just got past. The holds that
	 * Tradovate imposed on requests (a penalty, a limit, a 429) stay, and so do the
	 * network address's, which hold the users who log in with a password: a user who
	 * authorizes solves no captcha. The provider registered next reads the ledger afresh.
	 */
	private void clearOwnHold(UserStores stores) {
		AuthLedger ledger = stores.tokens.ledger();
		if (!isClearedByAuthorization(ledger.hold())) {
			return;
		}
		stores.withLease(stores.tokens, (lease) -> {
			AuthLedger current = stores.tokens.ledger();
			return isClearedByAuthorization(current.hold())
					&& stores.tokens.saveLedger(new AuthLedger(current.failedLogins(), current.renewals(),
							current.checks(), current.lastLogin(), null, current.kicks()), lease);
		});
	}

	private static boolean isClearedByAuthorization(@Nullable Hold hold) {
		return hold != null && (hold.reason() == HoldReason.REFUSED || hold.reason() == HoldReason.UNAVAILABLE);
	}

	private Object lock(String key) {
		return this.locks[Math.floorMod(key.hashCode(), this.locks.length)];
	}

	private UserStores open(String principalName) {
		TokenStore tokens = this.stores.create(this.environment, credentials(principalName, OAUTH));
		try {
			return new UserStores(principalName, tokens,
					this.stores.create(this.environment, credentials(principalName, CONNECTION)));
		}
		catch (RuntimeException ex) {
			close(tokens);
			throw ex;
		}
	}

	private RenewingTokenProvider register(String key, UserStores stores) {
		if (this.connections.containsKey(key)) {
			this.users.remove(key);
		}
		TradovateOAuthClient client = new TradovateOAuthClient(this.restClient, this.baseUrl, this.clientId,
				this.clientSecret, stores, Clock.systemUTC());
		RenewingTokenProvider provider = this.configurer
			.apply(new RenewingTokenProvider(client, credentials(principalName(key), OAUTH)));
		provider.setTokenStore(new ConnectedTokenStore(stores.tokens, stores.connection, this.owner + "-writes"));
		Connection connection = new Connection(stores, client, provider);
		this.connections.put(key, connection);
		this.users.add(key, provider);
		Runnable disconnected = () -> {
			if (stores.connection.read() == null) {
				disconnected(key, connection);
			}
		};
		stores.connection.addChangeListener(disconnected);
		// A disconnect that came before the listener.
		disconnected.run();
		return provider;
	}

	/** The connection was removed from the store, by this or another instance. */
	private void disconnected(String key, Connection connection) {
		if (this.connections.get(key) == connection) {
			logger.info("The Tradovate user of key '" + key + "' was disconnected");
			this.users.remove(key);
		}
	}

	private void forget(String key, RenewingTokenProvider provider) {
		Connection connection = this.connections.get(key);
		if (connection != null && connection.provider() == provider && this.connections.remove(key, connection)) {
			connection.stores().close();
		}
	}

	/**
	 * The credentials of a user without a password: never sent, they name the user's
	 * stores, apart from a user of the same name who logs in with a password. The client
	 * secret stands for the password, so that a store that derives its key from the
	 * credentials, as the file store does, encrypts with a secret.
	 */
	private TradovateCredentials credentials(@Nullable String principalName, String apiKey) {
		return new TradovateCredentials(String.valueOf(principalName), this.clientSecret, null, null, null, apiKey,
				null);
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

	/**
	 * A user connected here.
	 *
	 * @param stores the user's stores
	 * @param client the user's auth client
	 * @param provider the user's provider
	 */
	private record Connection(UserStores stores, TradovateOAuthClient client, RenewingTokenProvider provider) {

	}

	/**
	 * A refresh token replaced by another, or by none.
	 *
	 * @param used the refresh token that was used
	 * @param replacement its replacement, or {@code null}
	 */
	private record Replacement(String used, @Nullable String replacement) {

	}

	/**
	 * The stores of one user who connected: its token, and its connection with the
	 * refresh token, which its client reads and replaces.
	 */
	private final class UserStores implements RefreshTokens {

		private final TokenStore tokens;

		private final TokenStore connection;

		private final String name;

		/** A refresh token that Tradovate issued and the store did not take yet. */
		private volatile @Nullable Replacement unsaved;

		UserStores(String name, TokenStore tokens, TokenStore connection) {
			this.name = name;
			this.tokens = tokens;
			this.connection = connection;
		}

		@Override
		public @Nullable String get() {
			Replacement unsaved = this.unsaved;
			if (unsaved != null && save(unsaved)) {
				this.unsaved = null;
			}
			if (unsaved != null) {
				return unsaved.replacement();
			}
			// Under the lease the store reads what the fleet wrote last, not a copy that
			// may lag: a refresh token that another instance replaced is refused.
			StoredToken stored;
			try {
				stored = withLease(this.connection, (lease) -> this.connection.read());
			}
			catch (IllegalStateException ex) {
				stored = this.connection.read();
			}
			return (stored != null && !stored.token().accessToken().isEmpty()) ? stored.token().accessToken() : null;
		}

		@Override
		public void replace(String used, @Nullable String replacement) {
			Replacement pending = this.unsaved;
			// The store still holds the token that the first unsaved replacement
			// replaced.
			Replacement change = (pending != null && used.equals(pending.replacement()))
					? new Replacement(pending.used(), replacement) : new Replacement(used, replacement);
			if (save(change)) {
				this.unsaved = null;
			}
			else {
				// Tradovate has replaced the refresh token that the store holds: losing
				// the new one would cost the user an authorization.
				logger.warn("Could not store the refresh token of the Tradovate user of key '" + key(this.name)
						+ "'; this instance keeps it until the store takes it");
				this.unsaved = change;
			}
		}

		/**
		 * Write a replacement, unless the store no longer holds the token it replaces.
		 * @return whether the store holds what it should now
		 */
		private boolean save(Replacement change) {
			try {
				return withLease(this.connection, (lease) -> {
					StoredToken stored = this.connection.read();
					if (stored == null || !stored.token().accessToken().equals(change.used())) {
						// Disconnected, or connected again with a new token.
						return true;
					}
					AccessToken connected = stored.token();
					return this.connection.compareAndSet(stored.version(),
							new AccessToken(Objects.requireNonNullElse(change.replacement(), ""), null,
									connected.expirationTime(), connected.userId(), connected.name(), null),
							lease) != null;
				});
			}
			catch (RuntimeException ex) {
				return false;
			}
		}

		void write(TokenStore store, AccessToken token) {
			boolean written = withLease(store, (lease) -> {
				StoredToken current = store.read();
				return store.compareAndSet((current != null) ? current.version() : 0, token, lease) != null;
			});
			if (!written) {
				throw new IllegalStateException(
						"The token store of a Tradovate OAuth user changed meanwhile or cannot be reached; try again");
			}
		}

		void remove(TokenStore store) {
			boolean removed = withLease(store, (lease) -> {
				StoredToken current = store.read();
				return current == null || store.remove(current.version(), lease);
			});
			if (!removed) {
				throw new IllegalStateException(
						"The token store of a Tradovate OAuth user changed meanwhile or cannot be reached; try again");
			}
		}

		private <T> T withLease(TokenStore store, Function<Lease, T> action) {
			Lease lease = store.tryAcquireLease(TradovateOAuthUsers.this.owner, LEASE);
			if (lease == null) {
				throw new IllegalStateException(
						"The token store of a Tradovate OAuth user is busy or cannot be reached; try again");
			}
			try {
				return action.apply(lease);
			}
			finally {
				store.releaseLease(lease);
			}
		}

		void close() {
			TradovateOAuthUsers.close(this.tokens);
			TradovateOAuthUsers.close(this.connection);
		}

		@Override
		public String toString() {
			return "RefreshTokens[" + this.connection + "]";
		}

	}

}
