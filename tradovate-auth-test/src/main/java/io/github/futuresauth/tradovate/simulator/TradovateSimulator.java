package io.github.futuresauth.tradovate.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;

/**
 * An HTTP server on the loopback interface that behaves like Tradovate's authentication API,
 * for tests and local runs.
 *
 * <p>It serves {@code POST /v1/auth/accesstokenrequest}, {@code GET /v1/auth/renewaccesstoken},
 * {@code GET /v1/auth/me}, and the bearer-protected {@code GET /v1/account/list} and
 * {@code GET /v1/user/list}. Like the real service it answers failed logins with HTTP 200 and an
 * {@code errorText}, lets a user hold a limited number of sessions and closes the oldest when a
 * login exceeds the limit, and refuses tokens that are unknown, expired or belong to a closed
 * session with 401. Time is read from a {@link Clock}, by default a {@link MutableClock}, so that
 * tests can cross token expiry and login penalties without waiting.
 *
 * <p>Penalties ({@link #penalizeNextLogin(Duration)}, {@link #requireCaptchaOnNextLogin()}) and
 * faults ({@link #failNext(int, int)}, {@link #delayNext(int, Duration)}, {@link #dropNext(int)})
 * simulate what a client has to survive. Every request is recorded in the {@link #journal()}.
 *
 * <p>Typical use in a test: <pre class="code">
 * try (TradovateSimulator simulator = TradovateSimulator.builder().user("trader", "s3cret").start()) {
 *     URI baseUrl = simulator.baseUrl(); // http://127.0.0.1:{port}/v1
 *     // ... exercise the client ...
 *     assertThat(simulator.journal().logins()).isEqualTo(1);
 * }
 * </pre>
 *
 * <p>The simulator is thread-safe and never logs passwords, secrets or tokens.
 *
 * @see TradovateSimulatorExtension
 * @see TradovateSimulatorApplication
 */
public final class TradovateSimulator implements AutoCloseable {

	/**
	 * The name of the user registered when nothing else is configured, by
	 * {@link TradovateSimulatorExtension} and {@link TradovateSimulatorApplication}.
	 */
	public static final String DEFAULT_USER_NAME = "trader";

	/**
	 * The password of the {@link #DEFAULT_USER_NAME default user}.
	 */
	public static final String DEFAULT_PASSWORD = "s3cret-password";

	/**
	 * Room for a burst of concurrent connections beyond the usual default of 50.
	 */
	private static final int BACKLOG = 256;

	private static final long FIRST_USER_ID = 2_600_001L;

	private static final long FIRST_ACCOUNT_ID = 1_800_001L;

	private static final Duration ACCOUNT_AGE = Duration.ofDays(30);

	private static final System.Logger logger = System.getLogger(TradovateSimulator.class.getName());

	private final Object lifecycleMonitor = new Object();

	private final int requestedPort;

	private final Clock clock;

	private final SimulatedUser firstUser;

	private final Journal journal = new Journal();

	private final FaultQueue faults = new FaultQueue();

	private final AuthenticationState state;

	private final AtomicLong resets = new AtomicLong();

	private final SimulatedWebSockets webSockets;

	private HttpServer server;

	private ExecutorService executor;

	private boolean closed;

	private TradovateSimulator(Builder builder) {
		this.requestedPort = builder.port;
		this.clock = (builder.clock != null) ? builder.clock : new MutableClock();
		Instant createdAt = this.clock.instant().minus(ACCOUNT_AGE);
		Map<String, SimulatedUser> users = new LinkedHashMap<>();
		long index = 0;
		for (UserDefinition definition : builder.users.values()) {
			users.put(definition.name(), new SimulatedUser(definition.name(), definition.password(), definition.appId(),
					definition.sec(), FIRST_USER_ID + index, FIRST_ACCOUNT_ID + index, createdAt));
			index++;
		}
		this.firstUser = users.values().stream().findFirst().orElse(null);
		this.state = new AuthenticationState(this.clock, builder.tokenLifetime, builder.sessionLimit, users,
				this.journal);
		this.webSockets = new SimulatedWebSockets(this.state);
	}

