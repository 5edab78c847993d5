package io.github.futuresauth.tradovate.simulator;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import org.apache.tomcat.websocket.server.WsSci;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServer;

/**
 * The WebSockets of a {@link TradovateSimulator}: a trading socket at
 * {@code /v1/websocket} and a market data socket at {@code /md/v1/websocket}, served by
 * an embedded Tomcat that Spring Boot's web server factory creates, on a port of its own
 * on 127.0.0.1.
 * <p>
 * They speak Tradovate's framing: {@code o} when a socket opens, {@code h} every
 * {@link #setServerHeartbeatInterval heartbeat interval}, {@code a[...]} with responses
 * and events. A socket must first send {@code authorize\n<id>\n\n<token>} with an access
 * token of an open session that has not expired (or, on the market data socket, a market
 * data token of an open session). Then:
 * <ul>
 * <li>{@code user/syncrequest} answers a small snapshot of the user and pushes numbered
 * {@code props} events ({@code d.entity[0].seq});</li>
 * <li>{@code md/subscribeQuote} with {@code {"symbol":"..."}} pushes numbered {@code md}
 * quotes ({@code d.quotes[0].seq}).</li>
 * </ul>
 * Events are numbered per user and per symbol, so every socket subscribed to the same
 * stream receives the same numbers, and a client that moves between sockets can show that
 * it lost and repeated nothing. A socket that sends nothing, not even the heartbeat
 * {@code []}, for the {@link #setClientSilenceTimeout silence timeout} is closed. Timing
 * here is real time.
 * <p>
 * Besides, {@code md/unsubscribeQuote}, {@code md/getChart} (answering a
 * {@code historicalId} and a {@code realtimeId}, then pushing the history, its
 * end-of-history marker {@code eoh}, and live bars under the realtime id),
 * {@code md/cancelChart}, and {@code order/*} requests are answered; a second quote
 * subscription to one contract on a socket is refused, as Tradovate keeps one; a
 * {@code user/syncrequest} with {@code "splitResponses":true} is answered in two parts
 * with the same id. A user may hold {@link #setConnectionLimit 50} authorized sockets;
 * one more closes the oldest. A socket authorized once stays usable after its token
 * expires, as Tradovate's do.
 * <p>
 * Faults: {@link #dropAll()}, {@link #stopAnswering()}, {@link #closeAll(int, String)},
 * {@link #closeAllBare()}, {@link #shutdown(String)},
 * {@link #refuseNextAuthorizations(int)}, {@link #refuseMarketDataTokens()},
 * {@link #rateLimitNextRequests(int, Duration)},
 * {@link #penalizeRequests(String, int, Duration)},
 * {@link #answerTooManyRequests(String, int)},
 * {@link #delayAnswers(String, int, Duration)} and {@link #ignoreRequests(String, int)}.
 */
public final class SimulatedWebSockets {

	static final String TRADING_PATH = "/v1/websocket";

	static final String MARKET_DATA_PATH = "/md/v1/websocket";

	private static final System.Logger logger = System.getLogger(SimulatedWebSockets.class.getName());

	final AuthenticationState state;

	final SocketFaults faults = new SocketFaults();

	private final JsonMapper json = JsonMapper.shared();

	final Set<SimulatedSocket> sockets = ConcurrentHashMap.newKeySet();

	private final SimulatedStreams streams = new SimulatedStreams();

	private final List<String> requests = new CopyOnWriteArrayList<>();

	private final List<String[]> requestBodies = new CopyOnWriteArrayList<>();

	final Set<String> issuedTickets = ConcurrentHashMap.newKeySet();

	final AtomicInteger authorizations = new AtomicInteger();

	final AtomicInteger refusedAuthorizations = new AtomicInteger();

	final AtomicInteger authorizeRequests = new AtomicInteger();

	final AtomicInteger heartbeats = new AtomicInteger();

	private final AtomicInteger closedForSilence = new AtomicInteger();

	private final AtomicInteger connectionsOpened = new AtomicInteger();

	final AtomicInteger closedForConnectionLimit = new AtomicInteger();

	volatile int connectionLimit = 50;

	private volatile Duration serverHeartbeatInterval = Duration.ofMillis(2500);

	private volatile Duration clientSilenceTimeout = Duration.ofSeconds(15);

	private volatile Duration eventInterval = Duration.ofMillis(100);

	private WebServer server;

	ScheduledExecutorService executor;

	private ScheduledFuture<?> eventTask;

	SimulatedWebSockets(AuthenticationState state) {
		this.state = state;
	}

