package io.github.futuresauth.tradovate.auth.websocket;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.github.futuresauth.tradovate.auth.websocket.TradovateWebSocketClient.Channel;
import io.github.futuresauth.tradovate.auth.websocket.TradovateWebSocketClient.State;
import io.github.futuresauth.tradovate.auth.websocket.WebSocketClientFixture.Recorder;
import io.github.futuresauth.tradovate.simulator.ManualTaskScheduler;
import io.github.futuresauth.tradovate.simulator.SimulatedWebSockets;
import io.github.futuresauth.tradovate.simulator.TradovateSimulator;
import io.github.futuresauth.tradovate.simulator.TradovateSimulatorExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static io.github.futuresauth.tradovate.auth.websocket.WebSocketClientFixture.QUOTE;
import static io.github.futuresauth.tradovate.auth.websocket.WebSocketClientFixture.QUOTE_BODY;
import static io.github.futuresauth.tradovate.auth.websocket.WebSocketClientFixture.SYNC;
import static io.github.futuresauth.tradovate.auth.websocket.WebSocketClientFixture.SYNC_BODY;
import static io.github.futuresauth.tradovate.auth.websocket.WebSocketClientFixture.awaitOpen;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the details of Tradovate's WebSocket protocol that a
 * {@link TradovateWebSocketClient} handles: close frames, the heartbeat's rhythm, split
 * answers, unsubscribing, the frame size cap and chart ids.
 */
@ExtendWith(OutputCaptureExtension.class)
class TradovateWebSocketProtocolTests {

	private static final String CHART = "md/getChart";

	private static final String CHART_BODY = "{\"symbol\":\"ESZ6\",\"chartDescription\":{\"underlyingType\":\"MinuteBar\","
			+ "\"elementSize\":1,\"elementSizeUnit\":\"UnderlyingUnits\"},\"timeRange\":{\"asMuchAsElements\":10}}";

	@RegisterExtension
	static final TradovateSimulatorExtension extension = new TradovateSimulatorExtension(TradovateSimulator.builder()
		.user(TradovateSimulator.DEFAULT_USER_NAME, TradovateSimulator.DEFAULT_PASSWORD)
		.tokenLifetime(Duration.ofMinutes(90)));

	private final WebSocketClientFixture fixture = new WebSocketClientFixture(extension.simulator());

	private final SimulatedWebSockets sockets = this.fixture.sockets;

	private final ManualTaskScheduler scheduler = this.fixture.scheduler;

	private final Recorder recorder = new Recorder();

	@AfterEach
	void close() {
		this.fixture.close();
	}

	@Test
	void aBareCloseFrameIsALostSocketNotAnError(CapturedOutput output) {
		TradovateWebSocketClient client = this.fixture.client(Channel.TRADING);
		client.subscribe(SYNC, SYNC_BODY, this.recorder);
		awaitOpen(client);
		this.sockets.closeAllBare();
		await().until(() -> client.getState() == State.RECONNECTING);
		assertThat(client.getLastFailure()).isEqualTo("Closed by the server");
		assertThat(output).doesNotContain("Could not handle a frame");
		this.scheduler.runNext();
		awaitOpen(client);
	}

	@Test
	void aCloseFrameWithACodeIsTheLastFailure() {
		TradovateWebSocketClient client = this.fixture.client(Channel.TRADING);
		client.subscribe(SYNC, SYNC_BODY, this.recorder);
		awaitOpen(client);
		this.sockets.closeAll(4000, "Bye");
		await().until(() -> client.getState() == State.RECONNECTING);
		assertThat(client.getLastFailure()).isEqualTo("Closed by the server (4000 Bye)");
	}

	@Test
	void theHeartbeatKeepsAFixedRateWhateverElseIsSent() throws Exception {
		TradovateWebSocketClient client = this.fixture.client(Channel.TRADING);
		Instant connectedAt = this.fixture.clock.instant();
		client.start();
		awaitOpen(client);
		this.fixture.clock.setInstant(connectedAt.plusSeconds(1));
		client.request(SYNC, null, SYNC_BODY).get(5, TimeUnit.SECONDS);
		assertThat(this.scheduler.runNext()).isEqualTo(connectedAt.plusMillis(2500));
		await().until(() -> this.sockets.heartbeatsReceived() == 1);
		assertThat(this.scheduler.runNext()).isEqualTo(connectedAt.plusMillis(5000));
		await().until(() -> this.sockets.heartbeatsReceived() == 2);
	}

