package io.github.futuresauth.tradovate.auth.websocket;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import io.github.futuresauth.tradovate.auth.TokenProvider;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.TaskScheduler;
import org.springframework.util.Assert;
import org.springframework.util.backoff.BackOff;

/**
 * A WebSocket to Tradovate, authorized once with the token of a {@link TokenProvider} and
 * kept alive. One client serves one socket: the trading socket of an environment, or the
 * market data socket ({@link Channel}).
 * <p>
 * The client connects when it is {@link #start() started}, or at its first
 * {@link #subscribe subscription} or {@link #request request}. After the server's
 * {@code o} frame it sends {@code authorize} with the provider's current token, then
 * every subscription. The socket is <em>ready</em> once every subscription has its first
 * answer; opening, authorizing and those answers must all happen within the
 * {@link #setReadyTimeout ready timeout}, else the socket is closed and replaced. The
 * client sends the heartbeat {@code []} every {@link #setHeartbeatInterval heartbeat
 * interval} and treats a socket from which nothing arrived for the
 * {@link #setSilenceTimeout silence timeout} as dead.
 * <p>
 * <b>Authorized once.</b> As Tradovate documents, a socket stays usable after the token
 * that authorized it expires: a renewal does not touch it. Only a new socket, after a
 * loss, takes the token that is current then.
 * <p>
 * <b>Reconnects.</b> A socket that closes, fails or falls silent is replaced after a
 * {@link BackOff back-off} that starts afresh only once a socket has stayed ready for a
 * {@link #setBackOffResetAfter while}, and never sooner than the initial delay after the
 * previous attempt. Tradovate's {@code shutdown} event for a connection or IP quota waits
 * the {@link #setQuotaReconnectDelay quota delay}. Events between the loss and the new
 * socket are lost: listeners are told through
 * {@link TradovateWebSocketListener#onSubscribed} so that they can catch up.
 * <p>
 * <b>Listeners</b> are called on a thread of the client, in order, so that a slow one
 * delays only its own events; when more than the {@link #setListenerQueueCapacity queue
 * capacity} events wait, the socket is dropped and replaced, so that listeners catch up
 * from the new answers rather than miss events silently.
 * <p>
 * <b>Rate limits.</b> A time penalty ({@code p-ticket}) holds requests to its endpoint
 * for {@code p-time}; then the request is sent once more with the ticket, except requests
 * that place, modify or liquidate orders, which fail with the penalty. A {@code 429}
 * holds every request of the socket for an hour. Both are reported to every
 * {@link WebSocketRateLimitListener}.
 * <p>
 * <b>Market data.</b> The {@link Channel#MARKET_DATA market data} socket authorizes with
 * the token's {@code mdAccessToken}, and with its {@code accessToken} when there is none
 * or Tradovate refuses it.
 * <p>
 * Time is read from a {@link Clock}; heartbeats, deadlines and reconnects run on a
 * {@link TaskScheduler} (only {@link TaskScheduler#schedule(Runnable, Instant)} is used),
 * so that tests can drive them. Tokens and penalty tickets never appear in logs,
 * exception messages or {@link #toString()}.
 */
public class TradovateWebSocketClient implements AutoCloseable {

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

	private final String name;

	private final URI url;

	private final Channel channel;

	private final SocketOptions options = new SocketOptions();

	private final RateLimits rateLimits;

