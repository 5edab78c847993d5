package io.github.futuresauth.tradovate.auth.websocket;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import io.github.futuresauth.tradovate.auth.AccessToken;
import io.github.futuresauth.tradovate.auth.TokenProvider;
import io.github.futuresauth.tradovate.auth.websocket.TradovateWebSocketClient.Channel;
import io.github.futuresauth.tradovate.auth.websocket.TradovateWebSocketClient.State;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Keeps one {@link TradovateSocket} ready for a {@link TradovateWebSocketClient}: opens
 * it with the provider's current token, authorizes it once, sends the subscriptions,
 * watches the deadline from connect to ready, hands events to the listeners' thread, and
 * replaces a lost socket on the {@link ReconnectSchedule}. Owns the client's state.
 */
final class SocketKeeper implements TradovateSocket.Callbacks {

	private static final Log logger = LogFactory.getLog(TradovateWebSocketClient.class);

	private final String name;

	private final URI url;

	private final Channel channel;

	private final TokenProvider tokenProvider;

	private final SocketOptions options;

	private final RateLimits rateLimits;

	private final TradovateFrameParser parser = new TradovateFrameParser();

	private final Object monitor = new Object();

	private final List<TradovateWebSocketSubscription> subscriptions = new CopyOnWriteArrayList<>();

	final LongAdder connects = new LongAdder();

	final LongAdder reconnects = new LongAdder();

	final LongAdder messages = new LongAdder();

	final LongAdder heartbeatsMissed = new LongAdder();

	final LongAdder eventsDropped = new LongAdder();

	private @Nullable ThreadPoolTaskScheduler ownTaskScheduler;

	private @Nullable ListenerDispatcher dispatcher;

	// Guarded by monitor

	private State state = State.IDLE;

	private @Nullable TradovateSocket socket;

	private @Nullable AccessToken socketToken;

	private @Nullable String socketMarketDataToken;

	private Stage stage = Stage.OPENING;

	private boolean quotaShutdown;

	private CompletableFuture<Void> ready = new CompletableFuture<>();

	private @Nullable ScheduledFuture<?> readyDeadline;

	private @Nullable ScheduledFuture<?> reconnectTask;

	private @Nullable String refusedMarketDataToken;

	private @Nullable Instant openSince;

	private @Nullable Instant notReadySince;

	private @Nullable String lastFailure;

	SocketKeeper(String name, URI url, Channel channel, TokenProvider tokenProvider, SocketOptions options,
			RateLimits rateLimits) {
		this.name = name;
		this.url = url;
		this.channel = channel;
		this.tokenProvider = tokenProvider;
		this.options = options;
		this.rateLimits = rateLimits;
	}

	State state() {
		synchronized (this.monitor) {
			return this.state;
		}
	}

	@Nullable Instant openSince() {
		synchronized (this.monitor) {
			return this.openSince;
		}
	}

	@Nullable Instant notReadySince() {
		synchronized (this.monitor) {
			return this.notReadySince;
		}
	}

	@Nullable String lastFailure() {
		synchronized (this.monitor) {
			return this.lastFailure;
		}
	}

	List<TradovateWebSocketSubscription> subscriptions() {
		return List.copyOf(this.subscriptions);
	}

	void add(TradovateWebSocketSubscription subscription) {
		TradovateSocket authorized;
		synchronized (this.monitor) {
			this.subscriptions.add(subscription);
			// A socket that is past authorize gets it now; others send it when
			// authorized.
			authorized = (this.stage == Stage.SUBSCRIBING || this.stage == Stage.READY) ? this.socket : null;
		}
		if (authorized != null) {
			subscribe(authorized, subscription);
		}
		startIfIdle();
	}

	void remove(TradovateWebSocketSubscription subscription) {
		this.subscriptions.remove(subscription);
		TradovateWebSocketSubscription.Unsubscribe unsubscribe = subscription.unsubscribeRequest();
		TradovateSocket open;
		synchronized (this.monitor) {
			open = (this.state == State.OPEN) ? this.socket : null;
		}
		if (unsubscribe != null && open != null
				&& this.rateLimits.heldUntil(unsubscribe.endpoint(), this.options.clock.instant()) == null) {
			open.send(unsubscribe.endpoint(), null, unsubscribe.body(), null);
		}
	}

