package io.github.futuresauth.tradovate.simulator;

import java.io.IOException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One open socket of {@link SimulatedWebSockets}: authorizes once, then answers requests
 * as Tradovate does. A socket authorized once stays usable after its token expires.
 */
final class SimulatedSocket {

	private static final System.Logger logger = System.getLogger(SimulatedSocket.class.getName());

	private static final AtomicLong ids = new AtomicLong(1000);

	private static final AtomicLong opened = new AtomicLong();

	final Session session;

	final boolean marketData;

	final long openedOrder = opened.incrementAndGet();

	final Set<String> streams = ConcurrentHashMap.newKeySet();

	volatile SimulatedUser user;

	volatile boolean muted;

	volatile long lastReceived = System.nanoTime();

	volatile long lastSent = System.nanoTime();

	private final SimulatedWebSockets owner;

	private final JsonMapper json = JsonMapper.shared();

	SimulatedSocket(SimulatedWebSockets owner, Session session, boolean marketData) {
		this.owner = owner;
		this.session = session;
		this.marketData = marketData;
	}

	void received(String text) {
		this.lastReceived = System.nanoTime();
		if (text.equals("[]")) {
			this.owner.heartbeats.incrementAndGet();
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
		SocketFaults.Fault fault = this.owner.faults.take(endpoint);
		if (endpoint.equals("authorize")) {
			this.owner.authorizeRequests.incrementAndGet();
			if (rateLimited(id, fault)) {
				return;
			}
			if (this.owner.state.rateLimitOf(body) != null) {
				respond(id, 429, null, 0);
				return;
			}
			authorize(id, body, delay(fault));
			return;
		}
		this.owner.recordRequest((this.marketData ? "md:" : "") + endpoint, body);
		if (this.user == null) {
			respond(id, 401, "\"Access is denied\"", 0);
			return;
		}
		if (this.owner.state.isRateLimited(this.user.name())) {
			// A user-level limit: the socket stays open, its requests are refused.
			respond(id, 429, null, 0);
			return;
		}
		if (rateLimited(id, fault)) {
			return;
		}
		long delay = delay(fault);
		if (delay == 0 && this.owner.faults.responsesToDelay.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
			delay = this.owner.faults.responseDelay.toMillis();
		}
		route(endpoint.toLowerCase(Locale.ROOT), id, body, delay);
	}

	private static long delay(SocketFaults.Fault fault) {
		return (fault != null && fault.kind() == SocketFaults.Kind.DELAY) ? fault.time().toMillis() : 0;
	}

	private void route(String endpoint, long id, String body, long delay) {
		JsonNode request = parse(body);
		switch (endpoint) {
			case "user/syncrequest" -> {
				this.streams.add("user:" + this.user.accountId());
				if (request.path("splitResponses").asBoolean(false)) {
					ObjectNode first = snapshot(this.user);
					ObjectNode second = this.json.createObjectNode();
					second.set("cashBalances", first.remove("cashBalances"));
					respond(id, 200, first.toString(), delay);
					respond(id, 200, second.toString(), delay);
				}
				else {
					respond(id, 200, snapshot(this.user).toString(), delay);
				}
			}
			case "md/subscribequote" -> {
				String symbol = request.path("symbol").asString(null);
				if (!this.marketData || symbol == null) {
					respond(id, 400, "\"Expected {\\\"symbol\\\":...} on the market data socket\"", delay);
				}
				else if (!this.streams.add("quote:" + symbol)) {
					// Tradovate keeps one quote subscription per contract and socket.
					respond(id, 400, "\"Already subscribed to " + symbol + "\"", delay);
				}
				else {
					respond(id, 200, "\"OK\"", delay);
				}
			}
			case "md/unsubscribequote" -> {
				this.streams.remove("quote:" + request.path("symbol").asString(""));
				respond(id, 200, "\"OK\"", delay);
			}
			case "md/getchart" -> chart(id, request.path("symbol").asString("ESZ6"), delay);
			case "md/cancelchart" -> {
				long realtimeId = request.path("subscriptionId").asLong(-1);
				this.streams.removeIf((stream) -> stream.startsWith("chart:") && stream.endsWith(":" + realtimeId));
				respond(id, 200, "\"OK\"", delay);
			}
			default -> {
				if (endpoint.startsWith("order/")) {
					// Orders are answered on either socket: the tests need no more.
					respond(id, 200, "{\"commandId\":" + ids.incrementAndGet() + "}", delay);
				}
				else {
					respond(id, 404, "\"Not found\"", delay);
				}
			}
		}
	}

	private void chart(long id, String symbol, long delay) {
		long historicalId = ids.incrementAndGet();
		long realtimeId = ids.incrementAndGet();
		respond(id, 200, "{\"historicalId\":" + historicalId + ",\"realtimeId\":" + realtimeId + "}", delay);
		// The history, then its end-of-history marker, then live bars under the
		// realtime id.
		send("a[{\"e\":\"chart\",\"d\":{\"charts\":[{\"id\":" + historicalId
				+ ",\"td\":20261204,\"bars\":[{\"timestamp\":\"2026-12-04T14:30:00Z\",\"open\":6000.25,"
				+ "\"high\":6001.0,\"low\":5999.75,\"close\":6000.5,\"upVolume\":10,\"downVolume\":8}]}]}}]");
		send("a[{\"e\":\"chart\",\"d\":{\"charts\":[{\"id\":" + historicalId + ",\"eoh\":true}]}}]");
		this.streams.add("chart:" + symbol + ":" + realtimeId);
	}

	private void authorize(long id, String token, long delay) {
		Optional<SimulatedUser> user = Optional.empty();
		if (this.owner.faults.authorizationsToRefuse.getAndUpdate((n) -> Math.max(0, n - 1)) == 0) {
			user = this.owner.state.userOf(token);
			if (user.isEmpty() && this.marketData && !this.owner.faults.refuseMarketDataTokens) {
				user = this.owner.state.userOfMarketDataToken(token);
			}
		}
		if (user.isPresent()) {
			this.user = user.get();
			this.owner.authorizations.incrementAndGet();
			respond(id, 200, null, delay);
			closeOldestBeyondTheLimit();
		}
		else {
			this.owner.refusedAuthorizations.incrementAndGet();
			respond(id, 401, "\"Access is denied\"", delay);
		}
	}

	/**
	 * Close the user's oldest authorized sockets beyond the connection limit, as
	 * Tradovate does.
	 */
	private void closeOldestBeyondTheLimit() {
		List<SimulatedSocket> ofUser = this.owner.sockets.stream()
			.filter((other) -> other.user != null && other.user.userId() == this.user.userId())
			.sorted(Comparator.comparingLong((SimulatedSocket other) -> other.openedOrder))
			.toList();
		for (int i = 0; i < ofUser.size() - this.owner.connectionLimit; i++) {
			this.owner.closedForConnectionLimit.incrementAndGet();
			ofUser.get(i).closeWithFrame(1008, "Connection limit reached");
		}
	}

	private boolean rateLimited(long id, SocketFaults.Fault fault) {
		if (fault != null && fault.kind() == SocketFaults.Kind.IGNORE) {
			return true;
		}
		if (fault != null && fault.kind() == SocketFaults.Kind.TOO_MANY_REQUESTS) {
			send("a[{\"s\":429,\"i\":" + id + "}]");
			return true;
		}
		Duration penalty = null;
		if (fault != null && fault.kind() == SocketFaults.Kind.PENALTY) {
			penalty = fault.time();
		}
		else if (this.owner.faults.requestsToRateLimit.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
			penalty = this.owner.faults.rateLimitTime;
		}
		if (penalty == null) {
			return false;
		}
		String ticket = UUID.randomUUID().toString();
		this.owner.issuedTickets.add(ticket);
		respond(id, 200, "{\"p-ticket\":\"" + ticket + "\",\"p-time\":" + penalty.toSeconds() + ",\"p-captcha\":false}",
				0);
		return true;
	}

	private JsonNode parse(String body) {
		try {
			JsonNode node = body.isBlank() ? null : this.json.readTree(body);
			return (node != null) ? node : this.json.createObjectNode();
		}
		catch (RuntimeException ex) {
			return this.json.createObjectNode();
		}
	}

	private ObjectNode snapshot(SimulatedUser user) {
		ObjectNode data = this.json.createObjectNode();
		data.putArray("users").addObject().put("id", user.userId()).put("name", user.name());
		data.putArray("accounts")
			.addObject()
			.put("id", user.accountId())
			.put("name", "DEMO" + user.accountId())
			.put("userId", user.userId());
		data.putArray("cashBalances").addObject().put("accountId", user.accountId()).put("amount", 50_000);
		return data;
	}

	private void respond(long id, int status, String data, long delayMillis) {
		String frame = "a[{\"s\":" + status + ",\"i\":" + id + ((data != null) ? ",\"d\":" + data : "") + "}]";
		if (delayMillis > 0) {
			this.owner.executor.schedule(() -> send(frame), delayMillis, TimeUnit.MILLISECONDS);
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
		this.owner.sockets.remove(this);
		try {
			this.session.close(reason);
		}
		catch (IOException ex) {
			logger.log(System.Logger.Level.DEBUG, "Could not close a simulated socket: " + ex.getMessage());
		}
	}

	/**
	 * Send Tradovate's close frame, then close.
	 * @param code the code in the frame, or {@code 0} for a bare {@code c}
	 * @param reason the reason in the frame
	 */
	void closeWithFrame(int code, String reason) {
		send((code != 0) ? "c[" + code + ",\"" + reason + "\"]" : "c");
		close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, reason));
	}

	void drop() {
		close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "Dropped"));
	}

}
