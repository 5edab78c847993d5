package io.github.futuresauth.tradovate.simulator;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

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
import tools.jackson.databind.JsonNode;
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
 * {@code props} events ({@code d.entity.seq});</li>
 * <li>{@code md/subscribeQuote} with {@code {"symbol":"..."}} pushes numbered {@code md}
 * quotes ({@code d.quotes[0].seq}).</li>
 * </ul>
 * Events are numbered per user and per symbol, so every socket subscribed to the same
 * stream receives the same numbers, and a client that moves between sockets can show that
 * it lost and repeated nothing. A socket that sends nothing, not even the heartbeat
 * {@code []}, for the {@link #setClientSilenceTimeout silence timeout} is closed. Timing
 * here is real time.
 * <p>
 * Faults: {@link #dropAll()}, {@link #stopAnswering()},
 * {@link #refuseNextAuthorizations(int)}, {@link #refuseMarketDataTokens()} and
 * {@link #rateLimitNextRequests(int, Duration)}.
 */
public final class SimulatedWebSockets {

	static final String TRADING_PATH = "/v1/websocket";

	static final String MARKET_DATA_PATH = "/md/v1/websocket";

	private static final System.Logger logger = System.getLogger(SimulatedWebSockets.class.getName());

	private final AuthenticationState state;

	private final JsonMapper json = JsonMapper.shared();

	private final Set<SimulatedSocket> sockets = ConcurrentHashMap.newKeySet();

	private final Map<String, AtomicLong> streams = new ConcurrentHashMap<>();

	private final List<String> requests = new CopyOnWriteArrayList<>();

	private final AtomicInteger authorizations = new AtomicInteger();

	private final AtomicInteger refusedAuthorizations = new AtomicInteger();

	private final AtomicInteger heartbeats = new AtomicInteger();

	private final AtomicInteger closedForSilence = new AtomicInteger();

	private final AtomicInteger authorizationsToRefuse = new AtomicInteger();

	private final AtomicInteger requestsToRateLimit = new AtomicInteger();

	private volatile Duration rateLimitTime = Duration.ZERO;

	private final AtomicInteger responsesToDelay = new AtomicInteger();

	private volatile Duration responseDelay = Duration.ZERO;

	private volatile boolean refuseMarketDataTokens;

	private volatile Duration serverHeartbeatInterval = Duration.ofMillis(2500);

	private volatile Duration clientSilenceTimeout = Duration.ofSeconds(15);

	private volatile Duration eventInterval = Duration.ofMillis(100);

	private WebServer server;

	private ScheduledExecutorService executor;

	private ScheduledFuture<?> eventTask;

	SimulatedWebSockets(AuthenticationState state) {
		this.state = state;
	}

	void start() {
		TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(0);
		factory.setAddress(loopbackAddress());
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
		this.authorizationsToRefuse.addAndGet(count);
	}

	/**
	 * Refuse market data tokens on the market data socket from now on, so that only
	 * access tokens are accepted there.
	 */
	public void refuseMarketDataTokens() {
		this.refuseMarketDataTokens = true;
	}

	/**
	 * Answer the next requests after {@code authorize} (and the next authorizations) with
	 * a time penalty: status 200 with {@code p-ticket}, {@code p-time} and
	 * {@code "p-captcha": false} in {@code d}.
	 * @param count how many to answer so
	 * @param pTime the {@code p-time}, in whole seconds
	 */
	public void rateLimitNextRequests(int count, Duration pTime) {
		this.rateLimitTime = pTime;
		this.requestsToRateLimit.addAndGet(count);
	}

	/**
	 * Answer the next requests after {@code authorize} late, while their subscriptions
	 * start at once: events of a stream arrive before the response that confirms it.
	 * @param count how many responses to delay
	 * @param delay how long to hold each of them
	 */
	public void delayNextResponses(int count, Duration delay) {
		this.responseDelay = positive(delay, "delay");
		this.responsesToDelay.addAndGet(count);
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
	 * Forget faults and counts and close every socket. Settings are kept.
	 */
	void reset() {
		this.authorizationsToRefuse.set(0);
		this.requestsToRateLimit.set(0);
		this.responsesToDelay.set(0);
		this.refuseMarketDataTokens = false;
		dropAll();
		this.sockets.clear();
		this.requests.clear();
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
		Map<String, List<SimulatedSocket>> subscribers = new java.util.HashMap<>();
		for (SimulatedSocket socket : this.sockets) {
			for (String stream : socket.streams) {
				subscribers.computeIfAbsent(stream, (key) -> new ArrayList<>()).add(socket);
			}
		}
		subscribers.forEach((stream, sockets) -> {
			long seq = this.streams.computeIfAbsent(stream, (key) -> new AtomicLong()).incrementAndGet();
			String frame = "a[" + event(stream, seq) + "]";
			sockets.forEach((socket) -> socket.send(frame));
		});
	}

	private String event(String stream, long seq) {
		ObjectNode event = this.json.createObjectNode();
		if (stream.startsWith("user:")) {
			event.put("e", "props");
			ObjectNode data = event.putObject("d");
			data.put("entityType", "cashBalance");
			data.put("eventType", "Updated");
			ObjectNode entity = data.putObject("entity");
			entity.put("id", seq);
			entity.put("accountId", Long.parseLong(stream.substring("user:".length())));
			entity.put("seq", seq);
			entity.put("amount", 50_000 + seq);
		}
		else {
			event.put("e", "md");
			ObjectNode quote = event.putObject("d").putArray("quotes").addObject();
			quote.put("symbol", stream.substring("quote:".length()));
			quote.put("seq", seq);
			quote.putObject("entries").putObject("Trade").put("price", 6000.25 + (seq % 8) * 0.25).put("size", 1);
		}
		return event.toString();
	}

	private static InetAddress loopbackAddress() {
		try {
			return InetAddress.getByAddress("localhost", new byte[] { 127, 0, 0, 1 });
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
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
			SimulatedSocket socket = new SimulatedSocket(session, this.marketData);
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

	/**
	 * One open socket.
	 */
	private final class SimulatedSocket {

		final Session session;

		final boolean marketData;

		final Set<String> streams = ConcurrentHashMap.newKeySet();

		volatile SimulatedUser user;

		volatile boolean muted;

		volatile long lastReceived = System.nanoTime();

		volatile long lastSent = System.nanoTime();

		/**
		 * How long to hold the response to the request being handled; the container hands
		 * a socket's messages over one at a time.
		 */
		private long delayMillis;

		SimulatedSocket(Session session, boolean marketData) {
			this.session = session;
			this.marketData = marketData;
		}

		void received(String text) {
			this.lastReceived = System.nanoTime();
			if (text.equals("[]")) {
				SimulatedWebSockets.this.heartbeats.incrementAndGet();
				return;
			}
			String[] lines = text.split("\n", 4);
			if (lines.length < 2) {
				return;
			}
			String endpoint = lines[0];
			long id;
			try {
				id = Long.parseLong(lines[1].trim());
			}
			catch (NumberFormatException ex) {
				return;
			}
			String body = (lines.length > 3) ? lines[3] : "";
			if (endpoint.equals("authorize")) {
				authorize(id, body);
				return;
			}
			SimulatedWebSockets.this.requests.add((this.marketData ? "md:" : "") + endpoint);
			if (this.user == null) {
				respond(id, 401, "\"Access is denied\"");
				return;
			}
			if (SimulatedWebSockets.this.state.isRateLimited(this.user.name())) {
				// A user-level limit: the socket stays open, its requests are refused.
				respond(id, 429, null);
				return;
			}
			if (rateLimited(id)) {
				return;
			}
			this.delayMillis = (SimulatedWebSockets.this.responsesToDelay.getAndUpdate((n) -> Math.max(0, n - 1)) > 0)
					? SimulatedWebSockets.this.responseDelay.toMillis() : 0;
			switch (endpoint.toLowerCase(Locale.ROOT)) {
				case "user/syncrequest" -> {
					this.streams.add("user:" + this.user.accountId());
					respond(id, 200, snapshot(this.user));
				}
				case "md/subscribequote" -> {
					String symbol = symbol(body);
					if (!this.marketData || symbol == null) {
						respond(id, 400, "\"Expected {\\\"symbol\\\":...} on the market data socket\"");
					}
					else {
						this.streams.add("quote:" + symbol);
						respond(id, 200, "\"OK\"");
					}
				}
				default -> respond(id, 404, "\"Not found\"");
			}
		}

		private void authorize(long id, String token) {
			if (rateLimited(id)) {
				return;
			}
			if (SimulatedWebSockets.this.state.rateLimitOf(token) != null) {
				respond(id, 429, null);
				return;
			}
			Optional<SimulatedUser> user = Optional.empty();
			if (SimulatedWebSockets.this.authorizationsToRefuse.getAndUpdate((n) -> Math.max(0, n - 1)) == 0) {
				user = SimulatedWebSockets.this.state.userOf(token);
				if (user.isEmpty() && this.marketData && !SimulatedWebSockets.this.refuseMarketDataTokens) {
					user = SimulatedWebSockets.this.state.userOfMarketDataToken(token);
				}
			}
			if (user.isPresent()) {
				this.user = user.get();
				SimulatedWebSockets.this.authorizations.incrementAndGet();
				respond(id, 200, null);
			}
			else {
				SimulatedWebSockets.this.refusedAuthorizations.incrementAndGet();
				respond(id, 401, "\"Access is denied\"");
			}
		}

		private boolean rateLimited(long id) {
			if (SimulatedWebSockets.this.requestsToRateLimit.getAndUpdate((n) -> Math.max(0, n - 1)) == 0) {
				return false;
			}
			long seconds = SimulatedWebSockets.this.rateLimitTime.toSeconds();
			respond(id, 200, "{\"p-ticket\":\"" + java.util.UUID.randomUUID() + "\",\"p-time\":" + seconds
					+ ",\"p-captcha\":false}");
			return true;
		}

		private String symbol(String body) {
			try {
				JsonNode node = SimulatedWebSockets.this.json.readTree(body);
				JsonNode symbol = (node != null) ? node.get("symbol") : null;
				return (symbol != null && symbol.isString()) ? symbol.stringValue() : null;
			}
			catch (RuntimeException ex) {
				return null;
			}
		}

		private String snapshot(SimulatedUser user) {
			ObjectNode data = SimulatedWebSockets.this.json.createObjectNode();
			data.putArray("users").addObject().put("id", user.userId()).put("name", user.name());
			data.putArray("accounts")
				.addObject()
				.put("id", user.accountId())
				.put("name", "DEMO" + user.accountId())
				.put("userId", user.userId());
			data.putArray("cashBalances").addObject().put("accountId", user.accountId()).put("amount", 50_000);
			return data.toString();
		}

		private void respond(long id, int status, String data) {
			String frame = "a[{\"s\":" + status + ",\"i\":" + id + ((data != null) ? ",\"d\":" + data : "") + "}]";
			long delay = this.delayMillis;
			this.delayMillis = 0;
			if (delay > 0) {
				SimulatedWebSockets.this.executor.schedule(() -> send(frame), delay, TimeUnit.MILLISECONDS);
			}
			else {
				send(frame);
			}
		}

		void send(String frame) {
			if (this.muted) {
				return;
			}
			synchronized (this) {
				if (!this.session.isOpen()) {
					return;
				}
				try {
					this.session.getBasicRemote().sendText(frame);
					this.lastSent = System.nanoTime();
				}
				catch (IOException | IllegalStateException ex) {
					logger.log(System.Logger.Level.DEBUG, "Could not send to a simulated socket: " + ex.getMessage());
				}
			}
		}

		void close(CloseReason reason) {
			SimulatedWebSockets.this.sockets.remove(this);
			try {
				this.session.close(reason);
			}
			catch (IOException ex) {
				logger.log(System.Logger.Level.DEBUG, "Could not close a simulated socket: " + ex.getMessage());
			}
		}

		void drop() {
			close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "Dropped"));
		}

	}

}