	CompletableFuture<TradovateResponse> request(String endpoint, @Nullable String query, @Nullable String body,
			@Nullable Consumer<TradovateResponse> following) {
		CompletableFuture<Void> open;
		synchronized (this.monitor) {
			if (this.state == State.CLOSED) {
				return CompletableFuture.failedFuture(
						new TradovateWebSocketException("The '" + this.name + "' WebSocket client is closed"));
			}
			open = this.ready;
		}
		TradovateWebSocketException held = this.rateLimits.refusal(endpoint);
		if (held != null) {
			return CompletableFuture.failedFuture(held);
		}
		startIfIdle();
		Consumer<TradovateResponse> onListenerThread = (following != null)
				? (response) -> dispatcher().dispatch(() -> following.accept(response)) : null;
		long timeout = this.options.requestTimeout.toMillis();
		return open.thenCompose((ignored) -> send(endpoint, query, body, onListenerThread))
			.orTimeout(timeout, TimeUnit.MILLISECONDS)
			.thenCompose((response) -> this.rateLimits.answered(endpoint, response,
					(ticketed) -> send(endpoint, query, ticketed, onListenerThread).orTimeout(timeout,
							TimeUnit.MILLISECONDS),
					body, taskScheduler()));
	}

	private CompletableFuture<TradovateResponse> send(String endpoint, @Nullable String query, @Nullable String body,
			@Nullable Consumer<TradovateResponse> following) {
		TradovateSocket open;
		synchronized (this.monitor) {
			open = (this.state == State.OPEN) ? this.socket : null;
		}
		if (open == null) {
			return CompletableFuture
				.failedFuture(new TradovateWebSocketException("The '" + this.name + "' WebSocket is not open"));
		}
		return open.send(endpoint, query, body, following);
	}

	void startIfIdle() {
		synchronized (this.monitor) {
			if (this.state != State.IDLE) {
				return;
			}
			this.state = State.CONNECTING;
			this.notReadySince = this.options.clock.instant();
		}
		connectLater();
	}

