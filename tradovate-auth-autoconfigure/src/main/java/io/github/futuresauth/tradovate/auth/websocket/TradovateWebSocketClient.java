package io.github.futuresauth.tradovate.auth.websocket;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.github.futuresauth.tradovate.auth.AccessToken;
import io.github.futuresauth.tradovate.auth.AccessTokenRenewedEvent;
import io.github.futuresauth.tradovate.auth.TokenProvider;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationListener;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.Assert;

/**
 * A WebSocket to Tradovate, authorized with the token of a {@link TokenProvider}, kept
 * alive, and moved to each renewed token. One client serves one socket: the trading
 * socket of an environment, or the market data socket ({@link Channel}).
 * <p>
 * The client connects when it is {@link #start() started}, or at its first
 * {@link #subscribe subscription} or {@link #request request}. After the server's
 * {@code o} frame it sends {@code authorize}, then every subscription. It sends the
 * heartbeat {@code []} when the {@link #setHeartbeatInterval heartbeat interval} has
 * passed since it last sent anything, and treats a socket from which nothing arrived for
 * the {@link #setSilenceTimeout silence timeout} as dead.
 * <p>
 * <b>Reconnects.</b> A socket that closes, fails or falls silent is replaced after a
 * back-off that grows with each failed attempt, with random jitter, and never shorter
 * than the {@link #setReconnectBackOff initial delay} since the previous attempt, so that
 * a server that accepts and drops sockets at once cannot make the client connect in a
 * loop. The new socket is authorized with the provider's current token and subscribes
 * again; listeners are told through {@link TradovateWebSocketListener#onSubscribed} so
 * that they can catch up.
 * <p>
 * <b>Renewed tokens.</b> A socket lives as long as the token that authorized it. When the
 * provider's token changes (an {@link AccessTokenRenewedEvent}, or a change seen at a
 * heartbeat) the client opens a second socket with the new token and subscribes on it,
 * while the first keeps delivering. Only when every subscription is answered does it
 * switch listeners to the new socket and close the old one. Events that arrived on both
 * sockets are delivered once: the new socket's events are compared with the old one's
 * since the switch began, in order.
 * <p>
 * <b>Market data.</b> The {@link Channel#MARKET_DATA market data} socket authorizes with
 * the token's {@code mdAccessToken}, and with its {@code accessToken} when there is none
 * or Tradovate refuses it.
 * <p>
 * <b>Rate limits.</b> A response with status {@code 429} or a {@code p-ticket} makes the
 * client wait ({@code p-time} when given) before it connects or sends requests again, and
 * is reported to every {@link WebSocketRateLimitListener}.
 * <p>
 * Time is read from a {@link Clock} and heartbeats, silence checks and reconnects run on
 * a {@link TaskScheduler}, so that tests can drive them. Tokens and penalty tickets never
 * appear in logs, exception messages or {@link #toString()}.
 */
public class TradovateWebSocketClient implements ApplicationListener<AccessTokenRenewedEvent>, AutoCloseable {

	/**
	 * The trading WebSocket of Tradovate's live environment.
	 */
	public static final URI LIVE_URL = URI.create("wss://live.tradovateapi.com/v1/websocket");

	/**
	 * The trading WebSocket of Tradovate's demo environment.
	 */
	public static final URI DEMO_URL = URI.create("wss://demo.tradovateapi.com/v1/websocket");

	/**
	 * The market data WebSocket.
	 */
	public static final URI MARKET_DATA_URL = URI.create("wss://md.tradovateapi.com/v1/websocket");

	private static final Log logger = LogFactory.getLog(TradovateWebSocketClient.class);

	private static final String HEARTBEAT = "[]";

	/**
	 * How many events of the old socket are kept for comparison while moving to a new
	 * token.
	 */
	private static final int MAX_OVERLAP = 10_000;

	private final String name;

	private final URI url;

	private final Channel channel;

	private final TokenProvider tokenProvider;

	private final TradovateFrameParser parser = new TradovateFrameParser();

	private final Object monitor = new Object();

	private final List<TradovateWebSocketSubscription> subscriptions = new CopyOnWriteArrayList<>();

	private final List<WebSocketRateLimitListener> rateLimitListeners = new CopyOnWriteArrayList<>();

	private final LongAdder connects = new LongAdder();

	private final LongAdder reconnects = new LongAdder();

	private final LongAdder messages = new LongAdder();

	private final LongAdder heartbeatsMissed = new LongAdder();

	private Clock clock = Clock.systemUTC();

	private @Nullable TaskScheduler taskScheduler;

	private @Nullable ThreadPoolTaskScheduler ownTaskScheduler;

	private @Nullable HttpClient httpClient;

	private Duration connectTimeout = Duration.ofSeconds(5);

	private Duration requestTimeout = Duration.ofSeconds(10);

	private Duration heartbeatInterval = Duration.ofMillis(2500);

	private Duration silenceTimeout = Duration.ofSeconds(10);

	private Duration reconnectInitialDelay = Duration.ofSeconds(1);

	private Duration reconnectMaxDelay = Duration.ofSeconds(30);

	private double reconnectMultiplier = 2.0;

	private Duration reconnectJitter = Duration.ofMillis(500);

	// Guarded by monitor

	private State state = State.IDLE;

	private @Nullable Connection active;

	private @Nullable Connection switching;

	private CompletableFuture<Void> ready = new CompletableFuture<>();

	private int failedAttempts;

	private @Nullable Instant lastAttempt;

