package io.github.futuresauth.tradovate.auth.websocket;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.futuresauth.tradovate.auth.RenewingTokenProvider;
import io.github.futuresauth.tradovate.auth.TradovateAuthClient;
import io.github.futuresauth.tradovate.auth.TradovateCredentials;
import io.github.futuresauth.tradovate.auth.websocket.TradovateWebSocketClient.Channel;
import io.github.futuresauth.tradovate.auth.websocket.TradovateWebSocketClient.State;
import io.github.futuresauth.tradovate.simulator.ManualTaskScheduler;
import io.github.futuresauth.tradovate.simulator.MutableClock;
import io.github.futuresauth.tradovate.simulator.SimulatedWebSockets;
import io.github.futuresauth.tradovate.simulator.TradovateSimulator;

import static org.awaitility.Awaitility.await;

/**
 * Clients of one simulator, with the provider's renewals and the clients' heartbeats,
 * deadlines and reconnects each on a {@link ManualTaskScheduler} of the simulator's
 * clock.
 */
final class WebSocketClientFixture implements AutoCloseable {

	static final String SYNC = "user/syncrequest";

	static final String SYNC_BODY = "{\"users\":[2600001]}";

	static final String QUOTE = "md/subscribeQuote";

	static final String QUOTE_BODY = "{\"symbol\":\"ESZ6\"}";

	final TradovateSimulator simulator;

	final SimulatedWebSockets sockets;

	final MutableClock clock;

	/**
	 * Runs the provider's renewals, apart from the clients' tasks.
	 */
	final ManualTaskScheduler tokenScheduler;

	final ManualTaskScheduler scheduler;

	final RenewingTokenProvider tokenProvider;

	private final List<TradovateWebSocketClient> clients = new ArrayList<>();

	WebSocketClientFixture(TradovateSimulator simulator) {
		this.simulator = simulator;
		this.sockets = simulator.webSockets();
		this.clock = (MutableClock) simulator.clock();
		this.tokenScheduler = new ManualTaskScheduler(this.clock);
		this.scheduler = new ManualTaskScheduler(this.clock);
		this.tokenProvider = new RenewingTokenProvider(
				TradovateAuthClient.create(simulator.baseUrl(), Duration.ofSeconds(1), Duration.ofSeconds(5)),
				TradovateCredentials.of(TradovateSimulator.DEFAULT_USER_NAME, TradovateSimulator.DEFAULT_PASSWORD));
		this.tokenProvider.setClock(this.clock);
		this.tokenProvider.setTaskScheduler(this.tokenScheduler);
	}

	TradovateWebSocketClient client(Channel channel) {
		URI url = (channel == Channel.TRADING) ? this.sockets.tradingUrl() : this.sockets.marketDataUrl();
		TradovateWebSocketClient client = new TradovateWebSocketClient(
				(channel == Channel.TRADING) ? "trading" : "marketData", url, channel, this.tokenProvider);
		client.setClock(this.clock);
		client.setTaskScheduler(this.scheduler);
		client.setReconnectBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30), 2.0, Duration.ZERO);
		this.clients.add(client);
		return client;
	}

	static void awaitOpen(TradovateWebSocketClient client) {
		await().atMost(Duration.ofSeconds(10)).until(() -> client.getState() == State.OPEN);
	}

	/**
	 * Run the clients' tasks until the clock has reached the given time. Frames that
	 * arrive meanwhile are stamped with the clock of their arrival, so a jump longer than
	 * a client's silence timeout counts as silence.
	 * @param instant the time
	 */
	void runUntil(java.time.Instant instant) {
		while (this.scheduler.nextRun() != null && !this.scheduler.nextRun().isAfter(instant)) {
			this.scheduler.runNext();
		}
		if (this.clock.instant().isBefore(instant)) {
			this.clock.setInstant(instant);
		}
	}

	@Override
	public void close() {
		this.clients.forEach(TradovateWebSocketClient::close);
		this.tokenProvider.close();
	}

	/**
	 * Records what a subscription brings, and the numbers of the events.
	 */
	static class Recorder implements TradovateWebSocketListener {

		final List<TradovateEvent> events = new CopyOnWriteArrayList<>();

		final List<TradovateResponse> subscribed = new CopyOnWriteArrayList<>();

		final List<TradovateResponse> following = new CopyOnWriteArrayList<>();

		@Override
		public void onEvent(TradovateEvent event) {
			this.events.add(event);
		}

		@Override
		public void onSubscribed(TradovateWebSocketSubscription subscription, TradovateResponse response) {
			this.subscribed.add(response);
		}

		@Override
		public void onFollowingResponse(TradovateWebSocketSubscription subscription, TradovateResponse response) {
			this.following.add(response);
		}

		List<Long> sequence() {
			return sequence("props", "md");
		}

		List<Long> sequence(String... names) {
			List<String> wanted = List.of(names);
			return this.events.stream()
				.filter((event) -> wanted.contains(event.name()))
				.map((event) -> switch (event.name()) {
					case "md" -> event.data().get("quotes").get(0).get("seq").asLong();
					case "chart" -> event.data().get("charts").get(0).path("bars").path(0).path("seq").asLong(-1);
					default -> event.data().get("entity").get(0).get("seq").asLong();
				})
				.toList();
		}

	}

}
