package io.github.futuresauth.tradovate.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import com.sun.net.httpserver.HttpHandler;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP server on the loopback interface that behaves like Tradovate's authentication
 * API, for tests and local runs.
 *
 * <p>
 * It serves {@code POST /v1/auth/accesstokenrequest},
 * {@code GET /v1/auth/renewaccesstoken}, {@code GET /v1/auth/me}, and the
 * bearer-protected {@code GET /v1/account/list} and {@code GET /v1/user/list}, and
 * Tradovate's OAuth authorization-code flow for registered applications (see
 * {@link #oauth()}). Like the real service it answers failed logins with HTTP 200 and an
 * {@code errorText}, lets a user hold a limited number of sessions and closes the oldest
 * when a login exceeds the limit, refuses requests without a token and tokens that are
 * unknown or expired with 401 and tokens of a closed session with the
 * {@link #closedSessionStatus(int) closed-session status}, and enforces Tradovate's
 * hourly endpoint limits per caller address: on {@code /auth/*} only, so a request
 * without a token to an ordinary endpoint is a free way to ask whether the service is up.
 * Time is read from a {@link Clock}, by default a {@link MutableClock}, so that tests can
 * cross token expiry and login penalties without waiting; server time is that clock plus
 * a {@link #setServerClockOffset(Duration) server clock offset}, and every response
 * carries it as its {@code Date} header.
 *
 * <p>
 * Penalties ({@link #penalizeNextLogin(Duration)}, {@link #requireCaptchaOnNextLogin()}),
 * kicks ({@link #closeSession(String)}, {@link #closeAllSessions(String)}), lock-outs
 * ({@link #rateLimitUser(String, Duration)}, {@link #lockOutLogins(Duration)}) and faults
 * ({@link #failNext(int, int)}, {@link #delayNext(int, Duration)},
 * {@link #dropNext(int)}) simulate what a client has to survive. Every request is
 * recorded in the {@link #journal()}.
 *
 * <p>
 * Typical use in a test: <pre class="code">
 * try (TradovateSimulator simulator = TradovateSimulator.builder().user("trader", "s3cret").start()) {
 *     URI baseUrl = simulator.baseUrl(); // http://127.0.0.1:{port}/v1
 *     // ... exercise the client ...
 *     assertThat(simulator.journal().logins()).isEqualTo(1);
 * }
 * </pre>
 *
 * <p>
 * The simulator is thread-safe and never logs passwords, secrets or tokens.
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
	 * The path of an endpoint that answers a valid token with 401, as Tradovate answers a
	 * user who is not entitled to it: {@code GET /v1/marketDataSubscription/list}.
	 * Journaled as {@link RequestKind#NOT_ENTITLED}.
	 */
	public static final String NOT_ENTITLED_PATH = "/v1/marketDataSubscription/list";

	private static final System.Logger logger = System.getLogger(TradovateSimulator.class.getName());

	private final Object lifecycleMonitor = new Object();

	private final int requestedPort;

	private final Clock clock;

	private final ServerClock serverClock;

	private final Duration initialServerClockOffset;

	private final EndpointLimits limits;

	private final boolean adminApi;

	private final Consumer<RecordedRequest> requestListener;

	private final SimulatedUser firstUser;

	private final Journal journal = new Journal();

	private final FaultQueue faults = new FaultQueue();

	private final AuthenticationState state;

	private final AtomicLong resets = new AtomicLong();

	private final SimulatedWebSockets webSockets;

	private final SimulatedOAuth oauth;

	private LoopbackHttpServer server;

	private boolean closed;

	TradovateSimulator(TradovateSimulatorBuilder builder) {
		this.requestedPort = builder.port();
		this.clock = (builder.clock() != null) ? builder.clock() : new MutableClock();
		this.initialServerClockOffset = builder.serverClockOffset();
		this.serverClock = new ServerClock(this.clock, builder.serverClockOffset());
		this.limits = new EndpointLimits(builder.hourlyLimits());
		this.adminApi = builder.adminApi();
		this.requestListener = builder.requestListener();
		Map<String, SimulatedUser> users = builder.users(this.serverClock.instant());
		this.firstUser = users.values().stream().findFirst().orElse(null);
		this.state = new AuthenticationState(this.serverClock, builder.tokenLifetime(), builder.sessionLimit(), users,
				this.journal, this.limits, builder.oauthTokenRenewal());
		this.webSockets = new SimulatedWebSockets(this.state);
		this.oauth = new SimulatedOAuth(this.serverClock, this.state, this.journal, builder.oauthClients(),
				builder.oauthRefreshTokenLifetime(), this::port);
	}

	/**
	 * Return a builder for a simulator.
	 * @return a new builder
	 */
	public static TradovateSimulatorBuilder builder() {
		return new TradovateSimulatorBuilder();
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
			Map<String, HttpHandler> handlers = new LinkedHashMap<>();
			handlers.put("/", new SimulatorHttpHandler(this.serverClock, this.state, this.limits, this.faults,
					this.journal, this.resets::get, this.requestListener, new OAuthHandler(this.oauth)));
			if (this.adminApi) {
				handlers.put(SimulatorAdminHandler.PATH, new SimulatorAdminHandler(this));
			}
			try {
				this.server = LoopbackHttpServer.start(this.serverClock, this.requestedPort, handlers);
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
	 * Stop serving requests. Requests still waiting for a
	 * {@link #delayNext(int, Duration) delay} are dropped. Does nothing when the
	 * simulator is already closed.
	 */
	@Override
	public void close() {
		synchronized (this.lifecycleMonitor) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			if (this.server != null) {
				this.server.stop();
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
			return this.server.port();
		}
	}

	/**
	 * Return the simulator's clock. Server time, which token expiry, penalties, limits
	 * and the {@code Date} header are measured with, is this clock plus the
	 * {@link #setServerClockOffset(Duration) server clock offset}.
	 * @return the clock
	 */
	public Clock clock() {
		return this.clock;
	}

	/**
	 * Return the current server time: the simulator's clock plus the server clock offset.
	 * @return the server time
	 */
	public Instant serverTime() {
		return this.serverClock.instant();
	}

	/**
	 * Put the server's clock ahead of the simulator's clock (a positive offset) or behind
	 * it (a negative one), for example to test a client whose clock is wrong while
	 * sharing one {@link MutableClock} with it. Everything the server decides, and the
	 * {@code Date} header of every response, uses server time. {@link #reset()} restores
	 * the offset given to the builder.
	 * @param offset how far server time is ahead of the simulator's clock
	 */
	public void setServerClockOffset(Duration offset) {
		this.serverClock.setOffset(Objects.requireNonNull(offset, "'offset' must not be null"));
	}

	/**
	 * Return how far server time is ahead of the simulator's clock.
	 * @return the server clock offset
	 */
	public Duration getServerClockOffset() {
		return this.serverClock.getOffset();
	}

	/**
	 * Set the status that a token of a closed session (closed by
	 * {@link #closeAllSessions(String)}, by a login beyond the session limit or by
	 * {@link #openSessionElsewhere(String)}) is refused with on every bearer-protected
	 * endpoint, {@code /auth/me} and {@code /auth/renewaccesstoken} included: Tradovate
	 * answers such tokens with 401, and sometimes with 408, 429 or a 5xx. Unknown and
	 * expired tokens are always refused with 401, and so is a request without a token, on
	 * every bearer-protected endpoint: that is how a client can tell a dead session from
	 * an outage. A status other than 401 is journaled as
	 * {@link RequestKind#SESSION_CLOSED}; a 429 has an empty body and
	 * {@code Retry-After: 60}, other statuses a short text body. {@link #reset()}
	 * restores 401.
	 * @param status 401, 408, 429, or 500 to 599
	 */
	public void closedSessionStatus(int status) {
		if (status != 401 && status != 408 && status != 429 && (status < 500 || status > 599)) {
			throw new IllegalArgumentException(
					"'status' must be 401, 408, 429, or 500 to 599, the statuses Tradovate refuses a closed session's token with, but was "
							+ status);
		}
		this.state.closedSessionStatus(status);
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
	 * {@code p-time} (whole seconds, rounded up) and {@code "p-captcha": false}. From
	 * then on every login from the caller address that received the penalty is penalized
	 * again, with a new ticket, until one carries the latest ticket in its
	 * {@code p-ticket} field after {@code p-time} has passed in server time. Like the
	 * real penalty it applies to every login from that address, whichever user it is for,
	 * and to no other address.
	 * @param wait how long the client has to wait
	 */
	public void penalizeNextLogin(Duration wait) {
		requireNotNegative(wait, "wait");
		this.state.penalizeNextLogin(wait);
	}

	/**
	 * Answer the next login with a penalty that requires a captcha: HTTP 200 with
	 * {@code p-ticket}, {@code "p-time": 3600} and {@code "p-captcha": true}. No API
	 * client can clear it, so the ticket is never accepted; only that one login is
	 * answered this way, which lets a test check that the client gave up instead of
	 * retrying.
	 */
	public void requireCaptchaOnNextLogin() {
		this.state.requireCaptchaOnNextLogin();
	}

	/**
	 * Refuse every request of the given user with HTTP 429 and an empty body, without a
	 * {@code Retry-After}, for the given period of server time, as Tradovate does when a
	 * user-level limit was hit: requests with any access token of the user (valid,
	 * expired or of a closed session) to any endpoint, {@code /auth/*} included, and
	 * logins of the user; on the simulated WebSockets, authorizations with such a token
	 * and requests on sockets the user authorized get {@code {"s":429,"i":<id>}}. HTTP
	 * refusals are journaled as {@link RequestKind#USER_RATE_LIMITED}; none of them
	 * counts towards the endpoint limits. Requests without a token are still answered
	 * 401, and other users are not affected. A period of zero lifts the limit;
	 * {@link #reset()} lifts it too.
	 * @param name the user name
	 * @param period how long the user's requests are refused, from now on
	 * @throws IllegalArgumentException if there is no such user
	 */
	public void rateLimitUser(String name, Duration period) {
		rateLimitUser(name, period, null);
	}

	/**
	 * Refuse every request of the given user with HTTP 429 for the given period, like
	 * {@link #rateLimitUser(String, Duration)}, each 429 carrying the given
	 * {@code Retry-After} (whole seconds, rounded up). The header says what it is given,
	 * not what is left of the period, so that a test can tell a client that trusts the
	 * header from one that guesses.
	 * @param name the user name
	 * @param period how long the user's requests are refused, from now on
	 * @param retryAfter the {@code Retry-After} of each 429, or {@code null} for none
	 * @throws IllegalArgumentException if there is no such user
	 */
	public void rateLimitUser(String name, Duration period, @Nullable Duration retryAfter) {
		Objects.requireNonNull(name, "'name' must not be null");
		requireNotNegative(period, "period");
		if (retryAfter != null) {
			requireNotNegative(retryAfter, "retryAfter");
		}
		this.state.rateLimitUser(name, this.serverClock.instant().plus(period), retryAfter);
	}

	/**
	 * Refuse every login, of any user from any address, with HTTP 423 and an empty body
	 * for the given period of server time, as Tradovate does after a reCAPTCHA lock-out.
	 * Journaled as {@link RequestKind#LOGIN_LOCKED_OUT}; the refusals do not count
	 * towards the failed-login limit. Other requests are answered as usual. A period of
	 * zero ends a lock-out for a period; {@link #reset()} ends every lock-out.
	 * @param period how long logins are refused, from now on
	 */
	public void lockOutLogins(Duration period) {
		requireNotNegative(period, "period");
		this.state.lockOutLoginsUntil(this.serverClock.instant().plus(period));
	}

	/**
	 * Refuse the next logins, of any user from any address, with HTTP 423 and an empty
	 * body, like {@link #lockOutLogins(Duration)}. Counts add up.
	 * @param count how many logins to refuse
	 */
	public void lockOutNextLogins(int count) {
		if (count < 1) {
			throw new IllegalArgumentException("'count' must be positive, but was " + count);
		}
		this.state.lockOutNextLogins(count);
	}

	private static void requireNotNegative(Duration duration, String name) {
		Objects.requireNonNull(duration, "'" + name + "' must not be null");
		if (duration.isNegative()) {
			throw new IllegalArgumentException("'" + name + "' must not be negative");
		}
	}

	/**
	 * Answer the next requests, to any path, with the given status instead of calling the
	 * endpoint. A 429 has an empty body and {@code Retry-After: 60}, like the real one;
	 * other statuses carry a short text body. Faults apply in the order they were added.
	 * @param count how many requests to fail
	 * @param httpStatus the status, 400 to 599
	 */
	public void failNext(int count, int httpStatus) {
		if (httpStatus < 400 || httpStatus > 599) {
			throw new IllegalArgumentException(
					"'httpStatus' must be an error status, 400 to 599, but was " + httpStatus);
		}
		addFault(count, new FaultQueue.Failure(httpStatus, null));
	}

	/**
	 * Answer the next requests, to any path, with a 429 or 503 that carries the given
	 * {@code Retry-After} (in whole seconds, rounded up). Faults apply in the order they
	 * were added.
	 * @param count how many requests to fail
	 * @param httpStatus 429 or 503
	 * @param retryAfter how long the client is told to wait
	 */
	public void failNext(int count, int httpStatus, Duration retryAfter) {
		if (httpStatus != 429 && httpStatus != 503) {
			throw new IllegalArgumentException("'httpStatus' must be 429 or 503 to carry a Retry-After, but was "
					+ httpStatus + "; use failNext(count, httpStatus) for other statuses");
		}
		requireNotNegative(retryAfter, "retryAfter");
		addFault(count, new FaultQueue.Failure(httpStatus, retryAfter));
	}

	/**
	 * Hold the next requests, to any path, for the given time before answering them
	 * normally. The delay is real, for client read-timeout tests; a request the client
	 * gave up on is still processed, so a delayed login still opens a session, as it
	 * would on the real service. Faults apply in the order they were added.
	 * @param count how many requests to delay
	 * @param delay how long to hold each of them
	 */
	public void delayNext(int count, Duration delay) {
		requireNotNegative(delay, "delay");
		addFault(count, new FaultQueue.Delay(delay));
	}

	/**
	 * Close the connection of the next requests, to any path, without answering, so that
	 * the client sees an I/O error. Faults apply in the order they were added. Note that
	 * an HTTP client may send an idempotent request a second time by itself when the
	 * connection closes before any byte of the answer (the JDK {@code HttpClient} does so
	 * for a {@code GET}), which uses up a second dropped request: drop two to make such a
	 * {@code GET} fail.
	 * @param count how many requests to drop
	 */
	public void dropNext(int count) {
		addFault(count, new FaultQueue.Drop());
	}

	/**
	 * Return whether faults are waiting for requests, so that tests in this package can
	 * tell that a delayed request has arrived.
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
	 * Open a session for the given user as a login on the Tradovate web site would. If
	 * the user then holds more sessions than allowed, the oldest is closed.
	 * @param name the user name
	 * @throws IllegalArgumentException if there is no such user
	 */
	public void openSessionElsewhere(String name) {
		this.state.openSessionElsewhere(name);
	}

	/**
	 * Close every session of the given user: all of its tokens are refused with the
	 * {@link #closedSessionStatus(int) closed-session status}, 401 by default, from then
	 * on.
	 * @param name the user name
	 * @throws IllegalArgumentException if there is no such user
	 */
	public void closeAllSessions(String name) {
		this.state.closeAllSessions(name);
	}

	/**
	 * Close the one session that the given token belongs to, as Tradovate does when it
	 * kicks a session: the session's tokens are refused with the
	 * {@link #closedSessionStatus(int) closed-session status}, 401 by default, from then
	 * on, while the user's other sessions stay open. To close every session of a user,
	 * use {@link #closeAllSessions(String)}.
	 * @param token an access token or market data token of the session, current or
	 * renewed away
	 * @return whether a session was closed, {@code false} when it was closed already
	 * @throws IllegalArgumentException if the simulator issued no such token since it was
	 * started or last reset
	 */
	public boolean closeSession(String token) {
		Objects.requireNonNull(token, "'token' must not be null");
		return this.state.closeSessionOf(token);
	}

	/**
	 * Return how many sessions each user holds.
	 * @return the number of open sessions by user name, every user included, in name
	 * order
	 */
	public Map<String, Integer> openSessions() {
		return Collections.unmodifiableMap(this.state.openSessionCounts());
	}

	/**
	 * Return the simulator's WebSockets: their URLs, faults and counts.
	 * @return the WebSockets
	 */
	public SimulatedWebSockets webSockets() {
		return this.webSockets;
	}

	/**
	 * Return the simulator's OAuth authorization-code flow: its URLs, decisions for the
	 * next authorizations, and grants.
	 * @return the OAuth flow
	 */
	public SimulatedOAuth oauth() {
		return this.oauth;
	}

	/**
	 * Return the journal of requests and sessions.
	 * @return the journal
	 */
	public Journal journal() {
		return this.journal;
	}

	/**
	 * Forget everything that happened: clear the journal, pending faults, penalties, the
	 * calls counted towards the endpoint limits, user rate limits and login lock-outs,
	 * all sessions and tokens, and OAuth codes, grants and queued decisions; restore the
	 * closed-session status (401), and the server clock offset and the OAuth renewal
	 * setting given to the builder. Requests still held by
	 * {@link #delayNext(int, Duration)} are dropped unanswered. Users, OAuth clients, the
	 * clock and the server are kept.
	 */
	public void reset() {
		this.resets.incrementAndGet();
		this.faults.clear();
		this.state.reset();
		this.serverClock.setOffset(this.initialServerClockOffset);
		this.journal.clear();
		this.webSockets.reset();
		this.oauth.reset();
	}

	/**
	 * Return Spring Boot properties that point an application at this simulator, as the
	 * first registered user: {@code tradovate.base-url}, {@code tradovate.websocket.url},
	 * {@code tradovate.websocket.market-data-url}, {@code tradovate.name},
	 * {@code tradovate.password}, and for a user with an {@link ApiKey}
	 * {@code tradovate.app-id}, {@code tradovate.app-version}, {@code tradovate.cid} and
	 * {@code tradovate.sec} (for a user with only an application id or a secret, those it
	 * has), and {@code tradovate.store.type=memory}, so that a test never reads or writes
	 * a token file in the home directory, nor finds there a token of an earlier run's
	 * simulator. Suitable for {@code ApplicationContextRunner.withPropertyValues} and
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
	 * Return the {@link #springProperties() Spring Boot properties} as a map, for example
	 * for {@code @DynamicPropertySource}.
	 * @return the properties, in a stable order
	 * @throws IllegalStateException if the simulator has not been started
	 */
	public Map<String, Object> springPropertyMap() {
		return SimulatorSpringProperties.of(baseUrl(), this.webSockets, this.firstUser);
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

}