	private @Nullable ScheduledFuture<?> reconnectTask;

	private @Nullable ScheduledFuture<?> tickTask;

	private @Nullable Instant tickAt;

	private @Nullable Instant rateLimitedUntil;

	private @Nullable String refusedMarketDataToken;

	private @Nullable Instant openSince;

	private @Nullable String lastFailure;

	/**
	 * Create a client for one socket.
	 * @param name the name of the socket, for logs, health and metrics, such as
	 * {@code trading}
	 * @param url the socket's URL, {@code wss}, or {@code ws} to a loopback address
	 * @param channel whether it is a trading or a market data socket, which decides the
	 * token
	 * @param tokenProvider where the token comes from
	 */
	public TradovateWebSocketClient(String name, URI url, Channel channel, TokenProvider tokenProvider) {
		Assert.hasText(name, "Name must not be empty");
		Assert.notNull(url, "URL must not be null");
		Assert.notNull(channel, "Channel must not be null");
		Assert.notNull(tokenProvider, "TokenProvider must not be null");
		checkUrl(url);
		this.name = name;
		this.url = url;
		this.channel = channel;
		this.tokenProvider = tokenProvider;
	}

	private static void checkUrl(URI url) {
		String scheme = url.getScheme();
		if ("wss".equalsIgnoreCase(scheme)) {
			return;
		}
		if ("ws".equalsIgnoreCase(scheme) && isLoopback(url.getHost())) {
			return;
		}
		throw new IllegalArgumentException("WebSocket URL must use wss (or ws to a loopback address such as "
				+ "127.0.0.1), but was " + url.getScheme() + "://" + url.getHost());
	}

