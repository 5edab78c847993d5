package io.github.futuresauth.tradovate.auth;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.util.Assert;

/**
 * The Tradovate users that one application acts for, by a key of the application's
 * choosing, each with a {@link RenewingTokenProvider} of its own and all sharing one
 * {@link AuthNetwork}, since Tradovate's limits are per network address. Users can be
 * added and removed while the application runs.
 * <p>
 * A request picks its user with the {@link #USER_ATTRIBUTE request attribute}, through
 * {@link #interceptor()}, or through a user's own {@link #interceptor(String)}. A request
 * never carries another user's token: each user's token comes from that user's provider
 * alone.
 */
public final class TradovateUsers implements AutoCloseable {

	/**
	 * The request attribute that names the user of a request sent through
	 * {@link #interceptor()}, such as
	 * {@code restClient.get().uri("/account/list").attribute(TradovateUsers.USER_ATTRIBUTE, "alice")}.
	 */
	public static final String USER_ATTRIBUTE = TradovateUsers.class.getName() + ".user";

	/**
	 * The key that Spring Boot's auto-configuration gives the user of the flat
	 * {@code tradovate.*} properties, the default user.
	 */
	public static final String DEFAULT_USER = "default";

	private static final Log logger = LogFactory.getLog(TradovateUsers.class);

	private final ConcurrentMap<String, User> users = new ConcurrentHashMap<>();

	private final AuthNetwork network;

	private final Function<TradovateCredentials, RenewingTokenProvider> providers;

	private final URI[] tradovateUrls;

	private final ClientHttpRequestInterceptor byAttribute = this::interceptByAttribute;

	/** Passes requests to other hosts, and refuses those to Tradovate. */
	private final TradovateBearerTokenInterceptor unnamed;

	private volatile @Nullable String defaultUser;

	private final List<Listener> listeners = new CopyOnWriteArrayList<>();

	/**
	 * Held while a user is added or removed and the listeners are told, so that they hear
	 * of the changes of a key in the order they happen.
	 */
	private final ReentrantLock changes = new ReentrantLock();

	/**
	 * Create a registry without users.
	 * @param providers creates the provider of a user from its credentials, configured as
	 * the application wants every user's (store, scheduler, limits)
	 * @param tradovateUrls the URLs of Tradovate that requests carry tokens to
	 */
	public TradovateUsers(Function<TradovateCredentials, RenewingTokenProvider> providers, URI... tradovateUrls) {
		this(new AuthNetwork(), providers, tradovateUrls);
	}

	/**
	 * Create a registry without users, on the given network, such as one whose ledger
	 * every instance of a fleet shares.
	 * @param network the network address's share of Tradovate's limits
	 * @param providers creates the provider of a user from its credentials
	 * @param tradovateUrls the URLs of Tradovate that requests carry tokens to
	 */
	public TradovateUsers(AuthNetwork network, Function<TradovateCredentials, RenewingTokenProvider> providers,
			URI... tradovateUrls) {
		Assert.notNull(network, "AuthNetwork must not be null");
		Assert.notNull(providers, "The provider factory must not be null");
		this.network = network;
		Assert.notEmpty(tradovateUrls, "At least one Tradovate URL is required");
		this.providers = providers;
		this.tradovateUrls = tradovateUrls.clone();
		this.unnamed = new TradovateBearerTokenInterceptor(new UnnamedUser(), tradovateUrls);
	}

	/**
	 * Add a user. Nothing is sent until its token is first needed.
	 * @param key the application's key for the user, such as an account holder's id
	 * @param credentials the user's credentials
	 * @return the user's provider
	 * @throws IllegalStateException when a user of that key exists: then no provider, and
	 * so no store, is created
	 */
	public RenewingTokenProvider add(String key, TradovateCredentials credentials) {
		Assert.hasText(key, "The user's key must not be empty");
		Assert.notNull(credentials, "TradovateCredentials must not be null");
		this.changes.lock();
		try {
			requireNew(key);
			return add(key, this.providers.apply(credentials));
		}
		finally {
			this.changes.unlock();
		}
	}

	/**
	 * Add a user whose provider the application created, such as one for another
	 * environment. It shares this registry's {@link #getNetwork() network} from now on,
	 * and is closed when the user is removed.
	 * @param key the application's key for the user
	 * @param provider the user's provider
	 * @return the provider
	 * @throws IllegalStateException when a user of that key exists
	 */
	public RenewingTokenProvider add(String key, RenewingTokenProvider provider) {
		Assert.hasText(key, "The user's key must not be empty");
		Assert.notNull(provider, "RenewingTokenProvider must not be null");
		addAll(Map.of(key, provider));
		return provider;
	}

	/**
	 * Add users whose providers the application created, such as those of its
	 * configuration at startup, and report once whether they all fit the network's
	 * renewals. Either all are added, or, when a key is in use, none.
	 * @param providers the providers by the users' keys
	 * @throws IllegalStateException when a user of one of the keys exists
	 */
	public void addAll(Map<String, RenewingTokenProvider> providers) {
		providers.forEach((key, provider) -> {
			Assert.hasText(key, "The user's key must not be empty");
			Assert.notNull(provider, "RenewingTokenProvider must not be null");
		});
		this.changes.lock();
		try {
			providers.keySet().forEach(this::requireNew);
			providers.forEach((key, provider) -> {
				provider.signals.setKey(key);
				// On the shared network before any request can reach it.
				provider.setNetwork(this.network);
				this.users.put(key,
						new User(provider, new TradovateBearerTokenInterceptor(provider, this.tradovateUrls)));
				this.listeners.forEach((listener) -> listener.added(key, provider));
			});
		}
		finally {
			this.changes.unlock();
		}
		warnWhenRenewalsDoNotFit();
	}

