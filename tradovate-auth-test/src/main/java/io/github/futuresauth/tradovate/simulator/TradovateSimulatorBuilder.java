package io.github.futuresauth.tradovate.simulator;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * Builder for a {@link TradovateSimulator}, created by
 * {@link TradovateSimulator#builder()}.
 */
public final class TradovateSimulatorBuilder {

	private static final long FIRST_USER_ID = 2_600_001L;

	private static final long FIRST_ACCOUNT_ID = 1_800_001L;

	private static final Duration ACCOUNT_AGE = Duration.ofDays(30);

	private int port;

	private Clock clock;

	private Duration tokenLifetime = Duration.ofMinutes(90);

	private int sessionLimit = 2;

	private Duration serverClockOffset = Duration.ZERO;

	private boolean rateLimits = true;

	private boolean adminApi;

	private Consumer<RecordedRequest> requestListener = (request) -> {
	};

	private final Map<EndpointLimits.Endpoint, Integer> hourlyLimits = new EnumMap<>(Map
		.of(EndpointLimits.Endpoint.LOGIN, 5, EndpointLimits.Endpoint.RENEWAL, 15, EndpointLimits.Endpoint.ME, 10));

	private final Map<String, UserDefinition> users = new LinkedHashMap<>();

	private final Map<String, SimulatedOAuth.Client> oauthClients = new LinkedHashMap<>();

	private Duration oauthRefreshTokenLifetime;

	private boolean oauthTokenRenewal = true;

	TradovateSimulatorBuilder() {
	}

	/**
	 * Set the port to listen on, on 127.0.0.1. Defaults to {@code 0}, a free port chosen
	 * by the operating system.
	 * @param port the port
	 * @return this builder
	 */
	public TradovateSimulatorBuilder port(int port) {
		if (port < 0 || port > 65535) {
			throw new IllegalArgumentException("'port' must be between 0 and 65535, but was " + port);
		}
		this.port = port;
		return this;
	}

	/**
	 * Set the clock that token expiry and penalties are measured with. Defaults to a new
	 * {@link MutableClock} at the current instant.
	 * @param clock the clock
	 * @return this builder
	 */
	public TradovateSimulatorBuilder clock(Clock clock) {
		this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
		return this;
	}

	/**
	 * Set how long an access token is valid after it was issued. Defaults to 90 minutes.
	 * @param lifetime the token lifetime
	 * @return this builder
	 */
	public TradovateSimulatorBuilder tokenLifetime(Duration lifetime) {
		Objects.requireNonNull(lifetime, "'lifetime' must not be null");
		if (lifetime.isNegative() || lifetime.isZero()) {
			throw new IllegalArgumentException("'lifetime' must be positive");
		}
		this.tokenLifetime = lifetime;
		return this;
	}

	/**
	 * Register a user that may log in with any {@code appId} and {@code sec}.
	 * @param name the user name
	 * @param password the password
	 * @return this builder
	 */
	public TradovateSimulatorBuilder user(String name, String password) {
		return user(name, password, null, null);
	}

	/**
	 * Register a user. When {@code appId} or {@code sec} is not {@code null}, a login
	 * must carry the same value.
	 * @param name the user name
	 * @param password the password
	 * @param appId the application id a login must carry, or {@code null}
	 * @param sec the API secret a login must carry, or {@code null}
	 * @return this builder
	 */
	public TradovateSimulatorBuilder user(String name, String password, String appId, String sec) {
		return addUser(new UserDefinition(name, password, appId, sec, null));
	}

	/**
	 * Register a user who logs in with an API key, as Tradovate checks it: a login must
	 * carry the name, the password and all four fields of the key ({@code appId},
	 * {@code appVersion}, {@code cid}, {@code sec}).
	 * @param name the user name
	 * @param password the password
	 * @param apiKey the API key
	 * @return this builder
	 */
	public TradovateSimulatorBuilder user(String name, String password, ApiKey apiKey) {
		Objects.requireNonNull(apiKey, "'apiKey' must not be null");
		return addUser(new UserDefinition(name, password, null, null, apiKey));
	}

	private TradovateSimulatorBuilder addUser(UserDefinition user) {
		if (user.name() == null || user.name().isBlank()) {
			throw new IllegalArgumentException("'name' must not be blank");
		}
		if (user.password() == null || user.password().isEmpty()) {
			throw new IllegalArgumentException("'password' must not be empty");
		}
		if (this.users.containsKey(user.name())) {
			throw new IllegalArgumentException("A user named '" + user.name() + "' is already registered");
		}
		this.users.put(user.name(), user);
		return this;
	}

	/**
	 * Register an OAuth application, which may send users to the {@link SimulatedOAuth
	 * authorize page} and exchange their codes at {@code /auth/oauthtoken}.
	 * @param clientId the client id
	 * @param clientSecret the client secret
	 * @param redirectUris the redirect URIs the application may use, at least one; an
	 * authorization's {@code redirect_uri} must equal one of them exactly
	 * @return this builder
	 */
	public TradovateSimulatorBuilder oauthClient(String clientId, String clientSecret, URI... redirectUris) {
		if (clientId == null || clientId.isBlank()) {
			throw new IllegalArgumentException("'clientId' must not be blank");
		}
		if (clientSecret == null || clientSecret.isEmpty()) {
			throw new IllegalArgumentException("'clientSecret' must not be empty");
		}
		if (redirectUris == null || redirectUris.length == 0) {
			throw new IllegalArgumentException("'redirectUris' must name at least one redirect URI");
		}
		if (this.oauthClients.containsKey(clientId)) {
			throw new IllegalArgumentException("An OAuth client '" + clientId + "' is already registered");
		}
		List<String> uris = new ArrayList<>();
		for (URI uri : redirectUris) {
			Objects.requireNonNull(uri, "'redirectUris' must not contain null");
			if (!uri.isAbsolute() || uri.getRawFragment() != null) {
				throw new IllegalArgumentException(
						"A redirect URI must be absolute and without a fragment, but was '" + uri + "'");
			}
			uris.add(uri.toString());
		}
		this.oauthClients.put(clientId, new SimulatedOAuth.Client(clientId, clientSecret, List.copyOf(uris)));
		return this;
	}

	/**
	 * Issue OAuth refresh tokens that are valid for the given time, with every access
	 * token from {@code /auth/oauthtoken}, and accept {@code grant_type=refresh_token}.
	 * Off by default: Tradovate's older schema has no refresh token, so a client must not
	 * count on one.
	 * @param lifetime how long a refresh token is valid
	 * @return this builder
	 */
	public TradovateSimulatorBuilder oauthRefreshTokens(Duration lifetime) {
		Objects.requireNonNull(lifetime, "'lifetime' must not be null");
		if (lifetime.isNegative() || lifetime.isZero()) {
			throw new IllegalArgumentException("'lifetime' must be positive");
		}
		this.oauthRefreshTokenLifetime = lifetime;
		return this;
	}

	/**
	 * Set whether {@code /auth/renewaccesstoken} renews access tokens issued by
	 * {@code /auth/oauthtoken}, which Tradovate does not document. When it does not, such
	 * a renewal is refused with 401, like one with an invalid token. Defaults to
	 * {@code true}.
	 * @param accepted whether to renew OAuth access tokens
	 * @return this builder
	 * @see SimulatedOAuth#acceptTokenRenewal(boolean)
	 */
	public TradovateSimulatorBuilder oauthTokenRenewal(boolean accepted) {
		this.oauthTokenRenewal = accepted;
		return this;
	}

	/**
	 * Set how many sessions a user may hold at once. A login or
	 * {@link TradovateSimulator#openSessionElsewhere(String) web login} beyond it closes
	 * the user's oldest session. Defaults to 2, like the real service.
	 * @param limit the session limit
	 * @return this builder
	 */
	public TradovateSimulatorBuilder sessionLimit(int limit) {
		if (limit < 1) {
			throw new IllegalArgumentException("'limit' must be positive, but was " + limit);
		}
		this.sessionLimit = limit;
		return this;
	}

	/**
	 * Put server time ahead of the simulator's clock (a positive offset) or behind it (a
	 * negative one). Defaults to zero.
	 * @param offset how far server time is ahead of the simulator's clock
	 * @return this builder
	 * @see TradovateSimulator#setServerClockOffset(Duration)
	 */
	public TradovateSimulatorBuilder serverClockOffset(Duration offset) {
		this.serverClockOffset = Objects.requireNonNull(offset, "'offset' must not be null");
		return this;
	}

	/**
	 * Switch Tradovate's hourly endpoint limits on or off. On by default. The limits are
	 * counted per caller address in a rolling hour of server time: the remote IP address,
	 * or the first entry of an {@code X-Forwarded-For} header, so that one machine can
	 * play several networks in a test. Beyond the login limit a login is answered with a
	 * time penalty ({@code p-ticket}, {@code p-time} of 15 seconds, doubling with every
	 * further violation within the hour), journaled as
	 * {@link RequestKind#LOGIN_RATE_LIMITED}; beyond the renewal and {@code /auth/me}
	 * limits a call is answered with 429, an empty body and {@code Retry-After} (15 and
	 * 30 seconds, doubling likewise), journaled as {@link RequestKind#RATE_LIMITED}.
	 * @param enabled whether to enforce the limits
	 * @return this builder
	 */
	public TradovateSimulatorBuilder rateLimits(boolean enabled) {
		this.rateLimits = enabled;
		return this;
	}

	/**
	 * Set how many failed logins (refused or penalized) a caller address may make in an
	 * hour before its logins are penalized. Defaults to 5, like the real service.
	 * @param failedLoginsPerHour the limit
	 * @return this builder
	 * @see #rateLimits(boolean)
	 */
	public TradovateSimulatorBuilder loginLimit(int failedLoginsPerHour) {
		return hourlyLimit(EndpointLimits.Endpoint.LOGIN, "failedLoginsPerHour", failedLoginsPerHour);
	}

	/**
	 * Set how many renewals, successful or not, a caller address may make in an hour
	 * before its renewals are refused with 429. Defaults to 15, like the real service.
	 * @param renewalsPerHour the limit
	 * @return this builder
	 * @see #rateLimits(boolean)
	 */
	public TradovateSimulatorBuilder renewalLimit(int renewalsPerHour) {
		return hourlyLimit(EndpointLimits.Endpoint.RENEWAL, "renewalsPerHour", renewalsPerHour);
	}

	/**
	 * Set how many failed {@code /auth/me} calls a caller address may make in an hour
	 * before its calls are refused with 429. Defaults to 10, like the real service.
	 * @param failedCallsPerHour the limit
	 * @return this builder
	 * @see #rateLimits(boolean)
	 */
	public TradovateSimulatorBuilder meLimit(int failedCallsPerHour) {
		return hourlyLimit(EndpointLimits.Endpoint.ME, "failedCallsPerHour", failedCallsPerHour);
	}

	private TradovateSimulatorBuilder hourlyLimit(EndpointLimits.Endpoint endpoint, String name, int limit) {
		if (limit < 1) {
			throw new IllegalArgumentException("'" + name + "' must be positive, but was " + limit
					+ "; to switch the limits off, use rateLimits(false)");
		}
		this.hourlyLimits.put(endpoint, limit);
		return this;
	}

	/**
	 * Serve the admin API under {@code /admin/} on the same port, for driving the
	 * simulator by hand or from another process: sessions and the journal (without
	 * tokens) to read, and faults, penalties, sessions, the clock and reset to change.
	 * Off by default; {@link TradovateSimulatorApplication} switches it on.
	 * @param enabled whether to serve the admin API
	 * @return this builder
	 */
	public TradovateSimulatorBuilder adminApi(boolean enabled) {
		this.adminApi = enabled;
		return this;
	}

	/**
	 * Tell the given listener of every request once it has been journaled, on the thread
	 * that answers it.
	 * @param listener the listener
	 * @return this builder
	 */
	TradovateSimulatorBuilder requestListener(Consumer<RecordedRequest> listener) {
		this.requestListener = Objects.requireNonNull(listener, "'listener' must not be null");
		return this;
	}

	/**
	 * Build a simulator that is not started yet. The builder can be used again to build
	 * another, independent simulator.
	 * @return the simulator
	 */
	public TradovateSimulator build() {
		return new TradovateSimulator(this);
	}

	/**
	 * Build a simulator and start it.
	 * @return the started simulator
	 */
	public TradovateSimulator start() {
		return build().start();
	}

	// Read by the simulator when it is built. Collections are copies, so that changing
	// the builder afterwards leaves a simulator built before as it was.

	int port() {
		return this.port;
	}

	@Nullable Clock clock() {
		return this.clock;
	}

	Duration tokenLifetime() {
		return this.tokenLifetime;
	}

	int sessionLimit() {
		return this.sessionLimit;
	}

	Duration serverClockOffset() {
		return this.serverClockOffset;
	}

	/**
	 * Return the hourly endpoint limits to enforce: none when they are switched off.
	 * @return the limits
	 */
	Map<EndpointLimits.Endpoint, Integer> hourlyLimits() {
		return (this.rateLimits) ? Map.copyOf(this.hourlyLimits) : Map.of();
	}

	boolean adminApi() {
		return this.adminApi;
	}

	Consumer<RecordedRequest> requestListener() {
		return this.requestListener;
	}

	/**
	 * Return the registered users, numbered in registration order, whose accounts were
	 * opened a while before the given time.
	 * @param now the current server time
	 * @return the users by name, in registration order
	 */
	Map<String, SimulatedUser> users(Instant now) {
		Instant createdAt = now.minus(ACCOUNT_AGE);
		Map<String, SimulatedUser> users = new LinkedHashMap<>();
		long index = 0;
		for (UserDefinition definition : this.users.values()) {
			users.put(definition.name(), new SimulatedUser(definition.name(), definition.password(), definition.appId(),
					definition.sec(), definition.apiKey(), FIRST_USER_ID + index, FIRST_ACCOUNT_ID + index, createdAt));
			index++;
		}
		return users;
	}

	List<SimulatedOAuth.Client> oauthClients() {
		return List.copyOf(this.oauthClients.values());
	}

	@Nullable Duration oauthRefreshTokenLifetime() {
		return this.oauthRefreshTokenLifetime;
	}

	boolean oauthTokenRenewal() {
		return this.oauthTokenRenewal;
	}

	private record UserDefinition(String name, String password, String appId, String sec, ApiKey apiKey) {

		@Override
		public String toString() {
			return "UserDefinition[name=" + this.name + "]";
		}

	}

}