	/**
	 * Return a builder for a simulator.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Start serving requests.
	 * @return this simulator
	 * @throws IllegalStateException if the simulator was already started or closed
	 * @throws UncheckedIOException if the port cannot be bound
	 */
	public TradovateSimulator start() {
		synchronized (this.lifecycleMonitor) {
			if (this.server != null || this.closed) {
				throw new IllegalStateException("A simulator can only be started once");
			}
			try {
				HttpServer server = HttpServer.create(new InetSocketAddress(loopbackAddress(), this.requestedPort),
						BACKLOG);
				// The default executor is the single dispatcher thread, which would serialize
				// concurrent logins and let one delayed request hold up all others.
				ExecutorService executor = Executors.newCachedThreadPool(new SimulatorThreadFactory());
				server.setExecutor(executor);
				server.createContext("/", new SimulatorHttpHandler(this.clock, this.state, this.faults, this.journal,
						this.resets::get));
				server.start();
				this.server = server;
				this.executor = executor;
				this.webSockets.start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Failed to start the Tradovate simulator on port " + this.requestedPort,
						ex);
			}
		}
		logger.log(System.Logger.Level.DEBUG, () -> "Tradovate simulator started at " + baseUrl());
		return this;
	}

	/**
	 * Stop serving requests. Requests still waiting for a {@link #delayNext(int, Duration)
	 * delay} are dropped. Does nothing when the simulator is already closed.
	 */
	@Override
	public void close() {
		synchronized (this.lifecycleMonitor) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			if (this.server != null) {
				this.server.stop(0);
				this.executor.shutdownNow();
				this.webSockets.stop();
			}
		}
	}

	/**
	 * Return the base URL of the API, without a trailing slash, for example
	 * {@code http://127.0.0.1:54321/v1}.
	 * @return the base URL
	 * @throws IllegalStateException if the simulator has not been started
	 */
	public URI baseUrl() {
		return URI.create("http://127.0.0.1:" + port() + "/v1");
	}

	/**
	 * Return the port the simulator listens on.
	 * @return the port
	 * @throws IllegalStateException if the simulator has not been started
	 */
	public int port() {
		synchronized (this.lifecycleMonitor) {
			if (this.server == null) {
				throw new IllegalStateException("The simulator has not been started");
			}
			return this.server.getAddress().getPort();
		}
	}

	/**
	 * Return the clock that token expiry and penalties are measured with.
	 * @return the clock
	 */
	public Clock clock() {
		return this.clock;
	}

	/**
	 * Move the simulator's clock forward.
	 * @param duration how far to move
	 * @throws IllegalStateException if the clock is not a {@link MutableClock}
	 */
	public void advance(Duration duration) {
		if (!(this.clock instanceof MutableClock mutableClock)) {
			throw new IllegalStateException("Only a MutableClock can be advanced, the simulator uses " + this.clock);
		}
		mutableClock.advance(duration);
	}

	/**
	 * Answer the next login with a time penalty: HTTP 200 with {@code p-ticket},
	 * {@code p-time} (whole seconds, rounded up) and {@code "p-captcha": false}. From then on
	 * every login is penalized again, with a new ticket, until one carries the latest ticket in
	 * its {@code p-ticket} field after {@code p-time} has passed by the simulator's clock. Like
	 * the real penalty it applies to every login, whichever user it is for.
	 * @param wait how long the client has to wait
	 */
	public void penalizeNextLogin(Duration wait) {
		Objects.requireNonNull(wait, "'wait' must not be null");
		if (wait.isNegative()) {
			throw new IllegalArgumentException("'wait' must not be negative");
		}
		this.state.penalizeNextLogin(wait);
	}

	/**
	 * Answer the next login with a penalty that requires a captcha: HTTP 200 with
	 * {@code p-ticket}, {@code "p-time": 3600} and {@code "p-captcha": true}. No API client can
	 * clear it, so the ticket is never accepted; only that one login is answered this way,
	 * which lets a test check that the client gave up instead of retrying.
	 */
	public void requireCaptchaOnNextLogin() {
		this.state.requireCaptchaOnNextLogin();
	}

	/**
	 * Answer the next requests, to any path, with the given status instead of calling the
	 * endpoint. A 429 has an empty body, like the real one; other statuses carry a short text
	 * body. Faults apply in the order they were added.
	 * @param count how many requests to fail
	 * @param httpStatus the status, 400 to 599
	 */
	public void failNext(int count, int httpStatus) {
		if (httpStatus < 400 || httpStatus > 599) {
			throw new IllegalArgumentException(
					"'httpStatus' must be an error status, 400 to 599, but was " + httpStatus);
		}
		addFault(count, new FaultQueue.Failure(httpStatus));
	}

	/**
	 * Hold the next requests, to any path, for the given time before answering them normally.
	 * The delay is real, for client read-timeout tests; a request the client gave up on is
	 * still processed, so a delayed login still opens a session, as it would on the real
	 * service. Faults apply in the order they were added.
	 * @param count how many requests to delay
	 * @param delay how long to hold each of them
	 */
	public void delayNext(int count, Duration delay) {
		Objects.requireNonNull(delay, "'delay' must not be null");
		if (delay.isNegative()) {
			throw new IllegalArgumentException("'delay' must not be negative");
		}
		addFault(count, new FaultQueue.Delay(delay));
	}

	/**
	 * Close the connection of the next requests, to any path, without answering, so that the
	 * client sees an I/O error. Faults apply in the order they were added. Note that an HTTP
	 * client may send an idempotent request a second time by itself when the connection closes
	 * before any byte of the answer (the JDK {@code HttpClient} does so for a {@code GET}), which
	 * uses up a second dropped request: drop two to make such a {@code GET} fail.
	 * @param count how many requests to drop
	 */
	public void dropNext(int count) {
		addFault(count, new FaultQueue.Drop());
	}

	/**
	 * Return whether faults are waiting for requests, so that tests in this package can tell
	 * that a delayed request has arrived.
	 * @return whether faults are pending
	 */
	boolean hasPendingFaults() {
		return !this.faults.isEmpty();
	}

	private void addFault(int count, FaultQueue.Fault fault) {
		if (count < 1) {
			throw new IllegalArgumentException("'count' must be positive, but was " + count);
		}
		this.faults.add(fault, count);
	}

	/**
	 * Open a session for the given user as a login on the Tradovate web site would. If the user
	 * then holds more sessions than allowed, the oldest is closed.
	 * @param name the user name
	 * @throws IllegalArgumentException if there is no such user
	 */
	public void openSessionElsewhere(String name) {
		this.state.openSessionElsewhere(name);
	}

	/**
	 * Close every session of the given user: all of its tokens are refused with 401 from then
	 * on.
	 * @param name the user name
	 * @throws IllegalArgumentException if there is no such user
	 */
	public void closeAllSessions(String name) {
		this.state.closeAllSessions(name);
	}

	/**
	 * Return the simulator's WebSockets: their URLs, faults and counts.
	 * @return the WebSockets
	 */
	public SimulatedWebSockets webSockets() {
		return this.webSockets;
	}

	/**
	 * Return the journal of requests and sessions.
	 * @return the journal
	 */
	public Journal journal() {
		return this.journal;
	}

	/**
	 * Forget everything that happened: clear the journal, pending faults and penalties, and all
	 * sessions and tokens. Requests still held by {@link #delayNext(int, Duration)} are dropped
	 * unanswered. Users, the clock and the server are kept.
	 */
	public void reset() {
		this.resets.incrementAndGet();
		this.faults.clear();
		this.state.reset();
		this.journal.clear();
		this.webSockets.reset();
	}

	/**
	 * Return Spring Boot properties that point an application at this simulator, as the first
	 * registered user: {@code tradovate.base-url}, {@code tradovate.websocket.url},
	 * {@code tradovate.websocket.market-data-url}, {@code tradovate.name},
	 * {@code tradovate.password}, and {@code tradovate.app-id} and {@code tradovate.sec} when
	 * that user has them. Suitable for {@code ApplicationContextRunner.withPropertyValues} and
	 * {@code TestPropertyValues.of}.
	 * @return {@code key=value} pairs
	 * @throws IllegalStateException if the simulator has not been started
	 */
	public String[] springProperties() {
		return springPropertyMap().entrySet()
			.stream()
			.map((entry) -> entry.getKey() + "=" + entry.getValue())
			.toArray(String[]::new);
	}

	/**
	 * Return the {@link #springProperties() Spring Boot properties} as a map, for example for
	 * {@code @DynamicPropertySource}.
	 * @return the properties, in a stable order
	 * @throws IllegalStateException if the simulator has not been started
	 */
	public Map<String, Object> springPropertyMap() {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("tradovate.base-url", baseUrl().toString());
		properties.put("tradovate.websocket.url", this.webSockets.tradingUrl().toString());
		properties.put("tradovate.websocket.market-data-url", this.webSockets.marketDataUrl().toString());
		if (this.firstUser != null) {
			properties.put("tradovate.name", this.firstUser.name());
			properties.put("tradovate.password", this.firstUser.password());
			if (this.firstUser.appId() != null) {
				properties.put("tradovate.app-id", this.firstUser.appId());
			}
			if (this.firstUser.sec() != null) {
				properties.put("tradovate.sec", this.firstUser.sec());
			}
		}
		return Collections.unmodifiableMap(properties);
	}

	@Override
	public String toString() {
		synchronized (this.lifecycleMonitor) {
			if (this.closed) {
				return "TradovateSimulator[closed]";
			}
			return "TradovateSimulator[" + ((this.server != null) ? "listening at " + baseUrl() : "not started") + "]";
		}
	}

	private static InetAddress loopbackAddress() throws UnknownHostException {
		// 127.0.0.1 explicitly: the advertised base URL names it, whatever the IPv6 preference.
		return InetAddress.getByAddress("localhost", new byte[] { 127, 0, 0, 1 });
	}

	/**
	 * Builder for a {@link TradovateSimulator}.
	 */
	public static final class Builder {

		private int port;

		private Clock clock;

		private Duration tokenLifetime = Duration.ofMinutes(90);

		private int sessionLimit = 2;

		private final Map<String, UserDefinition> users = new LinkedHashMap<>();

		private Builder() {
		}

		/**
		 * Set the port to listen on, on 127.0.0.1. Defaults to {@code 0}, a free port chosen
		 * by the operating system.
		 * @param port the port
		 * @return this builder
		 */
		public Builder port(int port) {
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
		public Builder clock(Clock clock) {
			this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
			return this;
		}

		/**
		 * Set how long an access token is valid after it was issued. Defaults to 90 minutes.
		 * @param lifetime the token lifetime
		 * @return this builder
		 */
		public Builder tokenLifetime(Duration lifetime) {
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
		public Builder user(String name, String password) {
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
		public Builder user(String name, String password, String appId, String sec) {
			if (name == null || name.isBlank()) {
				throw new IllegalArgumentException("'name' must not be blank");
			}
			if (password == null || password.isEmpty()) {
				throw new IllegalArgumentException("'password' must not be empty");
			}
			if (this.users.containsKey(name)) {
				throw new IllegalArgumentException("A user named '" + name + "' is already registered");
			}
			this.users.put(name, new UserDefinition(name, password, appId, sec));
			return this;
		}

		/**
		 * Set how many sessions a user may hold at once. A login or
		 * {@link TradovateSimulator#openSessionElsewhere(String) web login} beyond it closes
		 * the user's oldest session. Defaults to 2, like the real service.
		 * @param limit the session limit
		 * @return this builder
		 */
		public Builder sessionLimit(int limit) {
			if (limit < 1) {
				throw new IllegalArgumentException("'limit' must be positive, but was " + limit);
			}
			this.sessionLimit = limit;
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

	}

	private record UserDefinition(String name, String password, String appId, String sec) {

		@Override
		public String toString() {
			return "UserDefinition[name=" + this.name + "]";
		}

	}

	private static final class SimulatorThreadFactory implements ThreadFactory {

		private static final AtomicInteger simulatorCount = new AtomicInteger();

		private final int simulatorNumber = simulatorCount.incrementAndGet();

		private final AtomicInteger threadCount = new AtomicInteger();

		@Override
		public Thread newThread(Runnable task) {
			Thread thread = new Thread(task,
					"tradovate-simulator-" + this.simulatorNumber + "-" + this.threadCount.incrementAndGet());
			// Never keep a test JVM alive.
			thread.setDaemon(true);
			return thread;
		}

	}

}
