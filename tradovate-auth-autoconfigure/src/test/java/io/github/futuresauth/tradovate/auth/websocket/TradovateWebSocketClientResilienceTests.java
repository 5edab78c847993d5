package io.github.futuresauth.tradovate.auth.websocket;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
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
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests that a {@link TradovateWebSocketClient} never stalls, and that neither a slow
 * listener nor a penalty stops trading: deadlines, the listeners' thread, penalties
 * scoped to their endpoint, Tradovate's {@code shutdown}, and the reconnect back-off.
 */
@ExtendWith(OutputCaptureExtension.class)
class TradovateWebSocketClientResilienceTests {

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
		this.sockets.setClientSilenceTimeout(Duration.ofSeconds(15));
	}

	@Test
	void anAnswerLaterThanTheDeadlineReplacesTheSocketWhichIsThenReady() {
		TradovateWebSocketClient client = this.fixture.client(Channel.TRADING);
		client.setReadyTimeout(Duration.ofSeconds(5));
		this.sockets.delayAnswers(SYNC, 1, Duration.ofSeconds(3));
		Instant connectedAt = this.fixture.clock.instant();
		client.subscribe(SYNC, SYNC_BODY, this.recorder);
		await().until(() -> this.sockets.requests(SYNC) == 1);
		this.fixture.runUntil(connectedAt.plusSeconds(5));
		await().until(() -> client.getState() == State.CONNECTING || client.getState() == State.RECONNECTING);
		assertThat(client.getState()).isEqualTo(State.RECONNECTING);
		assertThat(client.getLastFailure()).isEqualTo("Not ready within 5000 ms (a subscription was not answered)");
		this.scheduler.runNext();
		awaitOpen(client);
		assertThat(this.sockets.requests(SYNC)).isEqualTo(2);
		await().until(() -> this.recorder.subscribed.size() == 1);
	}

	@Test
	void anUnansweredAuthorizeReplacesTheSocketAtTheDeadline() {
		TradovateWebSocketClient client = this.fixture.client(Channel.TRADING);
		client.setReadyTimeout(Duration.ofSeconds(5));
		this.sockets.ignoreRequests("authorize", 1);
		Instant connectedAt = this.fixture.clock.instant();
		client.subscribe(SYNC, SYNC_BODY, this.recorder);
		await().until(() -> this.sockets.authorizeRequests() == 1);
		// The server's heartbeats keep arriving: only the deadline notices.
		while (client.getState() == State.CONNECTING) {
			this.scheduler.runNext();
		}
		assertThat(this.fixture.clock.instant()).isEqualTo(connectedAt.plusSeconds(5));
		assertThat(client.getLastFailure()).isEqualTo("Not ready within 5000 ms (authorize was not answered)");
		assertThat(this.scheduler.runNext()).isEqualTo(connectedAt.plusSeconds(6));
		awaitOpen(client);
		assertThat(this.sockets.authorizeRequests()).isEqualTo(2);
	}

	@Test
	void aListenerThatSleepsDelaysNeitherTheHeartbeatNorTheSocket() throws Exception {
		this.sockets.setClientSilenceTimeout(Duration.ofSeconds(1));
		CountDownLatch sleeping = new CountDownLatch(1);
		CountDownLatch wake = new CountDownLatch(1);
		List<Long> delivered = new CopyOnWriteArrayList<>();
		TradovateWebSocketClient client = this.fixture.client(Channel.MARKET_DATA);
		client.subscribe(QUOTE, QUOTE_BODY, (event) -> {
			delivered.add(event.data().get("quotes").get(0).get("seq").asLong());
			sleeping.countDown();
			await().atMost(Duration.ofSeconds(30)).until(() -> wake.await(10, TimeUnit.SECONDS));
		});
		awaitOpen(client);
		assertThat(sleeping.await(5, TimeUnit.SECONDS)).isTrue();
		Instant asleepAt = this.fixture.clock.instant();
		int heartbeats = this.sockets.heartbeatsReceived();
		// Ten seconds of the client's clock, and more than the server's one-second
		// silence timeout in real time.
		await().pollInterval(Duration.ofMillis(250)).atMost(Duration.ofSeconds(10)).until(() -> {
			this.scheduler.runNext();
			return this.sockets.heartbeatsReceived() >= heartbeats + 6;
		});
		assertThat(this.fixture.clock.instant()).isAfterOrEqualTo(asleepAt.plusSeconds(10));
		assertThat(delivered).hasSize(1);
		assertThat(this.sockets.closedForSilence()).isZero();
		assertThat(this.sockets.openSockets()).isOne();
		assertThat(client.getState()).isEqualTo(State.OPEN);
		wake.countDown();
		await().until(() -> delivered.size() > 10);
		for (int i = 1; i < delivered.size(); i++) {
			assertThat(delivered.get(i)).isEqualTo(delivered.get(i - 1) + 1);
		}
		assertThat(client.getConnects()).isOne();
	}

	@Test
	void listenersTooFarBehindHaveTheSocketReplacedAndCatchUpFromTheNewAnswer() {
		CountDownLatch wake = new CountDownLatch(1);
		TradovateWebSocketClient client = this.fixture.client(Channel.TRADING);
		client.setListenerQueueCapacity(5);
		client.subscribe(SYNC, SYNC_BODY, new Recorder() {

			@Override
			public void onEvent(TradovateEvent event) {
				super.onEvent(event);
				await().atMost(Duration.ofSeconds(30)).until(() -> wake.await(10, TimeUnit.SECONDS));
			}

		});
		await().until(() -> client.getState() == State.RECONNECTING);
		assertThat(client.getLastFailure()).isEqualTo("Listeners too far behind");
		assertThat(client.getEventsDropped()).isOne();
		wake.countDown();
		this.scheduler.runNext();
		awaitOpen(client);
		assertThat(this.sockets.requests(SYNC)).isEqualTo(2);
	}

	@Test
	void aPenaltyOnQuoteSubscriptionsDoesNotHoldCancellingAnOrder() throws Exception {
		List<WebSocketRateLimit> limits = new CopyOnWriteArrayList<>();
		TradovateWebSocketClient client = this.fixture.client(Channel.MARKET_DATA);
		// The clock jumps past the penalty: keep the socket from counting that as
		// silence.
		client.setSilenceTimeout(Duration.ofHours(1));
		client.addRateLimitListener(limits::add);
		client.subscribe(QUOTE, QUOTE_BODY, this.recorder);
		awaitOpen(client);
		this.sockets.penalizeRequests(QUOTE, 1, Duration.ofSeconds(30));
		Instant penalizedAt = this.fixture.clock.instant();
		Recorder other = new Recorder();
		client.subscribe(QUOTE, "{\"symbol\":\"NQZ6\"}", other);
		await().until(() -> limits.size() == 1);
		assertThat(limits.get(0).endpoint()).isEqualTo(QUOTE);
		TradovateResponse cancelled = client.request("order/cancelorder", null, "{\"orderId\":42}")
			.get(5, TimeUnit.SECONDS);
		assertThat(cancelled.status()).isEqualTo(200);
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> client.request(QUOTE, null, "{\"symbol\":\"CLF7\"}").get(5, TimeUnit.SECONDS))
			.withMessageContaining("penalized requests to 'md/subscribeQuote'");
		this.fixture.runUntil(penalizedAt.plusSeconds(30));
		await().until(() -> other.subscribed.size() == 1);
		assertThat(other.subscribed.get(0).isSuccessful()).isTrue();
		assertThat(this.sockets.ticketedRequests("md:" + QUOTE)).isOne();
		assertThat(this.sockets.requestBodies("md:" + QUOTE)).hasSize(3);
	}

	@Test
	void aPenalizedOrderIsNotSentAgainAndFailsWithThePenalty() {
		TradovateWebSocketClient client = this.fixture.client(Channel.TRADING);
		client.setSilenceTimeout(Duration.ofHours(1));
		client.start();
		awaitOpen(client);
		this.sockets.penalizeRequests("order/placeOrder", 1, Duration.ofSeconds(30));
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> client.request("order/placeOrder", null, "{\"accountId\":1}").get(5, TimeUnit.SECONDS))
			.withCauseInstanceOf(TradovateWebSocketException.class)
			.withMessageContaining("penalized 'order/placeOrder'")
			.withMessageContaining("never repeated blindly");
		this.fixture.runUntil(this.fixture.clock.instant().plusSeconds(31));
		assertThat(this.sockets.requests("order/placeOrder")).isOne();
	}

	@Test
	void aShutdownForTheConnectionQuotaWaitsTheLongBackOff(CapturedOutput output) {
		TradovateWebSocketClient client = this.fixture.client(Channel.TRADING);
		client.subscribe(SYNC, SYNC_BODY, this.recorder);
		awaitOpen(client);
		this.sockets.shutdown("ConnectionQuotaReached");
		await().until(() -> client.getState() == State.RECONNECTING);
		Instant shutAt = this.fixture.clock.instant();
		assertThat(client.getLastFailure()).isEqualTo("Shut down by Tradovate (ConnectionQuotaReached)");
		assertThat(output).contains("Tradovate shut the 'trading' WebSocket down (ConnectionQuotaReached)");
		assertThat(this.scheduler.nextRun()).isEqualTo(shutAt.plus(Duration.ofMinutes(5)));
		assertThat(this.sockets.connectionsOpened()).isOne();
		this.scheduler.runNext();
		awaitOpen(client);
		assertThat(this.sockets.connectionsOpened()).isEqualTo(2);
	}

	@Test
	void aShutdownForMaintenanceReconnectsAfterTheUsualBackOff() {
		TradovateWebSocketClient client = this.fixture.client(Channel.TRADING);
		client.subscribe(SYNC, SYNC_BODY, this.recorder);
		awaitOpen(client);
		this.sockets.shutdown("Maintenance");
		await().until(() -> client.getState() == State.RECONNECTING);
		assertThat(this.scheduler.nextRun()).isEqualTo(this.fixture.clock.instant().plusSeconds(1));
		// The listener hears of it on its own thread.
		await().until(() -> this.recorder.events.stream().anyMatch((event) -> event.name().equals("shutdown")));
	}

	@Test
	void theBackOffStartsAfreshOnlyAfterASocketStayedReadyAMinute() {
		TradovateWebSocketClient client = this.fixture.client(Channel.TRADING);
		client.subscribe(SYNC, SYNC_BODY, this.recorder);
		awaitOpen(client);
		this.sockets.dropAll();
		await().until(() -> client.getState() == State.RECONNECTING);
		assertThat(this.scheduler.nextRun()).isEqualTo(this.fixture.clock.instant().plusSeconds(1));
		this.scheduler.runNext();
		awaitOpen(client);
		// Dropped again soon after it was ready: the back-off goes on growing.
		this.sockets.dropAll();
		await().until(() -> client.getState() == State.RECONNECTING);
		assertThat(this.scheduler.nextRun()).isEqualTo(this.fixture.clock.instant().plusSeconds(2));
		this.scheduler.runNext();
		awaitOpen(client);
		// Ready for a minute: the next loss starts afresh.
		this.fixture.clock.setInstant(this.fixture.clock.instant().plusSeconds(61));
		this.sockets.dropAll();
		await().until(() -> client.getState() == State.RECONNECTING);
		assertThat(this.scheduler.nextRun()).isEqualTo(this.fixture.clock.instant().plusSeconds(1));
	}

	@Test
	void notReadySinceTellsHowLongTheClientHasHadNoReadySocket() {
		TradovateWebSocketClient client = this.fixture.client(Channel.TRADING);
		Instant startedAt = this.fixture.clock.instant();
		assertThat(client.getNotReadySince()).isNull();
		client.subscribe(SYNC, SYNC_BODY, this.recorder);
		assertThat(client.getNotReadySince()).isEqualTo(startedAt);
		awaitOpen(client);
		assertThat(client.getNotReadySince()).isNull();
		this.fixture.clock.setInstant(startedAt.plusSeconds(3));
		this.sockets.dropAll();
		await().until(() -> client.getState() == State.RECONNECTING);
		assertThat(client.getNotReadySince()).isEqualTo(startedAt.plusSeconds(3));
	}

}