	/**
	 * Close the socket, saying goodbye to the server, and stop reconnecting. Waits up to
	 * a second for the server to acknowledge. Requests still waiting for a response fail;
	 * events not yet delivered are dropped.
	 */
	void close() {
		TradovateSocket open;
		synchronized (this.monitor) {
			if (this.state == State.CLOSED) {
				return;
			}
			this.state = State.CLOSED;
			this.openSince = null;
			this.notReadySince = null;
			cancel(this.reconnectTask);
			cancel(this.readyDeadline);
			open = this.socket;
			this.socket = null;
			this.ready.completeExceptionally(
					new TradovateWebSocketException("The '" + this.name + "' WebSocket client is closed"));
		}
		if (open != null) {
			try {
				open.close("Shutting down").get(1, TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				// Aborted below.
			}
			open.abort();
		}
		synchronized (this.monitor) {
			if (this.dispatcher != null) {
				this.dispatcher.shutdown();
			}
			if (this.ownTaskScheduler != null) {
				this.ownTaskScheduler.shutdown();
			}
		}
	}

	// Connecting

	private void connectLater() {
		// The provider may block for a login or a renewal: never on the scheduler, which
		// may be the provider's own.
		CompletableFuture.runAsync(this::connect);
	}

	private void connect() {
		AccessToken token;
		try {
			token = this.tokenProvider.getToken();
		}
		catch (RuntimeException ex) {
			synchronized (this.monitor) {
				if (this.state != State.CLOSED) {
					this.lastFailure = "No token: " + ex.getMessage();
					this.state = State.RECONNECTING;
					scheduleReconnect(null);
				}
			}
			return;
		}
		String md = token.mdAccessToken();
		TradovateSocket opening = new TradovateSocket(this.name,
				new TradovateSocket.Settings(this.options.clock, taskScheduler(), this.options.connectTimeout,
						this.options.heartbeatInterval, this.options.silenceTimeout, this.options.maxFrameSize),
				this.parser, this);
		synchronized (this.monitor) {
			if (this.state == State.CLOSED || this.socket != null) {
				return;
			}
			Instant now = this.options.clock.instant();
			this.socket = opening;
			this.socketToken = token;
			this.socketMarketDataToken = (this.channel == Channel.MARKET_DATA && md != null
					&& !md.equals(this.refusedMarketDataToken)) ? md : null;
			this.stage = Stage.OPENING;
			this.options.reconnect.attempted(now);
			this.readyDeadline = taskScheduler().schedule(() -> readyTimedOut(opening),
					now.plus(this.options.readyTimeout));
		}
		logger.debug("Opening the '" + this.name + "' WebSocket to " + this.url);
		opening.open(this.options.httpClient(), this.url);
	}

	@Override
	public void opened(TradovateSocket opened) {
		String authorization;
		synchronized (this.monitor) {
			AccessToken token = this.socketToken;
			if (opened != this.socket || token == null) {
				return;
			}
			this.stage = Stage.AUTHORIZING;
			authorization = (this.socketMarketDataToken != null) ? this.socketMarketDataToken : token.accessToken();
		}
		opened.send("authorize", null, authorization, null).thenAccept((response) -> authorized(opened, response));
	}

	private void authorized(TradovateSocket authorized, TradovateResponse response) {
		List<TradovateWebSocketSubscription> toSend;
		AccessToken token;
		String marketDataToken;
		synchronized (this.monitor) {
			if (authorized != this.socket || this.socketToken == null) {
				return;
			}
			token = this.socketToken;
			marketDataToken = this.socketMarketDataToken;
			toSend = List.copyOf(this.subscriptions);
			if (response.isSuccessful()) {
				this.stage = Stage.SUBSCRIBING;
			}
		}
		if (response.isSuccessful()) {
			List<CompletableFuture<?>> answers = new ArrayList<>();
			toSend.forEach((subscription) -> answers.add(subscribe(authorized, subscription)));
			CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
				.whenComplete((result, ex) -> ready(authorized));
			return;
		}
		if (response.isRateLimited()) {
			this.rateLimits.limited("authorize", response);
			authorized.close("Authorization rate limited");
		}
		else if (marketDataToken != null) {
			synchronized (this.monitor) {
				this.refusedMarketDataToken = marketDataToken;
				// The access token gets its chance at once: the server did not fail.
				this.options.reconnect.reset();
			}
			logger.info("Tradovate refused the market data token on the '" + this.name + "' WebSocket (status "
					+ response.status() + "); authorizing with the access token");
			authorized.close("Market data token refused");
		}
		else {
			logger.warn("Tradovate refused to authorize the '" + this.name + "' WebSocket (status " + response.status()
					+ ")");
			if (response.status() == 401) {
				this.tokenProvider.invalidate(token);
			}
			authorized.close("Authorization refused (status " + response.status() + ")");
		}
	}

	/**
	 * Send a subscription on a socket.
	 * @return completes when the first answer arrived (a penalty counts: the subscription
	 * is sent again when it ends) or the socket was lost
	 */
	private CompletableFuture<?> subscribe(TradovateSocket target, TradovateWebSocketSubscription subscription) {
		Instant held = this.rateLimits.heldUntil(subscription.getEndpoint(), this.options.clock.instant());
		if (held != null) {
			taskScheduler().schedule(() -> resubscribe(target, subscription), held);
			return CompletableFuture.completedFuture(null);
		}
		return subscribe(target, subscription, subscription.getBody(), true);
	}

	private CompletableFuture<?> subscribe(TradovateSocket target, TradovateWebSocketSubscription subscription,
			@Nullable String body, boolean mayRepeat) {
		Consumer<TradovateResponse> following = (response) -> dispatcher()
			.dispatch(() -> subscription.getListener().onFollowingResponse(subscription, response));
		return target.send(subscription.getEndpoint(), null, body, following).thenAccept((response) -> {
			if (response.isRateLimited() && mayRepeat) {
				this.rateLimits.limited(subscription.getEndpoint(), response);
				String ticket = response.penaltyTicket();
				String ticketed = (ticket != null) ? RequestHolds.withTicket(subscription.getBody(), ticket) : null;
				Instant until = this.rateLimits.heldUntil(subscription.getEndpoint(), this.options.clock.instant());
				taskScheduler().schedule(() -> {
					if (target == currentSocket() && !subscription.isCancelled()) {
						subscribe(target, subscription, (ticketed != null) ? ticketed : subscription.getBody(), false);
					}
				}, (until != null) ? until : this.options.clock.instant());
				return;
			}
			subscription.answered(response);
			if (!response.isSuccessful()) {
				logger.warn("Tradovate refused the subscription '" + subscription.getEndpoint() + "' on the '"
						+ this.name + "' WebSocket (status " + response.status() + ")");
			}
			dispatcher().dispatch(() -> {
				if (!subscription.isCancelled()) {
					subscription.getListener().onSubscribed(subscription, response);
				}
			});
		});
	}

	private void resubscribe(TradovateSocket target, TradovateWebSocketSubscription subscription) {
		if (target == currentSocket() && !subscription.isCancelled()) {
			subscribe(target, subscription);
		}
	}

	private @Nullable TradovateSocket currentSocket() {
		synchronized (this.monitor) {
			return this.socket;
		}
	}

	private void ready(TradovateSocket subscribed) {
		synchronized (this.monitor) {
			if (subscribed != this.socket || subscribed.isLost() || this.state == State.CLOSED) {
				return;
			}
			cancel(this.readyDeadline);
			this.readyDeadline = null;
			this.stage = Stage.READY;
			this.state = State.OPEN;
			this.openSince = this.options.clock.instant();
			this.notReadySince = null;
			this.connects.increment();
			this.ready.complete(null);
		}
		logger.info("The '" + this.name + "' WebSocket is open and subscribed (" + this.subscriptions.size()
				+ " subscription(s))");
	}

	private void readyTimedOut(TradovateSocket opening) {
		Stage stage;
		synchronized (this.monitor) {
			if (opening != this.socket || this.state == State.OPEN) {
				return;
			}
			stage = this.stage;
		}
		opening.close("Not ready within " + this.options.readyTimeout.toMillis() + " ms (" + stage.waitingFor + ")");
		opening.abort();
	}

	@Override
	public void lost(TradovateSocket gone, String reason) {
		synchronized (this.monitor) {
			if (gone != this.socket) {
				return;
			}
			this.socket = null;
			this.socketToken = null;
			this.stage = Stage.OPENING;
			cancel(this.readyDeadline);
			this.readyDeadline = null;
			this.lastFailure = reason;
			Instant readySince = this.openSince;
			this.openSince = null;
			if (this.state == State.CLOSED) {
				return;
			}
			if (this.notReadySince == null) {
				this.notReadySince = this.options.clock.instant();
			}
			if (this.ready.isDone()) {
				this.ready = new CompletableFuture<>();
			}
			this.state = State.RECONNECTING;
			scheduleReconnect(readySince);
		}
	}

	// Called with the monitor held
	private void scheduleReconnect(@Nullable Instant readySince) {
		Instant now = this.options.clock.instant();
		boolean quota = this.quotaShutdown;
		this.quotaShutdown = false;
		Instant at = this.options.reconnect.next(now, readySince, quota, this.rateLimits.reconnectHeldUntil(now));
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
		connectLater();
	}

	@Override
	public void event(TradovateSocket from, TradovateEvent event) {
		if (from != currentSocket()) {
			return;
		}
		if (!dispatcher().dispatchEvent(event, this.subscriptions)) {
			this.eventsDropped.increment();
			logger.warn("Listeners of the '" + this.name + "' WebSocket are " + this.options.listenerQueueCapacity
					+ " events behind; replacing the socket, so that they catch up from the answers on the new one");
			from.close("Listeners too far behind");
			return;
		}
		if (event.name().equals("shutdown")) {
			shutdown(from, event);
		}
	}

	@Override
	public void received() {
		this.messages.increment();
	}

	@Override
	public void silent() {
		this.heartbeatsMissed.increment();
	}

	private void shutdown(TradovateSocket from, TradovateEvent event) {
		String reasonCode = event.data().path("reasonCode").asString("");
		boolean quota = reasonCode.equals("ConnectionQuotaReached") || reasonCode.equals("IPQuotaReached");
		synchronized (this.monitor) {
			this.quotaShutdown = quota;
		}
		logger.warn("Tradovate shut the '" + this.name + "' WebSocket down (" + reasonCode + ")"
				+ (quota ? "; reconnecting only after the quota delay" : ""));
		from.close("Shut down by Tradovate (" + reasonCode + ")");
	}

	private static void cancel(@Nullable ScheduledFuture<?> future) {
		if (future != null) {
			future.cancel(false);
		}
	}

	private TaskScheduler taskScheduler() {
		synchronized (this.monitor) {
			TaskScheduler given = this.options.taskScheduler;
			if (given != null) {
				return given;
			}
			if (this.ownTaskScheduler == null) {
				ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
				scheduler.setThreadNamePrefix("tradovate-websocket-" + this.name + "-");
				scheduler.setDaemon(true);
				scheduler.setClock(this.options.clock);
				scheduler.setRemoveOnCancelPolicy(true);
				scheduler.initialize();
				this.ownTaskScheduler = scheduler;
			}
			return this.ownTaskScheduler;
		}
	}

	private ListenerDispatcher dispatcher() {
		synchronized (this.monitor) {
			if (this.dispatcher == null) {
				this.dispatcher = new ListenerDispatcher(this.name, this.options.listenerQueueCapacity);
			}
			return this.dispatcher;
		}
	}

	/**
	 * How far the current socket got.
	 */
	private enum Stage {

		OPENING("the socket did not open"), AUTHORIZING("authorize was not answered"),
		SUBSCRIBING("a subscription was not answered"), READY("");

		private final String waitingFor;

		Stage(String waitingFor) {
			this.waitingFor = waitingFor;
		}

	}

}