	private void requireNew(String key) {
		if (this.users.containsKey(key)) {
			throw new IllegalStateException("A Tradovate user of key '" + key + "' exists already; remove it first");
		}
	}

	/**
	 * Set the user of the requests to Tradovate that name none through
	 * {@link #interceptor()}.
	 * @param key the user's key, or {@code null} for none: such requests then fail before
	 * they are sent
	 */
	public void setDefaultUser(@Nullable String key) {
		this.defaultUser = key;
	}

	/**
	 * Remove a user and stop renewing its token. Its session ends when the token expires.
	 * @param key the user's key
	 * @return whether there was such a user
	 */
	public boolean remove(String key) {
		this.changes.lock();
		try {
			User removed = this.users.remove(key);
			if (removed != null) {
				removed.provider().close();
				this.listeners.forEach((listener) -> listener.removed(key, removed.provider()));
			}
			return removed != null;
		}
		finally {
			this.changes.unlock();
		}
	}

	/**
	 * Add a listener to the users that are added and removed, and tell it at once of
	 * those that exist.
	 * @param listener the listener
	 */
	public void addListener(Listener listener) {
		Assert.notNull(listener, "Listener must not be null");
		this.changes.lock();
		try {
			this.listeners.add(listener);
			this.users.forEach((key, user) -> listener.added(key, user.provider()));
		}
		finally {
			this.changes.unlock();
		}
	}

	/**
	 * Return the keys of the users, in order.
	 * @return the keys
	 */
	public Set<String> keys() {
		return new TreeSet<>(this.users.keySet());
	}

	/**
	 * Return a user's token provider.
	 * @param key the user's key
	 * @return the provider
	 * @throws IllegalArgumentException when there is no such user
	 */
	public RenewingTokenProvider getTokenProvider(String key) {
		return user(key).provider();
	}

	/**
	 * Return the interceptor that puts a user's token on requests to Tradovate, for a
	 * {@code RestClient} of that user alone.
	 * @param key the user's key
	 * @return the interceptor
	 * @throws IllegalArgumentException when there is no such user
	 */
	public TradovateBearerTokenInterceptor interceptor(String key) {
		return user(key).interceptor();
	}

	/**
	 * Return the interceptor that puts on each request to Tradovate the token of the user
	 * that its {@link #USER_ATTRIBUTE} names, or of the {@link #setDefaultUser default
	 * user} when it names none; a request to Tradovate without a known user fails before
	 * it is sent. Requests to other hosts pass untouched.
	 * @return the interceptor
	 */
	public ClientHttpRequestInterceptor interceptor() {
		return this.byAttribute;
	}

	/**
	 * Return the network address's share of Tradovate's limits, which every user draws
	 * on.
	 * @return the network
	 */
	public AuthNetwork getNetwork() {
		return this.network;
	}

	/**
	 * Return whether the users fit the network address's hourly limit of renewals, with
	 * the renewal margin and limits of their providers and tokens of Tradovate's
	 * lifetime, and what to change when they do not.
	 * @return the report
	 */
	public RenewalReport getRenewalReport() {
		RenewingTokenProvider any = this.users.values().stream().map(User::provider).findFirst().orElse(null);
		return RenewalReport.forMargin(this.users.size(),
				(any != null) ? any.renewalSchedule.getMargin() : Duration.ofMinutes(15),
				(any != null) ? any.budget.getLimits() : AuthLimits.TRADOVATE);
	}

	/**
	 * Once for each addition that leaves the users beyond what the renewals carry, not
	 * per request.
	 */
	private void warnWhenRenewalsDoNotFit() {
		RenewalReport report = getRenewalReport();
		if (!report.fits()) {
			logger.warn(report.message());
		}
	}

	/** Stop renewing every user's token. */
	@Override
	public void close() {
		this.users.keySet().forEach(this::remove);
	}

	private ClientHttpResponse interceptByAttribute(HttpRequest request, byte[] body,
			ClientHttpRequestExecution execution) throws IOException {
		Object named = request.getAttributes().get(USER_ATTRIBUTE);
		String key = (named != null) ? named.toString() : this.defaultUser;
		TradovateBearerTokenInterceptor interceptor = (key != null) ? user(key).interceptor() : this.unnamed;
		return interceptor.intercept(request, body, execution);
	}

	private User user(String key) {
		User user = this.users.get(key);
		if (user == null) {
			throw unknown(key);
		}
		return user;
	}

	private IllegalArgumentException unknown(@Nullable String key) {
		String known = "known users: " + keys();
		return new IllegalArgumentException((key != null) ? "No Tradovate user of key '" + key + "' (" + known + ")"
				: "A request to Tradovate must name its user with the request attribute TradovateUsers.USER_ATTRIBUTE ("
						+ known + ")");
	}

	private record User(RenewingTokenProvider provider, TradovateBearerTokenInterceptor interceptor) {

	}

	/**
	 * Told of the users that are added and removed, such as to keep meters or health per
	 * user. It runs on the thread that adds or removes, one change at a time and in the
	 * order of the changes, and must be quick.
	 */
	public interface Listener {

		/**
		 * A user was added.
		 * @param key the user's key
		 * @param provider the user's provider
		 */
		default void added(String key, RenewingTokenProvider provider) {
		}

		/**
		 * A user was removed, and its provider closed.
		 * @param key the user's key
		 * @param provider the user's provider
		 */
		default void removed(String key, RenewingTokenProvider provider) {
		}

	}

	/** The provider of a request to Tradovate that names no user. */
	private final class UnnamedUser implements TokenProvider {

		@Override
		public AccessToken getToken() {
			throw unknown(null);
		}

		@Override
		public void invalidate(AccessToken token) {
		}

	}

}