	private final SocketKeeper keeper;

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
		this.rateLimits = new RateLimits(name, () -> this.options.clock);
		this.keeper = new SocketKeeper(name, url, channel, tokenProvider, this.options, this.rateLimits);
	}

	private static void checkUrl(URI url) {
		String scheme = url.getScheme();
		String host = url.getHost();
		boolean loopback = host != null
				&& (host.equals("localhost") || host.equals("[::1]") || host.startsWith("127."));
		if (!"wss".equalsIgnoreCase(scheme) && !("ws".equalsIgnoreCase(scheme) && loopback)) {
			throw new IllegalArgumentException("WebSocket URL must use wss (or ws to a loopback address such as "
					+ "127.0.0.1), but was " + url.getScheme() + "://" + url.getHost());
		}
	}

	/**
	 * Set the clock that heartbeats, silence, deadlines and back-off are measured with.
	 * Its time should agree with the {@link #setTaskScheduler task scheduler}'s.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "Clock must not be null");
		this.options.clock = clock;
	}

	/**
	 * Set the scheduler that runs heartbeats, deadlines and reconnects, such as one that
	 * the application shares with its token provider. Only
	 * {@link TaskScheduler#schedule(Runnable, Instant)} is used, with tasks that never
	 * block. By default the client creates one thread of its own, and shuts it down when
	 * it closes; a scheduler set here is left running.
	 * @param taskScheduler the scheduler
	 */
	public void setTaskScheduler(TaskScheduler taskScheduler) {
		Assert.notNull(taskScheduler, "TaskScheduler must not be null");
		this.options.taskScheduler = taskScheduler;
	}

	/**
	 * Set the HTTP client that opens the sockets. By default one is created with the
	 * {@link #setConnectTimeout connect timeout}.
	 * @param httpClient the HTTP client
	 */
	public void setHttpClient(HttpClient httpClient) {
		Assert.notNull(httpClient, "HttpClient must not be null");
		this.options.httpClient = httpClient;
	}

	/**
	 * Set the time to wait for a socket to open.
	 * @param connectTimeout the timeout, positive
	 */
	public void setConnectTimeout(Duration connectTimeout) {
		this.options.connectTimeout = positive(connectTimeout, "Connect timeout");
	}

	/**
	 * Set the time to wait for the response to a {@link #request request}, counted from
	 * the call, so including a wait for the socket to be ready.
	 * @param requestTimeout the timeout, positive
	 */
	public void setRequestTimeout(Duration requestTimeout) {
		this.options.requestTimeout = positive(requestTimeout, "Request timeout");
	}

	/**
	 * Set the time a new socket has to become ready: to open, be authorized and have the
	 * first answer to every subscription (a large {@code user/syncrequest} snapshot
	 * included). When it passes the socket is closed and replaced.
	 * @param readyTimeout the timeout, positive
	 */
	public void setReadyTimeout(Duration readyTimeout) {
		this.options.readyTimeout = positive(readyTimeout, "Ready timeout");
	}

	/**
	 * Set how often the client sends a heartbeat. Tradovate asks for 2.5 seconds.
	 * @param heartbeatInterval the interval, positive
	 */
	public void setHeartbeatInterval(Duration heartbeatInterval) {
		this.options.heartbeatInterval = positive(heartbeatInterval, "Heartbeat interval");
	}

	/**
	 * Set how long a socket may stay silent (no frame, not even a heartbeat) before the
	 * client considers it dead and replaces it.
	 * @param silenceTimeout the timeout, positive
	 */
	public void setSilenceTimeout(Duration silenceTimeout) {
		this.options.silenceTimeout = positive(silenceTimeout, "Silence timeout");
	}

	/**
	 * Set the largest frame the client accepts, in characters. A larger one closes the
	 * socket with an error that names this setting.
	 * @param maxFrameSize the size, positive
	 */
	public void setMaxFrameSize(int maxFrameSize) {
		Assert.isTrue(maxFrameSize > 0, "Maximum frame size must be positive");
		this.options.maxFrameSize = maxFrameSize;
	}

	/**
	 * Set how many events may wait for slow listeners. When one more arrives, the socket
	 * is dropped and replaced, and listeners catch up from the answers on the new one.
	 * Takes effect before the first subscription or request.
	 * @param capacity the number of events, positive
	 */
	public void setListenerQueueCapacity(int capacity) {
		Assert.isTrue(capacity > 0, "Listener queue capacity must be positive");
		this.options.listenerQueueCapacity = capacity;
	}

	/**
	 * Set an exponential back-off between attempts to reconnect.
	 * @param initialDelay the delay before the first attempt, and the shortest time
	 * between two attempts
	 * @param maxDelay the longest delay
	 * @param multiplier how much the delay grows after each failed attempt, at least 1
	 * @param jitter the largest random amount added to or taken from each delay, so that
	 * many clients do not reconnect in step
	 */
	public void setReconnectBackOff(Duration initialDelay, Duration maxDelay, double multiplier, Duration jitter) {
		positive(initialDelay, "Initial reconnect delay");
		positive(maxDelay, "Maximum reconnect delay");
		Assert.isTrue(maxDelay.compareTo(initialDelay) >= 0,
				"Maximum reconnect delay must not be shorter than the initial delay");
		Assert.isTrue(multiplier >= 1.0, "Reconnect multiplier must be at least 1");
		Assert.isTrue(jitter != null && !jitter.isNegative(), "Reconnect jitter must not be negative");
		setReconnectBackOff(SocketOptions.exponential(initialDelay, maxDelay, multiplier, jitter), initialDelay);
	}

	/**
	 * Set the back-off between attempts to reconnect. A back-off that stops keeps its
	 * last delay: lost sockets are always replaced.
	 * @param backOff the back-off
	 * @param floor the shortest time between two attempts, however quickly sockets fail
	 */
	public void setReconnectBackOff(BackOff backOff, Duration floor) {
		Assert.notNull(backOff, "BackOff must not be null");
		positive(floor, "Reconnect floor");
		this.options.reconnect = this.options.reconnect.withBackOff(backOff, floor);
	}

	/**
	 * Set how long a socket must stay ready before the back-off starts afresh. Defaults
	 * to a minute.
	 * @param resetAfter the time, positive
	 */
	public void setBackOffResetAfter(Duration resetAfter) {
		positive(resetAfter, "Back-off reset time");
		this.options.reconnect = this.options.reconnect.withResetAfter(resetAfter);
	}

	/**
	 * Set how long to wait before reconnecting after Tradovate's {@code shutdown} event
	 * for a connection or IP quota ({@code ConnectionQuotaReached},
	 * {@code IPQuotaReached}). Defaults to five minutes.
	 * @param quotaDelay the delay, positive
	 */
	public void setQuotaReconnectDelay(Duration quotaDelay) {
		positive(quotaDelay, "Quota reconnect delay");
		this.options.reconnect = this.options.reconnect.withQuotaDelay(quotaDelay);
	}

	/**
	 * Add a listener that is told about rate limits on this socket.
	 * @param listener the listener
	 */
	public void addRateLimitListener(WebSocketRateLimitListener listener) {
		this.rateLimits.addListener(listener);
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
	 * Return the clock the client measures time with.
	 * @return the clock
	 */
	public Clock getClock() {
		return this.options.clock;
	}

	/**
	 * Return the state of the socket.
	 * @return the state
	 */
	public State getState() {
		return this.keeper.state();
	}

	/**
	 * Return since when the current socket has been ready.
	 * @return the instant, or {@code null} when no socket is ready
	 */
	public @Nullable Instant getOpenSince() {
		return this.keeper.openSince();
	}

	/**
	 * Return since when the client, started, has had no ready socket.
	 * @return the instant, or {@code null} when a socket is ready, or the client is not
	 * started or closed
	 */
	public @Nullable Instant getNotReadySince() {
		return this.keeper.notReadySince();
	}

	/**
	 * Return why the latest socket failed or closed.
	 * @return a description without secrets, or {@code null} when none failed
	 */
	public @Nullable String getLastFailure() {
		return this.keeper.lastFailure();
	}

	/**
	 * Return how many sockets became ready.
	 * @return the count
	 */
	public long getConnects() {
		return this.keeper.connects.sum();
	}

	/**
	 * Return how many attempts to replace a lost socket were made.
	 * @return the count
	 */
	public long getReconnects() {
		return this.keeper.reconnects.sum();
	}

	/**
	 * Return how many messages (responses and events) arrived.
	 * @return the count
	 */
	public long getMessagesReceived() {
		return this.keeper.messages.sum();
	}

	/**
	 * Return how many sockets were given up because they fell silent.
	 * @return the count
	 */
	public long getHeartbeatsMissed() {
		return this.keeper.heartbeatsMissed.sum();
	}

	/**
	 * Return how many events were dropped because listeners had fallen the
	 * {@link #setListenerQueueCapacity queue capacity} behind.
	 * @return the count
	 */
	public long getEventsDropped() {
		return this.keeper.eventsDropped.sum();
	}

	/**
	 * Return the active subscriptions.
	 * @return the subscriptions, in the order they were made
	 */
	public List<TradovateWebSocketSubscription> getSubscriptions() {
		return this.keeper.subscriptions();
	}

	/**
	 * Connect, unless the client is connected or connecting already.
	 * @throws IllegalStateException if the client is closed
	 */
	public void start() {
		Assert.state(this.keeper.state() != State.CLOSED, () -> "The '" + this.name + "' WebSocket client is closed");
		this.keeper.startIfIdle();
	}

	/**
	 * Subscribe: send the request now, when the socket is authorized, and again on every
	 * new socket. Starts the client if needed.
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
		this.keeper.add(subscription);
		return subscription;
	}

	void remove(TradovateWebSocketSubscription subscription) {
		this.keeper.remove(subscription);
	}

	/**
	 * Send a request and return its first answer. Waits for the socket to be ready,
	 * starting the client if needed.
	 * @param endpoint the endpoint, without a leading slash, such as {@code account/list}
	 * @param query the query, or {@code null}
	 * @param body the JSON body, or {@code null}
	 * @return the response, whatever its status; completed exceptionally with a
	 * {@link java.util.concurrent.TimeoutException} after the request timeout, or a
	 * {@link TradovateWebSocketException} when requests to the endpoint are held by a
	 * rate limit, a penalty forbids sending it again, the client is closed, or the socket
	 * closed before the response arrived
	 */
	public CompletableFuture<TradovateResponse> request(String endpoint, @Nullable String query,
			@Nullable String body) {
		return request(endpoint, query, body, null);
	}

	/**
	 * Send a request, return its first answer, and hand further answers with the same id
	 * (such as the parts of a {@code user/syncrequest} with {@code splitResponses}) to
	 * the given consumer, on the listeners' thread.
	 * @param endpoint the endpoint, without a leading slash
	 * @param query the query, or {@code null}
	 * @param body the JSON body, or {@code null}
	 * @param following told about further answers, or {@code null}
	 * @return the first answer, as {@link #request(String, String, String)}
	 */
	public CompletableFuture<TradovateResponse> request(String endpoint, @Nullable String query, @Nullable String body,
			@Nullable Consumer<TradovateResponse> following) {
		checkEndpoint(endpoint);
		return this.keeper.request(endpoint, query, body, following);
	}

	private static void checkEndpoint(String endpoint) {
		Assert.hasText(endpoint, "Endpoint must not be empty");
		Assert.isTrue(!endpoint.startsWith("/"), () -> "Endpoint must not start with '/', but was '" + endpoint + "'");
		Assert.isTrue(endpoint.indexOf('\n') < 0, "Endpoint must not contain a line break");
	}

	/**
	 * Close the socket, saying goodbye to the server, and stop reconnecting. Waits up to
	 * a second for the server to acknowledge. Requests still waiting for a response fail;
	 * events not yet delivered are dropped.
	 */
	@Override
	public void close() {
		this.keeper.close();
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
		 * Opening, authorizing and subscribing the first socket.
		 */
		CONNECTING,

		/**
		 * Ready: open, authorized and subscribed.
		 */
		OPEN,

		/**
		 * The socket was lost; waiting for, or getting ready, the next one.
		 */
		RECONNECTING,

		/**
		 * Closed for good.
		 */
		CLOSED

	}

}