	@Test
	void furtherAnswersWithTheSameIdGoToTheListener() throws Exception {
		TradovateWebSocketClient client = this.fixture.client(Channel.TRADING);
		client.subscribe(SYNC, "{\"users\":[2600001],\"splitResponses\":true}", this.recorder);
		awaitOpen(client);
		await().until(() -> this.recorder.following.size() == 1);
		assertThat(this.recorder.subscribed).singleElement()
			.satisfies((first) -> assertThat(first.data().has("accounts")).isTrue());
		assertThat(this.recorder.following.get(0).data().has("cashBalances")).isTrue();
		List<TradovateResponse> parts = new CopyOnWriteArrayList<>();
		TradovateResponse first = client
			.request(SYNC, null, "{\"users\":[2600001],\"splitResponses\":true}", parts::add)
			.get(5, TimeUnit.SECONDS);
		await().until(() -> parts.size() == 1);
		assertThat(parts.get(0).requestId()).isEqualTo(first.requestId());
	}

	@Test
	void cancellingAQuoteSubscriptionUnsubscribesOnTheServer() {
		TradovateWebSocketClient client = this.fixture.client(Channel.MARKET_DATA);
		TradovateWebSocketSubscription subscription = client.subscribe(QUOTE, QUOTE_BODY, this.recorder);
		awaitOpen(client);
		await().until(() -> this.recorder.events.size() > 2);
		subscription.cancel();
		await().until(() -> this.sockets.requestBodies("md:md/unsubscribeQuote").size() == 1);
		assertThat(this.sockets.requestBodies("md:md/unsubscribeQuote")).containsExactly(QUOTE_BODY);
		assertThat(client.getSubscriptions()).isEmpty();
		// A subscription to the contract is possible again: the server let the first go.
		Recorder again = new Recorder();
		client.subscribe(QUOTE, QUOTE_BODY, again);
		await().until(() -> again.subscribed.size() == 1);
		assertThat(again.subscribed.get(0).isSuccessful()).isTrue();
	}

	@Test
	void aChartSubscriptionTellsTheNewIdsAfterEveryReconnectAndCancelsWithTheCurrentOne() {
		TradovateWebSocketClient client = this.fixture.client(Channel.MARKET_DATA);
		TradovateWebSocketSubscription subscription = client.subscribe(CHART, CHART_BODY, this.recorder);
		awaitOpen(client);
		await().until(() -> this.recorder.subscribed.size() == 1);
		long firstRealtimeId = this.recorder.subscribed.get(0).data().get("realtimeId").asLong();
		await().until(() -> chartIds().contains(firstRealtimeId));
		assertThat(this.recorder.events)
			.anySatisfy((event) -> assertThat(event.data().get("charts").get(0).path("eoh").asBoolean()).isTrue());
		this.sockets.dropAll();
		await().until(() -> client.getState() == State.RECONNECTING);
		this.scheduler.runNext();
		awaitOpen(client);
		await().until(() -> this.recorder.subscribed.size() == 2);
		long secondRealtimeId = this.recorder.subscribed.get(1).data().get("realtimeId").asLong();
		assertThat(secondRealtimeId).isNotEqualTo(firstRealtimeId);
		assertThat(subscription.getResponse().data().get("realtimeId").asLong()).isEqualTo(secondRealtimeId);
		await().until(() -> chartIds().contains(secondRealtimeId));
		subscription.cancel();
		await().until(() -> this.sockets.requestBodies("md:md/cancelChart").size() == 1);
		assertThat(this.sockets.requestBodies("md:md/cancelChart"))
			.containsExactly("{\"subscriptionId\":" + secondRealtimeId + "}");
	}

	@Test
	void aFrameOverTheCapClosesTheSocketWithAnErrorThatNamesTheSetting() {
		TradovateWebSocketClient client = this.fixture.client(Channel.TRADING);
		client.setMaxFrameSize(100);
		client.subscribe(SYNC, SYNC_BODY, this.recorder);
		await().until(() -> client.getState() == State.CONNECTING && client.getLastFailure() != null
				|| client.getState() == State.RECONNECTING);
		assertThat(client.getLastFailure()).contains("more than 100 characters")
			.contains("tradovate.websocket.max-frame-size");
		assertThat(client.getState()).isEqualTo(State.RECONNECTING);
	}

	private List<Long> chartIds() {
		return this.recorder.events.stream()
			.filter((event) -> event.name().equals("chart"))
			.map((event) -> event.data().get("charts").get(0).get("id").asLong())
			.toList();
	}

}
