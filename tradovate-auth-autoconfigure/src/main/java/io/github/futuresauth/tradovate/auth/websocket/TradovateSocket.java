package io.github.futuresauth.tradovate.auth.websocket;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.TaskScheduler;

/**
 * One WebSocket to Tradovate, from opening to closing: it assembles frames up to a size
 * cap, correlates answers with requests by id, sends the heartbeat at a fixed rate and
 * gives up when nothing arrives for the silence timeout. What the socket is for
 * (authorizing, subscribing, reconnecting) is the {@link Callbacks owner}'s business; a
 * socket is never opened twice.
 */
final class TradovateSocket implements WebSocket.Listener {

	private static final Log logger = LogFactory.getLog(TradovateSocket.class);

	private static final String HEARTBEAT = "[]";

	private final String name;

	private final Callbacks callbacks;

	private final Settings settings;

	private final TradovateFrameParser parser;

	private final AtomicLong ids = new AtomicLong();

	private final Map<Long, Request> requests = new ConcurrentHashMap<>();

	private final StringBuilder partial = new StringBuilder();

	private final AtomicBoolean lost = new AtomicBoolean();

	private volatile Instant lastReceived;

	private @Nullable WebSocket webSocket;

	private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

	private @Nullable ScheduledFuture<?> heartbeatTask;

	private Instant nextHeartbeat;

	TradovateSocket(String name, Settings settings, TradovateFrameParser parser, Callbacks callbacks) {
		this.name = name;
		this.settings = settings;
		this.parser = parser;
		this.callbacks = callbacks;
		this.lastReceived = settings.clock().instant();
		this.nextHeartbeat = this.lastReceived.plus(settings.heartbeatInterval());
	}

	/**
	 * Open the socket and start its heartbeat.
	 * @param httpClient the client that opens it
	 * @param url the URL
	 */
	void open(HttpClient httpClient, URI url) {
		scheduleHeartbeat();
		httpClient.newWebSocketBuilder()
			.connectTimeout(this.settings.connectTimeout())
			.buildAsync(url, this)
			.whenComplete((webSocket, ex) -> {
				if (ex != null) {
					lost("Could not connect: " + rootMessage(ex));
				}
			});
	}

	/**
	 * Send a request.
	 * @param endpoint the endpoint, or {@code authorize}
	 * @param query the query, or {@code null}
	 * @param body the body, or {@code null}
	 * @param following told about further answers with the same id, or {@code null}
	 * @return the first answer; failed when the socket is lost first
	 */
	CompletableFuture<TradovateResponse> send(String endpoint, @Nullable String query, @Nullable String body,
			@Nullable Consumer<TradovateResponse> following) {
		long id = this.ids.incrementAndGet();
		Request request = new Request(new CompletableFuture<>(), following);
		this.requests.put(id, request);
		if (this.lost.get()) {
			this.requests.remove(id);
			request.first.completeExceptionally(closed("it closed"));
			return request.first;
		}
		if (following == null) {
			// Forgotten however it ends, so that unanswered requests do not pile up.
			request.first.whenComplete((response, ex) -> this.requests.remove(id));
		}
		sendText(endpoint + "\n" + id + "\n" + ((query != null) ? query : "") + "\n" + ((body != null) ? body : ""));
		return request.first;
	}

	boolean isLost() {
		return this.lost.get();
	}

	/**
	 * Give the socket up: stop its heartbeat, fail its requests, and tell the owner
	 * (once).
	 * @param reason why, without secrets
	 */
	void lost(String reason) {
		if (!this.lost.compareAndSet(false, true)) {
			return;
		}
		ScheduledFuture<?> heartbeat;
		synchronized (this) {
			heartbeat = this.heartbeatTask;
			this.heartbeatTask = null;
		}
		if (heartbeat != null) {
			heartbeat.cancel(false);
		}
		List<Request> orphans = new ArrayList<>(this.requests.values());
		this.requests.clear();
		TradovateWebSocketException failure = closed(reason);
		orphans.forEach((request) -> request.first.completeExceptionally(failure));
		this.callbacks.lost(this, reason);
	}

	/**
	 * Say goodbye to the server.
	 * @param reason the close reason
	 * @return completes when the close frame was sent
	 */
	CompletableFuture<?> close(String reason) {
		lost(reason);
		synchronized (this) {
			WebSocket socket = this.webSocket;
			if (socket == null || socket.isOutputClosed()) {
				return CompletableFuture.completedFuture(null);
			}
			this.sending = this.sending.handle((result, ex) -> null)
				.thenCompose((previous) -> socket.sendClose(WebSocket.NORMAL_CLOSURE, reason));
			return this.sending;
		}
	}

	void abort() {
		lost("Aborted");
		WebSocket socket;
		synchronized (this) {
			socket = this.webSocket;
		}
		if (socket != null) {
			socket.abort();
		}
	}

	@Override
	public void onOpen(WebSocket webSocket) {
		synchronized (this) {
			this.webSocket = webSocket;
		}
		if (this.lost.get()) {
			webSocket.abort();
			return;
		}
		webSocket.request(1);
	}