	private static boolean isLoopback(@Nullable String host) {
		return host != null && (host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]")
				|| host.startsWith("127."));
	}

	/**
	 * Set the clock that heartbeats, silence and back-off are measured with. Its time
	 * should agree with the {@link #setTaskScheduler task scheduler}'s.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "Clock must not be null");
		this.clock = clock;
	}

	/**
	 * Set the scheduler that runs heartbeats, silence checks, reconnects and token
	 * switches. Only {@link TaskScheduler#schedule(Runnable, Instant)} is used. By
	 * default the client creates one thread of its own.
	 * @param taskScheduler the scheduler
	 */
	public void setTaskScheduler(TaskScheduler taskScheduler) {
		Assert.notNull(taskScheduler, "TaskScheduler must not be null");
		this.taskScheduler = taskScheduler;
	}

	/**
	 * Set the HTTP client that opens the sockets. By default one is created with the
	 * {@link #setConnectTimeout connect timeout}.
	 * @param httpClient the HTTP client
	 */
	public void setHttpClient(HttpClient httpClient) {
		Assert.notNull(httpClient, "HttpClient must not be null");
		this.httpClient = httpClient;
	}

	/**
	 * Set the time to wait for a socket to open.
	 * @param connectTimeout the timeout, positive
	 */
	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = positive(connectTimeout, "Connect timeout");
	}

	/**
	 * Set the time to wait for the response to a {@link #request request}, counted from
	 * the call, so including a wait for the socket to open.
	 * @param requestTimeout the timeout, positive
	 */
	public void setRequestTimeout(Duration requestTimeout) {
		this.requestTimeout = positive(requestTimeout, "Request timeout");
	}

	/**
	 * Set how long after it last sent anything the client sends a heartbeat. Tradovate
	 * asks for 2.5 seconds.
	 * @param heartbeatInterval the interval, positive
	 */
	public void setHeartbeatInterval(Duration heartbeatInterval) {
		this.heartbeatInterval = positive(heartbeatInterval, "Heartbeat interval");
	}

	/**
	 * Set how long a socket may stay silent (no frame, not even a heartbeat) before the
	 * client considers it dead and replaces it.
	 * @param silenceTimeout the timeout, positive
	 */
	public void setSilenceTimeout(Duration silenceTimeout) {
		this.silenceTimeout = positive(silenceTimeout, "Silence timeout");
	}

	/**
	 * Set the back-off between attempts to reconnect.
	 * @param initialDelay the delay before the first attempt, and the shortest time
	 * between two attempts
	 * @param maxDelay the longest delay
	 * @param multiplier how much the delay grows after each failed attempt, at least 1
	 * @param jitter the largest random amount added to or taken from each delay, so that
	 * many clients do not reconnect in step; never below the initial delay
	 */
	public void setReconnectBackOff(Duration initialDelay, Duration maxDelay, double multiplier, Duration jitter) {
		positive(initialDelay, "Initial reconnect delay");
		positive(maxDelay, "Maximum reconnect delay");
		Assert.isTrue(maxDelay.compareTo(initialDelay) >= 0,
				"Maximum reconnect delay must not be shorter than the initial delay");
		Assert.isTrue(multiplier >= 1.0, "Reconnect multiplier must be at least 1");
		Assert.isTrue(jitter != null && !jitter.isNegative(), "Reconnect jitter must not be negative");
		this.reconnectInitialDelay = initialDelay;
		this.reconnectMaxDelay = maxDelay;
		this.reconnectMultiplier = multiplier;
		this.reconnectJitter = jitter;
	}

	/**
	 * Add a listener that is told about rate limits on this socket.
	 * @param listener the listener
	 */
	public void addRateLimitListener(WebSocketRateLimitListener listener) {
		Assert.notNull(listener, "WebSocketRateLimitListener must not be null");
		this.rateLimitListeners.add(listener);
	}

	private static Duration positive(Duration duration, String what) {
		Assert.notNull(duration, () -> what + " must not be null");
		Assert.isTrue(!duration.isNegative() && !duration.isZero(), () -> what + " must be positive");
		return duration;
	}

	/**
	 * Return the name of the socket.
	 * @return the name
	 */
	public String getName() {
		return this.name;
	}

	/**
	 * Return the URL of the socket.
	 * @return the URL
	 */
	public URI getUrl() {
		return this.url;
	}

	/**
	 * Return the channel of the socket.
	 * @return the channel
	 */
	public Channel getChannel() {
		return this.channel;
	}

	/**
	 * Return the state of the socket.
	 * @return the state
	 */
	public State getState() {
		synchronized (this.monitor) {
			return this.state;
		}
	}

	/**
	 * Return since when the current socket has been open and subscribed.
	 * @return the instant, or {@code null} when no socket is open
	 */
	public @Nullable Instant getOpenSince() {
		synchronized (this.monitor) {
			return this.openSince;
		}
	}

	/**
	 * Return why the latest socket failed or closed.
	 * @return a description without secrets, or {@code null} when none failed
	 */
	public @Nullable String getLastFailure() {
		synchronized (this.monitor) {
			return this.lastFailure;
		}
	}

	/**
	 * Return how many sockets were opened and authorized.
	 * @return the count
	 */
	public long getConnects() {
		return this.connects.sum();
	}

	/**
	 * Return how many attempts to replace a lost socket were made.
	 * @return the count
	 */
	public long getReconnects() {
		return this.reconnects.sum();
	}

	/**
	 * Return how many messages (responses and events) arrived.
	 * @return the count
	 */
	public long getMessagesReceived() {
		return this.messages.sum();
	}

	/**
	 * Return how many sockets were given up because they fell silent.
	 * @return the count
	 */
	public long getHeartbeatsMissed() {
		return this.heartbeatsMissed.sum();
	}

	/**
	 * Return the active subscriptions.
	 * @return the subscriptions, in the order they were made
	 */
	public List<TradovateWebSocketSubscription> getSubscriptions() {
		return List.copyOf(this.subscriptions);
	}

	/**
	 * Connect, unless the client is connected or connecting already.
	 * @throws IllegalStateException if the client is closed
	 */
	public void start() {
		synchronized (this.monitor) {
			if (this.state == State.CLOSED) {
				throw new IllegalStateException("The '" + this.name + "' WebSocket client is closed");
			}
			if (this.state != State.IDLE) {
				return;
			}
			this.state = State.CONNECTING;
		}
		connect();
	}

	/**
	 * Subscribe: send the request now, when the socket is open, and again on every new
	 * socket. Starts the client if needed.
	 * @param endpoint the endpoint, without a leading slash, such as
	 * {@code user/syncrequest}
	 * @param body the JSON body, or {@code null}
	 * @param listener the listener of the socket's events
	 * @return the subscription
	 */
	public TradovateWebSocketSubscription subscribe(String endpoint, @Nullable String body,
			TradovateWebSocketListener listener) {
		checkEndpoint(endpoint);
		Assert.notNull(listener, "TradovateWebSocketListener must not be null");
		TradovateWebSocketSubscription subscription = new TradovateWebSocketSubscription(this, endpoint, body,
				listener);
		synchronized (this.monitor) {
			this.subscriptions.add(subscription);
			// Sockets that already subscribed get this one now; others send it when
			// authorized.
			for (Connection connection : liveConnections()) {
				if (connection.authorized) {
					connection.sendSubscription(subscription, connection == this.active);
				}
			}
		}
		startIfIdle();
		return subscription;
	}

	void remove(TradovateWebSocketSubscription subscription) {
		this.subscriptions.remove(subscription);
	}

	/**
	 * Send a request and return its response. Waits for the socket to open, starting the
	 * client if needed.
	 * @param endpoint the endpoint, without a leading slash, such as {@code account/list}
	 * @param query the query, or {@code null}
	 * @param body the JSON body, or {@code null}
	 * @return the response, whatever its status; completed exceptionally with a
	 * {@link java.util.concurrent.TimeoutException} after the request timeout, or a
	 * {@link TradovateWebSocketException} when the client is rate limited or closed, or
	 * the socket closed before the response arrived
	 */
	public CompletableFuture<TradovateResponse> request(String endpoint, @Nullable String query,
			@Nullable String body) {
		checkEndpoint(endpoint);
		CompletableFuture<Void> open;
		synchronized (this.monitor) {
			if (this.state == State.CLOSED) {
				return CompletableFuture.failedFuture(
						new TradovateWebSocketException("The '" + this.name + "' WebSocket client is closed"));
			}
			Instant now = this.clock.instant();
			if (this.rateLimitedUntil != null && now.isBefore(this.rateLimitedUntil)) {
				return CompletableFuture.failedFuture(new TradovateWebSocketException("Tradovate rate limited the '"
						+ this.name + "' WebSocket; send again after " + this.rateLimitedUntil));
			}
			open = this.ready;
		}
		startIfIdle();
		return open.thenCompose((ignored) -> sendRequest(endpoint, query, body))
			.orTimeout(this.requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	private CompletableFuture<TradovateResponse> sendRequest(String endpoint, @Nullable String query,
			@Nullable String body) {
		synchronized (this.monitor) {
			Connection connection = this.active;
			if (connection == null || !connection.ready) {
				return CompletableFuture
					.failedFuture(new TradovateWebSocketException("The '" + this.name + "' WebSocket is not open"));
			}
			return connection.request(endpoint, query, body);
		}
	}

	private static void checkEndpoint(String endpoint) {
		Assert.hasText(endpoint, "Endpoint must not be empty");
		Assert.isTrue(!endpoint.startsWith("/"), () -> "Endpoint must not start with '/', but was '" + endpoint + "'");
		Assert.isTrue(endpoint.indexOf('\n') < 0, "Endpoint must not contain a line break");
	}

	private void startIfIdle() {
		boolean connect = false;
		synchronized (this.monitor) {
			if (this.state == State.IDLE) {
				this.state = State.CONNECTING;
				connect = true;
			}
		}
		if (connect) {
			connect();
		}
	}

	/**
	 * Move to the provider's renewed token, on the task scheduler. Called by Spring when
	 * the client is a bean; call it yourself otherwise, or rely on the check at each
	 * heartbeat.
	 * @param event the event
	 */
	@Override
	public void onApplicationEvent(AccessTokenRenewedEvent event) {
		if (event.getTokenProvider() != this.tokenProvider) {
			return;
		}
		synchronized (this.monitor) {
			if (this.state == State.CLOSED || this.state == State.IDLE) {
				return;
			}
		}
		// Listeners run while the provider holds its lock: move to the new token
		// elsewhere.
		taskScheduler().schedule(this::checkToken, this.clock.instant());
	}

	/**
	 * Close the sockets, saying goodbye to the server, and stop reconnecting. Waits up to
	 * a second for the server to acknowledge. Requests still waiting for a response fail.
	 */
	@Override
	public void close() {
		List<Connection> connections;
		synchronized (this.monitor) {
			if (this.state == State.CLOSED) {
				return;
			}
			this.state = State.CLOSED;
			this.openSince = null;
			cancel(this.reconnectTask);
			cancel(this.tickTask);
			this.reconnectTask = null;
			this.tickTask = null;
			connections = liveConnections();
			this.active = null;
			this.switching = null;
			this.ready.completeExceptionally(
					new TradovateWebSocketException("The '" + this.name + "' WebSocket client is closed"));
		}
		List<CompletableFuture<?>> closing = new ArrayList<>();
		for (Connection connection : connections) {
			closing.add(connection.close(WebSocket.NORMAL_CLOSURE, "Shutting down"));
		}
		try {
			CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(1, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			// Aborted below.
		}
		connections.forEach(Connection::abort);
		if (this.ownTaskScheduler != null) {
			this.ownTaskScheduler.shutdown();
		}
	}

	// Connecting

	private void connect() {
		AccessToken token;
		try {
			token = this.tokenProvider.getToken();
		}
		catch (RuntimeException ex) {
			synchronized (this.monitor) {
				this.lastFailure = "No token: " + ex.getMessage();
				if (this.state != State.CLOSED) {
					this.state = State.RECONNECTING;
					scheduleReconnect(Duration.ZERO);
				}
			}
			return;
		}
		openConnection(token, false);
	}

	private void openConnection(AccessToken token, boolean switchingToken) {
		Connection connection;
		synchronized (this.monitor) {
			if (this.state == State.CLOSED) {
				return;
			}
			this.lastAttempt = this.clock.instant();
			connection = new Connection(token, switchingToken);
			if (switchingToken) {
				this.switching = connection;
				if (this.active != null) {
					this.active.overlap = new ArrayDeque<>();
				}
			}
			else {
				this.active = connection;
			}
			ensureTick();
		}
		logger.debug("Opening the '" + this.name + "' WebSocket to " + this.url);
		httpClient().newWebSocketBuilder()
			.connectTimeout(this.connectTimeout)
			.buildAsync(this.url, connection)
			.whenComplete((webSocket, ex) -> {
				if (ex != null) {
					connectionLost(connection, "Could not connect: " + rootMessage(ex), Duration.ZERO);
				}
			});
	}

	private void scheduleReconnect(Duration atLeast) {
		Instant now = this.clock.instant();
		Duration backOff = backOff(this.failedAttempts);
		this.failedAttempts++;
		Instant at = now.plus(max(atLeast, backOff));
		if (this.lastAttempt != null) {
			// Never more than one attempt per initial delay, however quickly sockets
			// fail.
			Instant earliest = this.lastAttempt.plus(this.reconnectInitialDelay);
			if (at.isBefore(earliest)) {
				at = earliest;
			}
		}
		if (this.rateLimitedUntil != null && at.isBefore(this.rateLimitedUntil)) {
			at = this.rateLimitedUntil;
		}
		cancel(this.reconnectTask);
		logger.info("Reconnecting the '" + this.name + "' WebSocket in " + Duration.between(now, at).toMillis() + " ms"
				+ ((this.lastFailure != null) ? " (" + this.lastFailure + ")" : ""));
		this.reconnectTask = taskScheduler().schedule(this::reconnect, at);
	}

	private void reconnect() {
		synchronized (this.monitor) {
			if (this.state != State.RECONNECTING) {
				return;
			}
			this.reconnectTask = null;
		}
		this.reconnects.increment();
		connect();
	}

	private Duration backOff(int attempt) {
		double millis = this.reconnectInitialDelay.toMillis() * Math.pow(this.reconnectMultiplier, attempt);
		millis = Math.min(millis, this.reconnectMaxDelay.toMillis());
		long jitter = this.reconnectJitter.toMillis();
		if (jitter > 0) {
			millis += ThreadLocalRandom.current().nextLong(-jitter, jitter + 1);
		}
		return Duration.ofMillis(Math.max(this.reconnectInitialDelay.toMillis(), (long) millis));
	}

	private static Duration max(Duration a, Duration b) {
		return (a.compareTo(b) >= 0) ? a : b;
	}

	private void checkToken() {
		AccessToken token;
		synchronized (this.monitor) {
			Connection current = this.active;
			if (this.state != State.OPEN || current == null || !current.ready || this.switching != null) {
				return;
			}
		}
		try {
			token = this.tokenProvider.getToken();
		}
		catch (RuntimeException ex) {
			// The socket keeps its token; a reconnect will ask again.
			return;
		}
		synchronized (this.monitor) {
			Connection current = this.active;
			if (this.state != State.OPEN || current == null || this.switching != null
					|| token.accessToken().equals(current.token.accessToken())) {
				return;
			}
		}
		logger.debug("Moving the '" + this.name + "' WebSocket to the renewed token");
		openConnection(token, true);
	}

	// Called with the monitor held

	private List<Connection> liveConnections() {
		List<Connection> connections = new ArrayList<>(2);
		if (this.active != null) {
			connections.add(this.active);
		}
		if (this.switching != null) {
			connections.add(this.switching);
		}
		return connections;
	}

	private void ensureTick() {
		Instant next = null;
		for (Connection connection : liveConnections()) {
			Instant due = connection.nextDeadline();
			if (next == null || due.isBefore(next)) {
				next = due;
			}
		}
		if (next == null || this.state == State.CLOSED) {
			return;
		}
		if (this.tickTask != null && this.tickAt != null && !this.tickAt.isAfter(next)) {
			return;
		}
		cancel(this.tickTask);
		this.tickAt = next;
		this.tickTask = taskScheduler().schedule(this::tick, next);
	}

	private void tick() {
		boolean pollToken;
		synchronized (this.monitor) {
			this.tickTask = null;
			this.tickAt = null;
			if (this.state == State.CLOSED) {
				return;
			}
			Instant now = this.clock.instant();
			for (Connection connection : liveConnections()) {
				if (!now.isBefore(connection.lastReceived.plus(this.silenceTimeout))) {
					this.heartbeatsMissed.increment();
					connectionLost(connection, "Nothing received for " + this.silenceTimeout.toMillis() + " ms",
							Duration.ZERO);
					connection.abort();
				}
				else if (!now.isBefore(connection.lastSent.plus(this.heartbeatInterval))) {
					connection.send(HEARTBEAT);
				}
			}
			ensureTick();
			pollToken = this.state == State.OPEN && this.switching == null;
		}
		if (pollToken) {
			checkToken();
		}
	}

	private void connectionLost(Connection connection, String reason, Duration retryAfter) {
		List<CompletableFuture<TradovateResponse>> orphans;
		synchronized (this.monitor) {
			if (connection.lost) {
				return;
			}
			connection.lost = true;
			orphans = connection.takePending();
			if (connection == this.switching) {
				// The old socket carries on; the switch is tried again at the next
				// heartbeat.
				this.switching = null;
				if (this.active != null) {
					this.active.overlap = null;
				}
				logger.warn("Could not move the '" + this.name + "' WebSocket to the renewed token: " + reason);
			}
			else if (connection == this.active) {
				this.active = null;
				this.openSince = null;
				this.lastFailure = reason;
				if (this.state != State.CLOSED) {
					if (this.ready.isDone()) {
						this.ready = new CompletableFuture<>();
					}
					this.state = State.RECONNECTING;
					if (this.switching != null) {
						// The new token's socket will do once it is ready.
						Connection next = this.switching;
						this.switching = null;
						next.switchingToken = false;
						this.active = next;
						next.dedupe = connection.overlap;
						connection.overlap = null;
						List<TradovateEvent> buffered = next.buffer;
						next.buffer = null;
						if (buffered != null) {
							buffered.forEach((event) -> offer(next, event));
						}
						this.state = State.CONNECTING;
					}
					else {
						scheduleReconnect(retryAfter);
					}
				}
			}
			if (this.active == null && this.switching == null) {
				cancel(this.tickTask);
				this.tickTask = null;
			}
		}
		TradovateWebSocketException failure = new TradovateWebSocketException(
				"The '" + this.name + "' WebSocket closed before the response arrived: " + reason);
		orphans.forEach((future) -> future.completeExceptionally(failure));
	}

	private void connectionReady(Connection connection) {
		Connection old = null;
		synchronized (this.monitor) {
			if (connection.lost || this.state == State.CLOSED) {
				return;
			}
			connection.ready = true;
			this.connects.increment();
			if (connection == this.switching) {
				old = this.active;
				this.switching = null;
				this.active = connection;
				connection.switchingToken = false;
				if (old != null) {
					old.retired = true;
					connection.dedupe = old.overlap;
					old.overlap = null;
				}
				List<TradovateEvent> buffered = connection.buffer;
				connection.buffer = null;
				if (buffered != null) {
					buffered.forEach((event) -> offer(connection, event));
				}
				logger.info("Moved the '" + this.name + "' WebSocket to the renewed token");
			}
			else if (connection == this.active) {
				this.state = State.OPEN;
				this.failedAttempts = 0;
				this.openSince = this.clock.instant();
				this.ready.complete(null);
				logger.info("The '" + this.name + "' WebSocket is open and subscribed (" + this.subscriptions.size()
						+ " subscription(s))");
			}
		}
		if (old != null) {
			old.closeWhenIdle();
		}
	}

	private void deliver(Connection connection, TradovateEvent event) {
		synchronized (this.monitor) {
			if (connection.retired || connection.lost) {
				return;
			}
			if (connection.buffer != null) {
				connection.buffer.add(event);
				return;
			}
			if (connection == this.active) {
				offer(connection, event);
			}
		}
	}

	private void offer(Connection connection, TradovateEvent event) {
		ArrayDeque<TradovateEvent> dedupe = connection.dedupe;
		if (dedupe != null) {
			int index = indexOf(dedupe, event);
			if (index >= 0) {
				// Delivered from the old socket already, with everything before it.
				for (int i = 0; i <= index; i++) {
					dedupe.removeFirst();
				}
				return;
			}
			connection.dedupe = null;
		}
		if (connection.overlap != null && connection.overlap.size() < MAX_OVERLAP) {
			connection.overlap.addLast(event);
		}
		Set<TradovateWebSocketListener> listeners = Collections.newSetFromMap(new IdentityHashMap<>());
		for (TradovateWebSocketSubscription subscription : this.subscriptions) {
			if (listeners.add(subscription.getListener())) {
				try {
					subscription.getListener().onEvent(event);
				}
				catch (RuntimeException ex) {
					logger.warn(
							"A listener of the '" + this.name + "' WebSocket failed on event '" + event.name() + "'",
							ex);
				}
			}
		}
	}

	private static int indexOf(ArrayDeque<TradovateEvent> events, TradovateEvent event) {
		int index = 0;
		for (Iterator<TradovateEvent> iterator = events.iterator(); iterator.hasNext(); index++) {
			if (iterator.next().equals(event)) {
				return index;
			}
		}
		return -1;
	}

	private void rateLimited(String endpoint, TradovateResponse response) {
		Duration wait = response.penaltyTime();
		if (wait == null) {
			wait = backOff(Math.max(this.failedAttempts, 1));
		}
		Instant until = this.clock.instant().plus(wait);
		synchronized (this.monitor) {
			if (this.rateLimitedUntil == null || until.isAfter(this.rateLimitedUntil)) {
				this.rateLimitedUntil = until;
			}
		}
		logger.warn("Tradovate rate limited '" + endpoint + "' on the '" + this.name + "' WebSocket (status "
				+ response.status() + "); waiting " + wait.toMillis() + " ms"
				+ (response.isCaptchaRequired() ? "; it asks for a captcha" : ""));
		WebSocketRateLimit rateLimit = new WebSocketRateLimit(this.name, endpoint, response.status(), wait, until,
				response.isCaptchaRequired());
		for (WebSocketRateLimitListener listener : this.rateLimitListeners) {
			try {
				listener.onRateLimited(rateLimit);
			}
			catch (RuntimeException ex) {
				logger.warn("A rate limit listener of the '" + this.name + "' WebSocket failed", ex);
			}
		}
	}

	private static void cancel(@Nullable ScheduledFuture<?> future) {
		if (future != null) {
			future.cancel(false);
		}
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.getClass().getSimpleName() + ((root.getMessage() != null) ? ": " + root.getMessage() : "");
	}

	private TaskScheduler taskScheduler() {
		synchronized (this.monitor) {
			if (this.taskScheduler == null) {
				ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
				scheduler.setThreadNamePrefix("tradovate-websocket-" + this.name + "-");
				scheduler.setDaemon(true);
				scheduler.setClock(this.clock);
				scheduler.setRemoveOnCancelPolicy(true);
				scheduler.initialize();
				this.ownTaskScheduler = scheduler;
				this.taskScheduler = scheduler;
			}
			return this.taskScheduler;
		}
	}

	private HttpClient httpClient() {
		synchronized (this.monitor) {
			if (this.httpClient == null) {
				this.httpClient = HttpClient.newBuilder().connectTimeout(this.connectTimeout).build();
			}
			return this.httpClient;
		}
	}

	@Override
	public String toString() {
		return "TradovateWebSocketClient[name=" + this.name + ", url=" + this.url + ", state=" + getState() + "]";
	}

	/**
	 * Which of Tradovate's sockets a client speaks to, which decides its token.
	 */
	public enum Channel {

		/**
		 * The trading socket of an environment, authorized with the {@code accessToken}.
		 */
		TRADING,

		/**
		 * The market data socket, authorized with the {@code mdAccessToken}, or the
		 * {@code accessToken} when there is none or it is refused.
		 */
		MARKET_DATA

	}

	/**
	 * The state of a client's socket.
	 */
	public enum State {

		/**
		 * Not started: nothing subscribed or requested yet.
		 */
		IDLE,

		/**
		 * Opening, authorizing and subscribing the socket.
		 */
		CONNECTING,

		/**
		 * Open, authorized and subscribed.
		 */
		OPEN,

		/**
		 * The socket was lost; waiting to connect again.
		 */
		RECONNECTING,

		/**
		 * Closed for good.
		 */
		CLOSED

	}

	/**
	 * One socket, from opening to closing.
	 */
	private final class Connection implements WebSocket.Listener {

		final AccessToken token;

		final String authorization;

		final boolean marketDataToken;

		final AtomicLong ids = new AtomicLong();

		final Map<Long, CompletableFuture<TradovateResponse>> pending = new ConcurrentHashMap<>();

		final StringBuilder partial = new StringBuilder();

		volatile Instant lastSent;

		volatile Instant lastReceived;

		// Guarded by the client's monitor

		boolean switchingToken;

		boolean authorized;

		boolean ready;

		boolean lost;

		boolean retired;

		long authorizeId = -1;

		/**
		 * Events that arrived before a socket for a new token was ready.
		 */
		@Nullable List<TradovateEvent> buffer;

		/**
		 * Events delivered while a socket for a new token gets ready.
		 */
		@Nullable ArrayDeque<TradovateEvent> overlap;

		/**
		 * Events of the previous socket that this one may repeat.
		 */
		@Nullable ArrayDeque<TradovateEvent> dedupe;

		@Nullable WebSocket webSocket;

		private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

		Connection(AccessToken token, boolean switchingToken) {
			this.token = token;
			this.switchingToken = switchingToken;
			String md = token.mdAccessToken();
			this.marketDataToken = TradovateWebSocketClient.this.channel == Channel.MARKET_DATA && md != null
					&& !md.equals(TradovateWebSocketClient.this.refusedMarketDataToken);
			this.authorization = (this.marketDataToken && md != null) ? md : token.accessToken();
			this.buffer = switchingToken ? new ArrayList<>() : null;
			Instant now = TradovateWebSocketClient.this.clock.instant();
			this.lastSent = now;
			this.lastReceived = now;
		}

		Instant nextDeadline() {
			Instant heartbeat = this.lastSent.plus(TradovateWebSocketClient.this.heartbeatInterval);
			Instant silence = this.lastReceived.plus(TradovateWebSocketClient.this.silenceTimeout);
			return heartbeat.isBefore(silence) ? heartbeat : silence;
		}

		@Override
		public void onOpen(WebSocket webSocket) {
			synchronized (TradovateWebSocketClient.this.monitor) {
				this.webSocket = webSocket;
				if (this.lost) {
					webSocket.abort();
					return;
				}
			}
			webSocket.request(1);
		}

		@Override
		public @Nullable CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.partial.append(data);
			if (last) {
				String text = this.partial.toString();
				this.partial.setLength(0);
				try {
					handle(text);
				}
				catch (RuntimeException ex) {
					logger.warn("Could not handle a frame on the '" + TradovateWebSocketClient.this.name
							+ "' WebSocket: " + ex.getMessage());
				}
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public @Nullable CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			connectionLost(this, "Closed by the server (" + statusCode + ((reason.isEmpty()) ? "" : " " + reason) + ")",
					Duration.ZERO);
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			connectionLost(this, rootMessage(error), Duration.ZERO);
		}

		private void handle(String text) {
			this.lastReceived = TradovateWebSocketClient.this.clock.instant();
			TradovateFrame frame = TradovateWebSocketClient.this.parser.parse(text);
			if (frame instanceof TradovateFrame.Open) {
				authorize();
			}
			else if (frame instanceof TradovateFrame.Messages messages) {
				for (TradovateMessage message : messages.messages()) {
					TradovateWebSocketClient.this.messages.increment();
					if (message instanceof TradovateResponse response) {
						respond(response);
					}
					else if (message instanceof TradovateEvent event) {
						deliver(this, event);
					}
				}
			}
			else if (frame instanceof TradovateFrame.Closed closed) {
				connectionLost(this, "Closed by the server (" + closed.code() + " " + closed.reason() + ")",
						Duration.ZERO);
				abort();
			}
		}

		private void authorize() {
			long id = this.ids.incrementAndGet();
			synchronized (TradovateWebSocketClient.this.monitor) {
				this.authorizeId = id;
			}
			send("authorize\n" + id + "\n\n" + this.authorization);
		}

		private void respond(TradovateResponse response) {
			boolean authorizeResponse;
			synchronized (TradovateWebSocketClient.this.monitor) {
				authorizeResponse = response.requestId() == this.authorizeId && !this.authorized;
			}
			if (authorizeResponse) {
				authorized(response);
				return;
			}
			CompletableFuture<TradovateResponse> future = this.pending.remove(response.requestId());
			if (future != null) {
				future.complete(response);
			}
		}

		private void authorized(TradovateResponse response) {
			if (response.isSuccessful()) {
				List<TradovateWebSocketSubscription> subscriptions;
				synchronized (TradovateWebSocketClient.this.monitor) {
					if (this.lost) {
						return;
					}
					this.authorized = true;
					subscriptions = List.copyOf(TradovateWebSocketClient.this.subscriptions);
				}
				List<CompletableFuture<?>> answers = new ArrayList<>();
				for (TradovateWebSocketSubscription subscription : subscriptions) {
					answers.add(sendSubscription(subscription, !this.switchingToken));
				}
				CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).whenComplete((result, ex) -> {
					if (ex == null) {
						connectionReady(this);
					}
				});
				return;
			}
			if (response.isRateLimited()) {
				rateLimited("authorize", response);
				connectionLost(this, "Authorization rate limited", Duration.ZERO);
				close(WebSocket.NORMAL_CLOSURE, "Rate limited");
				return;
			}
			if (this.marketDataToken) {
				synchronized (TradovateWebSocketClient.this.monitor) {
					TradovateWebSocketClient.this.refusedMarketDataToken = this.token.mdAccessToken();
					// The access token gets its chance at once: this was not a failure of
					// the server.
					TradovateWebSocketClient.this.lastAttempt = null;
					TradovateWebSocketClient.this.failedAttempts = 0;
				}
				logger.info("Tradovate refused the market data token on the '" + TradovateWebSocketClient.this.name
						+ "' WebSocket (status " + response.status() + "); authorizing with the access token");
				connectionLost(this, "Market data token refused", Duration.ZERO);
			}
			else {
				logger.warn("Tradovate refused to authorize the '" + TradovateWebSocketClient.this.name
						+ "' WebSocket (status " + response.status() + ")");
				if (response.status() == 401) {
					TradovateWebSocketClient.this.tokenProvider.invalidate(this.token);
				}
				connectionLost(this, "Authorization refused (status " + response.status() + ")", Duration.ZERO);
			}
			close(WebSocket.NORMAL_CLOSURE, "Unauthorized");
		}

		/**
		 * Send a subscription and retry it after a rate limit.
		 * @param subscription the subscription
		 * @param notify whether to tell the listener about the response
		 * @return a future that completes when the subscription was answered
		 */
		CompletableFuture<?> sendSubscription(TradovateWebSocketSubscription subscription, boolean notify) {
			return request(subscription.getEndpoint(), null, subscription.getBody()).thenCompose((response) -> {
				if (response.isRateLimited()) {
					Instant until;
					synchronized (TradovateWebSocketClient.this.monitor) {
						until = TradovateWebSocketClient.this.rateLimitedUntil;
					}
					CompletableFuture<Object> retried = new CompletableFuture<>();
					taskScheduler().schedule(() -> {
						if (!this.lost && !subscription.isCancelled()) {
							sendSubscription(subscription, notify).whenComplete((r, ex) -> retried.complete(null));
						}
						else {
							retried.complete(null);
						}
					}, (until != null) ? until : TradovateWebSocketClient.this.clock.instant());
					return retried;
				}
				if (notify && !subscription.isCancelled()) {
					try {
						subscription.getListener().onSubscribed(subscription, response);
					}
					catch (RuntimeException ex) {
						logger.warn("A listener of the '" + TradovateWebSocketClient.this.name
								+ "' WebSocket failed on its subscription", ex);
					}
				}
				if (!response.isSuccessful()) {
					logger.warn("Tradovate refused the subscription '" + subscription.getEndpoint() + "' on the '"
							+ TradovateWebSocketClient.this.name + "' WebSocket (status " + response.status() + ")");
				}
				return CompletableFuture.completedFuture(response);
			});
		}

		CompletableFuture<TradovateResponse> request(String endpoint, @Nullable String query, @Nullable String body) {
			long id = this.ids.incrementAndGet();
			CompletableFuture<TradovateResponse> future = new CompletableFuture<>();
			this.pending.put(id, future);
			// Forgotten when answered, failed or timed out, so that unanswered requests
			// do not pile up.
			future.orTimeout(TradovateWebSocketClient.this.requestTimeout.toMillis(), TimeUnit.MILLISECONDS)
				.whenComplete((response, ex) -> this.pending.remove(id));
			CompletableFuture<TradovateResponse> answered = future.thenApply((response) -> {
				if (response.isRateLimited()) {
					rateLimited(endpoint, response);
				}
				return response;
			});
			if (this.lost) {
				future.completeExceptionally(new TradovateWebSocketException(
						"The '" + TradovateWebSocketClient.this.name + "' WebSocket is closed"));
				return future;
			}
			send(endpoint + "\n" + id + "\n" + ((query != null) ? query : "") + "\n" + ((body != null) ? body : ""));
			return answered;
		}

		List<CompletableFuture<TradovateResponse>> takePending() {
			List<CompletableFuture<TradovateResponse>> futures = new ArrayList<>(this.pending.values());
			this.pending.clear();
			return futures;
		}

		void send(String text) {
			synchronized (this) {
				// Also when the socket is not open yet, so that the next heartbeat is not
				// due at once.
				this.lastSent = TradovateWebSocketClient.this.clock.instant();
				WebSocket socket = this.webSocket;
				if (socket == null) {
					return;
				}
				// The JDK allows one outstanding send per socket: queue them.
				this.sending = this.sending.thenCompose((previous) -> socket.sendText(text, true))
					.whenCompleteAsync((result, ex) -> {
						if (ex != null) {
							connectionLost(this, "Could not send: " + rootMessage(ex), Duration.ZERO);
							socket.abort();
						}
					});
			}
		}

		CompletableFuture<?> close(int code, String reason) {
			synchronized (this) {
				WebSocket socket = this.webSocket;
				if (socket == null || socket.isOutputClosed()) {
					return CompletableFuture.completedFuture(null);
				}
				this.sending = this.sending.handle((result, ex) -> null)
					.thenCompose((previous) -> socket.sendClose(code, reason));
				return this.sending;
			}
		}

		void closeWhenIdle() {
			CompletableFuture<?>[] inFlight = this.pending.values().toArray(CompletableFuture[]::new);
			CompletableFuture.allOf(inFlight)
				.orTimeout(TradovateWebSocketClient.this.requestTimeout.toMillis(), TimeUnit.MILLISECONDS)
				.handle((result, ex) -> {
					connectionLost(this, "Replaced by a socket with the renewed token", Duration.ZERO);
					return close(WebSocket.NORMAL_CLOSURE, "Token renewed");
				});
		}

		void abort() {
			WebSocket socket;
			synchronized (this) {
				socket = this.webSocket;
			}
			if (socket != null) {
				socket.abort();
			}
		}

	}

}