	void start() {
		TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(0);
		factory.setAddress(LoopbackHttpServer.loopbackAddress());
		// Tomcat runs filters, and so the WebSocket upgrade, only for requests that a
		// servlet maps.
		factory.setRegisterDefaultServlet(true);
		// What Spring Boot's WebSocket support does for Tomcat: install its WebSocket
		// container.
		factory.addContextCustomizers((context) -> context.addServletContainerInitializer(new WsSci(), null));
		this.server = factory.getWebServer((servletContext) -> servletContext.addListener(new ServletContextListener() {

			@Override
			public void contextInitialized(ServletContextEvent event) {
				ServerContainer container = (ServerContainer) event.getServletContext()
					.getAttribute(ServerContainer.class.getName());
				try {
					container.addEndpoint(endpoint(TRADING_PATH, false));
					container.addEndpoint(endpoint(MARKET_DATA_PATH, true));
				}
				catch (DeploymentException ex) {
					throw new IllegalStateException("Could not deploy the simulator's WebSockets", ex);
				}
			}

		}));
		this.server.start();
		this.executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "tradovate-simulator-websocket");
			thread.setDaemon(true);
			return thread;
		});
		this.executor.scheduleWithFixedDelay(this::heartbeatAndWatch, 100, 100, TimeUnit.MILLISECONDS);
		scheduleEvents();
	}

	void stop() {
		if (this.executor != null) {
			this.executor.shutdownNow();
		}
		if (this.server != null) {
			this.server.stop();
			this.server.destroy();
		}
	}

	private ServerEndpointConfig endpoint(String path, boolean marketData) {
		Endpoint endpoint = new SocketEndpoint(marketData);
		return ServerEndpointConfig.Builder.create(SocketEndpoint.class, path)
			.configurator(new ServerEndpointConfig.Configurator() {

				@Override
				public <T> T getEndpointInstance(Class<T> endpointClass) {
					return endpointClass.cast(endpoint);
				}

			})
			.build();
	}

	/**
	 * Return the URL of the trading socket, such as
	 * {@code ws://127.0.0.1:54321/v1/websocket}.
	 * @return the URL
	 */
	public URI tradingUrl() {
		return URI.create("ws://127.0.0.1:" + this.server.getPort() + TRADING_PATH);
	}

	/**
	 * Return the URL of the market data socket, such as
	 * {@code ws://127.0.0.1:54321/md/v1/websocket}.
	 * @return the URL
	 */
	public URI marketDataUrl() {
		return URI.create("ws://127.0.0.1:" + this.server.getPort() + MARKET_DATA_PATH);
	}

	/**
	 * Set how often the server sends {@code h} to every socket. Defaults to 2.5 seconds.
	 * @param interval the interval
	 */
	public void setServerHeartbeatInterval(Duration interval) {
		this.serverHeartbeatInterval = positive(interval, "interval");
	}

	/**
	 * Set how long a socket may send nothing before the server closes it. Defaults to 15
	 * seconds.
	 * @param timeout the timeout
	 */
	public void setClientSilenceTimeout(Duration timeout) {
		this.clientSilenceTimeout = positive(timeout, "timeout");
	}

	/**
	 * Set how often subscribed streams push their next numbered event. Defaults to 100
	 * ms.
	 * @param interval the interval
	 */
	public void setEventInterval(Duration interval) {
		this.eventInterval = positive(interval, "interval");
		if (this.executor != null) {
			scheduleEvents();
		}
	}

	private synchronized void scheduleEvents() {
		if (this.eventTask != null) {
			this.eventTask.cancel(false);
		}
		long millis = this.eventInterval.toMillis();
		this.eventTask = this.executor.scheduleWithFixedDelay(this::pushEvents, millis, millis, TimeUnit.MILLISECONDS);
	}

	private static Duration positive(Duration duration, String name) {
		Objects.requireNonNull(duration, () -> "'" + name + "' must not be null");
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException("'" + name + "' must be positive");
		}
		return duration;
	}

	/**
	 * Close every open socket at once with status 1001 (going away), as a server that
	 * restarts does.
	 */
	public void dropAll() {
		for (SimulatedSocket socket : this.sockets) {
			socket.drop();
		}
	}

	/**
	 * Make every open socket go silent: no heartbeats, responses or events from then on,
	 * while the connection stays open. Sockets opened later behave normally.
	 */
	public void stopAnswering() {
		this.sockets.forEach((socket) -> socket.muted = true);
	}

	/**
	 * Refuse the next authorizations with status 401, whatever their token.
	 * @param count how many to refuse
	 */
	public void refuseNextAuthorizations(int count) {
		this.faults.authorizationsToRefuse.addAndGet(count);
	}

	/**
	 * Refuse market data tokens on the market data socket from now on, so that only
	 * access tokens are accepted there.
	 */
	public void refuseMarketDataTokens() {
		this.faults.refuseMarketDataTokens = true;
	}

	/**
	 * Answer the next requests after {@code authorize} (and the next authorizations) with
	 * a time penalty: status 200 with {@code p-ticket}, {@code p-time} and
	 * {@code "p-captcha": false} in {@code d}.
	 * @param count how many to answer so
	 * @param pTime the {@code p-time}, in whole seconds
	 */
	public void rateLimitNextRequests(int count, Duration pTime) {
		this.faults.rateLimitTime = pTime;
		this.faults.requestsToRateLimit.addAndGet(count);
	}

	/**
	 * Answer the next requests after {@code authorize} late, while their subscriptions
	 * start at once: events of a stream arrive before the response that confirms it.
	 * @param count how many responses to delay
	 * @param delay how long to hold each of them
	 */
	public void delayNextResponses(int count, Duration delay) {
		this.faults.responseDelay = positive(delay, "delay");
		this.faults.responsesToDelay.addAndGet(count);
	}

	/**
	 * Return how many sockets are open.
	 * @return the count
	 */
	public int openSockets() {
		return this.sockets.size();
	}

	/**
	 * Return how many sockets are open and authorized.
	 * @return the count
	 */
	public int authorizedSockets() {
		return (int) this.sockets.stream().filter((socket) -> socket.user != null).count();
	}

	/**
	 * Return how many authorizations succeeded.
	 * @return the count
	 */
	public int authorizations() {
		return this.authorizations.get();
	}

	/**
	 * Return how many {@code authorize} requests arrived, answered or not.
	 * @return the count
	 */
	public int authorizeRequests() {
		return this.authorizeRequests.get();
	}

	/**
	 * Return how many authorizations were refused.
	 * @return the count
	 */
	public int refusedAuthorizations() {
		return this.refusedAuthorizations.get();
	}

	/**
	 * Return how many heartbeats ({@code []}) the sockets received.
	 * @return the count
	 */
	public int heartbeatsReceived() {
		return this.heartbeats.get();
	}

	/**
	 * Return how many sockets were closed because they sent nothing for too long.
	 * @return the count
	 */
	public int closedForSilence() {
		return this.closedForSilence.get();
	}

	/**
	 * Return the endpoints of the requests received after {@code authorize}, in order,
	 * such as {@code user/syncrequest}, prefixed with {@code md:} on the market data
	 * socket.
	 * @return the endpoints
	 */
	public List<String> requests() {
		return List.copyOf(this.requests);
	}

	/**
	 * Return how many requests to the given endpoint arrived on any socket.
	 * @param endpoint the endpoint, such as {@code user/syncrequest} or
	 * {@code md:md/subscribeQuote}
	 * @return the count
	 */
	public long requests(String endpoint) {
		return this.requests.stream().filter(endpoint::equals).count();
	}

	/**
	 * Hold the answers to the next requests to an endpoint (or {@code authorize}).
	 * @param endpoint the endpoint, such as {@code user/syncrequest}
	 * @param count how many answers to delay
	 * @param delay how long to hold each
	 */
	public void delayAnswers(String endpoint, int count, Duration delay) {
		this.faults.add(endpoint, SocketFaults.Fault.of(SocketFaults.Kind.DELAY, count, positive(delay, "delay")));
	}

	/**
	 * Never answer the next requests to an endpoint (or {@code authorize}).
	 * @param endpoint the endpoint
	 * @param count how many to leave unanswered
	 */
	public void ignoreRequests(String endpoint, int count) {
		this.faults.add(endpoint, SocketFaults.Fault.of(SocketFaults.Kind.IGNORE, count, Duration.ZERO));
	}

	/**
	 * Answer the next requests to one endpoint with a time penalty ({@code p-ticket},
	 * {@code p-time}), as Tradovate does for requests of one type.
	 * @param endpoint the endpoint, such as {@code md/subscribeQuote}
	 * @param count how many to answer so
	 * @param pTime the {@code p-time}, in whole seconds
	 */
	public void penalizeRequests(String endpoint, int count, Duration pTime) {
		this.faults.add(endpoint, SocketFaults.Fault.of(SocketFaults.Kind.PENALTY, count, pTime));
	}

	/**
	 * Answer the next requests to an endpoint with {@code {"s":429,"i":<id>}}.
	 * @param endpoint the endpoint
	 * @param count how many to answer so
	 */
	public void answerTooManyRequests(String endpoint, int count) {
		this.faults.add(endpoint, SocketFaults.Fault.of(SocketFaults.Kind.TOO_MANY_REQUESTS, count, Duration.ZERO));
	}

	/**
	 * Close every open socket with Tradovate's close frame {@code c[code,"reason"]}.
	 * @param code the code
	 * @param reason the reason
	 */
	public void closeAll(int code, String reason) {
		this.sockets.forEach((socket) -> socket.closeWithFrame(code, reason));
	}

	/**
	 * Close every open socket with a bare {@code c} frame, no code or reason.
	 */
	public void closeAllBare() {
		this.sockets.forEach((socket) -> socket.closeWithFrame(0, ""));
	}

	/**
	 * Send Tradovate's {@code shutdown} event to every open socket, then close it.
	 * @param reasonCode {@code Maintenance}, {@code ConnectionQuotaReached} or
	 * {@code IPQuotaReached}
	 */
	public void shutdown(String reasonCode) {
		ObjectNode event = this.json.createObjectNode();
		event.put("e", "shutdown");
		event.putObject("d").put("reasonCode", reasonCode).put("reason", "Simulated " + reasonCode);
		this.sockets.forEach((socket) -> {
			socket.send("a[" + event + "]");
			socket.closeWithFrame(1000, "Shutdown");
		});
	}

	/**
	 * Set how many authorized sockets a user may hold; authorizing one more closes the
	 * oldest, as Tradovate does. Defaults to 50, Tradovate's default for partners.
	 * @param limit the limit
	 */
	public void setConnectionLimit(int limit) {
		this.connectionLimit = limit;
	}

	/**
	 * Return how many sockets were opened since the start or the last reset.
	 * @return the count
	 */
	public int connectionsOpened() {
		return this.connectionsOpened.get();
	}

	/**
	 * Return how many sockets were closed for the per-user connection limit.
	 * @return the count
	 */
	public int closedForConnectionLimit() {
		return this.closedForConnectionLimit.get();
	}

	/**
	 * Return the bodies of the requests to an endpoint, in order.
	 * @param endpoint the endpoint as {@link #requests()} names it, such as
	 * {@code md:md/unsubscribeQuote}
	 * @return the bodies
	 */
	public List<String> requestBodies(String endpoint) {
		return this.requestBodies.stream()
			.filter((entry) -> entry[0].equals(endpoint))
			.map((entry) -> entry[1])
			.toList();
	}

	/**
	 * Return how many requests to an endpoint carried a {@code p-ticket} that the
	 * simulator issued.
	 * @param endpoint the endpoint as {@link #requests()} names it
	 * @return the count
	 */
	public long ticketedRequests(String endpoint) {
		return requestBodies(endpoint).stream()
			.filter((body) -> this.issuedTickets.stream()
				.anyMatch((ticket) -> body.contains("\"p-ticket\":\"" + ticket)))
			.count();
	}

	void recordRequest(String endpoint, String body) {
		this.requests.add(endpoint);
		this.requestBodies.add(new String[] { endpoint, body });
	}

	/**
	 * Forget faults and counts and close every socket. Settings are kept.
	 */
	void reset() {
		this.faults.reset();
		this.connectionLimit = 50;
		dropAll();
		this.sockets.clear();
		this.requests.clear();
		this.requestBodies.clear();
		this.issuedTickets.clear();
		this.connectionsOpened.set(0);
		this.authorizeRequests.set(0);
		this.closedForConnectionLimit.set(0);
		this.authorizations.set(0);
		this.refusedAuthorizations.set(0);
		this.heartbeats.set(0);
		this.closedForSilence.set(0);
	}

	private void heartbeatAndWatch() {
		long now = System.nanoTime();
		for (SimulatedSocket socket : this.sockets) {
			if (now - socket.lastReceived >= this.clientSilenceTimeout.toNanos()) {
				this.closedForSilence.incrementAndGet();
				socket.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "No heartbeat"));
			}
			else if (now - socket.lastSent >= this.serverHeartbeatInterval.toNanos()) {
				socket.send("h");
			}
		}
	}

	private void pushEvents() {
		this.streams.push(this.sockets);
	}

	/**
	 * The endpoint of one of the two paths; one instance serves all of its sockets.
	 */
	private final class SocketEndpoint extends Endpoint {

		private final boolean marketData;

		SocketEndpoint(boolean marketData) {
			this.marketData = marketData;
		}

		@Override
		public void onOpen(Session session, EndpointConfig config) {
			SimulatedSocket socket = new SimulatedSocket(SimulatedWebSockets.this, session, this.marketData);
			SimulatedWebSockets.this.connectionsOpened.incrementAndGet();
			SimulatedWebSockets.this.sockets.add(socket);
			session.addMessageHandler(String.class, (MessageHandler.Whole<String>) socket::received);
			socket.send("o");
		}

		@Override
		public void onClose(Session session, CloseReason closeReason) {
			SimulatedWebSockets.this.sockets.removeIf((socket) -> socket.session == session);
		}

		@Override
		public void onError(Session session, Throwable error) {
			SimulatedWebSockets.this.sockets.removeIf((socket) -> socket.session == session);
		}

	}

}