	@Override
	public @Nullable CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
		if (this.partial.length() + data.length() > this.settings.maxFrameSize()) {
			this.partial.setLength(0);
			lost("A frame of more than " + this.settings.maxFrameSize() + " characters arrived; raise "
					+ "tradovate.websocket.max-frame-size (TradovateWebSocketClient.setMaxFrameSize) if the "
					+ "server's answers are that large");
			webSocket.abort();
			return null;
		}
		this.partial.append(data);
		if (last) {
			String text = this.partial.toString();
			this.partial.setLength(0);
			try {
				handle(text);
			}
			catch (RuntimeException ex) {
				logger.warn("Could not handle a frame on the '" + this.name + "' WebSocket: " + ex.getMessage());
			}
		}
		webSocket.request(1);
		return null;
	}

	@Override
	public @Nullable CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
		lost("Closed by the server (" + statusCode + (reason.isEmpty() ? "" : " " + reason) + ")");
		return null;
	}

	@Override
	public void onError(WebSocket webSocket, Throwable error) {
		lost(rootMessage(error));
	}

	private void handle(String text) {
		this.lastReceived = this.settings.clock().instant();
		TradovateFrame frame = this.parser.parse(text);
		if (frame instanceof TradovateFrame.Open) {
			this.callbacks.opened(this);
		}
		else if (frame instanceof TradovateFrame.Messages messages) {
			for (TradovateMessage message : messages.messages()) {
				this.callbacks.received();
				if (message instanceof TradovateResponse response) {
					answered(response);
				}
				else if (message instanceof TradovateEvent event) {
					this.callbacks.event(this, event);
				}
			}
		}
		else if (frame instanceof TradovateFrame.Closed closed) {
			lost("Closed by the server" + ((closed.code() != 0)
					? " (" + closed.code() + (closed.reason().isEmpty() ? "" : " " + closed.reason()) + ")" : ""));
			abort();
		}
	}

	private void answered(TradovateResponse response) {
		Request request = this.requests.get(response.requestId());
		if (request == null) {
			logger.debug("An answer to no open request arrived on the '" + this.name + "' WebSocket");
			return;
		}
		if (!request.first.isDone()) {
			if (request.following == null) {
				this.requests.remove(response.requestId());
			}
			request.first.complete(response);
		}
		else if (request.following != null) {
			request.following.accept(response);
		}
	}

	// Heartbeat: at a fixed rate, whatever else was sent, so that a busy socket keeps
	// its rhythm.

	private void scheduleHeartbeat() {
		synchronized (this) {
			if (this.lost.get()) {
				return;
			}
			this.heartbeatTask = this.settings.scheduler().schedule(this::beat, this.nextHeartbeat);
		}
	}

	private void beat() {
		if (this.lost.get()) {
			return;
		}
		Instant now = this.settings.clock().instant();
		Duration silence = this.settings.silenceTimeout();
		if (!now.isBefore(this.lastReceived.plus(silence))) {
			this.callbacks.silent();
			lost("Nothing received for " + silence.toMillis() + " ms");
			abort();
			return;
		}
		sendText(HEARTBEAT);
		long interval = this.settings.heartbeatInterval().toMillis();
		// Beats missed while the scheduler was late are skipped, not sent in a burst.
		long behind = Duration.between(this.nextHeartbeat, now).toMillis();
		this.nextHeartbeat = this.nextHeartbeat.plusMillis(interval * (behind / interval + 1));
		scheduleHeartbeat();
	}

	private void sendText(String text) {
		synchronized (this) {
			WebSocket socket = this.webSocket;
			if (socket == null) {
				return;
			}
			// The JDK allows one outstanding send per socket: queue them.
			this.sending = this.sending.thenCompose((previous) -> socket.sendText(text, true))
				.whenComplete((result, ex) -> {
					if (ex != null) {
						lost("Could not send: " + rootMessage(ex));
						socket.abort();
					}
				});
		}
	}

	private TradovateWebSocketException closed(String reason) {
		return new TradovateWebSocketException(
				"The '" + this.name + "' WebSocket closed before the response arrived: " + reason);
	}

	static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.getClass().getSimpleName() + ((root.getMessage() != null) ? ": " + root.getMessage() : "");
	}

	private record Request(CompletableFuture<TradovateResponse> first,
			@Nullable Consumer<TradovateResponse> following) {

	}

	/**
	 * What a socket needs to know, fixed when it opens.
	 *
	 * @param clock the clock
	 * @param scheduler runs the heartbeat
	 * @param connectTimeout time to wait for the socket to open
	 * @param heartbeatInterval how often to send the heartbeat
	 * @param silenceTimeout how long nothing may arrive
	 * @param maxFrameSize the largest frame, in characters
	 */
	record Settings(Clock clock, TaskScheduler scheduler, Duration connectTimeout, Duration heartbeatInterval,
			Duration silenceTimeout, int maxFrameSize) {

	}

	/**
	 * How a socket tells its owner what happens. Called on the socket's thread, or the
	 * scheduler's: quick, and never blocking.
	 */
	interface Callbacks {

		/**
		 * The server sent {@code o}: the socket waits for {@code authorize}.
		 * @param socket the socket
		 */
		void opened(TradovateSocket socket);

		/**
		 * The server pushed an event.
		 * @param socket the socket
		 * @param event the event
		 */
		void event(TradovateSocket socket, TradovateEvent event);

		/**
		 * The socket was given up, and its requests failed.
		 * @param socket the socket
		 * @param reason why, without secrets
		 */
		void lost(TradovateSocket socket, String reason);

		/**
		 * A message arrived, for counting.
		 */
		default void received() {
		}

		/**
		 * The socket is given up because nothing arrived, for counting.
		 */
		default void silent() {
		}

	}

}
