package io.github.futuresauth.tradovate.auth.websocket;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.futuresauth.tradovate.auth.Hold;
import io.github.futuresauth.tradovate.auth.HoldReason;
import io.github.futuresauth.tradovate.auth.websocket.TradovateWebSocketClient.Channel;
import io.github.futuresauth.tradovate.auth.websocket.TradovateWebSocketClient.State;
import io.github.futuresauth.tradovate.auth.websocket.WebSocketClientFixture.Recorder;
import io.github.futuresauth.tradovate.simulator.ManualTaskScheduler;
import io.github.futuresauth.tradovate.simulator.RequestKind;
import io.github.futuresauth.tradovate.simulator.TradovateSimulator;
import io.github.futuresauth.tradovate.simulator.TradovateSimulatorExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static io.github.futuresauth.tradovate.auth.websocket.WebSocketClientFixture.SYNC;
import static io.github.futuresauth.tradovate.auth.websocket.WebSocketClientFixture.SYNC_BODY;
import static io.github.futuresauth.tradovate.auth.websocket.WebSocketClientFixture.awaitOpen;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link TradovateWebSocketClient}, with real sockets to the simulator on the
 * loopback interface. Heartbeats, silence and reconnects are driven on a
 * {@link ManualTaskScheduler}.
 */
@ExtendWith(OutputCaptureExtension.class)
class TradovateWebSocketClientTests {

	@RegisterExtension
	static final TradovateSimulatorExtension extension = new TradovateSimulatorExtension(TradovateSimulator.builder()
		.user(TradovateSimulator.DEFAULT_USER_NAME, TradovateSimulator.DEFAULT_PASSWORD)
		.tokenLifetime(Duration.ofMinutes(90)));

	private final WebSocketClientFixture fixture = new WebSocketClientFixture(extension.simulator());

	private final TradovateSimulator simulator = this.fixture.simulator;

	private final io.github.futuresauth.tradovate.simulator.SimulatedWebSockets sockets = this.fixture.sockets;

	private final ManualTaskScheduler scheduler = this.fixture.scheduler;

	private final Recorder recorder = new Recorder();

	@AfterEach
	void close() {
		this.fixture.close();
	}

	@Test
	void authorizesWithTheAccessTokenAndSubscribes() {
		TradovateWebSocketClient client = this.fixture.client(Channel.TRADING);
		client.subscribe(SYNC, SYNC_BODY, this.recorder);
		awaitOpen(client);
		assertThat(this.sockets.authorizations()).isOne();
		assertThat(this.sockets.requests()).containsExactly(SYNC);
		await().until(() -> this.recorder.sequence().size() >= 3);
		assertThat(this.recorder.subscribed).hasSize(1);
		assertThat(this.recorder.subscribed.get(0).data().get("accounts").get(0).get("id").asLong())
			.isEqualTo(1_800_001L);
		assertThat(client.getConnects()).isOne();
	}

	@Test
	void refusedAuthorizationReportsTheTokenAndReconnectsWithoutALoginWhileItStillWorks() {
		this.sockets.refuseNextAuthorizations(1);
		TradovateWebSocketClient client = this.fixture.client(Channel.TRADING);
		client.subscribe(SYNC, SYNC_BODY, this.recorder);
		await().until(() -> client.getState() == State.RECONNECTING);
		assertThat(client.getLastFailure()).isEqualTo("Authorization refused (status 401)");
		assertThat(this.sockets.refusedAuthorizations()).isOne();
		assertThat(this.sockets.requests()).isEmpty();
		Instant refusedAt = this.fixture.clock.instant();
		assertThat(this.scheduler.runNext()).isEqualTo(refusedAt.plusSeconds(1));
		awaitOpen(client);
		// The provider asked /auth/me, which still accepts the token: no login, and the
		// same token again.
		assertThat(this.simulator.journal().count(RequestKind.ME)).isOne();
		assertThat(this.simulator.journal().logins()).isOne();
		assertThat(this.sockets.authorizations()).isOne();
		assertThat(this.sockets.requests()).containsExactly(SYNC);
	}

	@Test
	void aSilentSocketIsReplacedAndSubscribedAgain() {
		TradovateWebSocketClient client = this.fixture.client(Channel.TRADING);
		client.subscribe(SYNC, SYNC_BODY, this.recorder);
		awaitOpen(client);
		this.sockets.stopAnswering();
		// Frames the simulator sent before it stopped may still be on their way; they
		// arrive before the clock moves, so the silence counts from now.
		awaitNothingMoreReceived(client);
		Instant lastReceived = this.fixture.clock.instant();
		while (client.getState() == State.OPEN) {
			this.scheduler.runNext();
		}
		assertThat(this.fixture.clock.instant()).isEqualTo(lastReceived.plusSeconds(10));
		assertThat(client.getState()).isEqualTo(State.RECONNECTING);
		assertThat(client.getHeartbeatsMissed()).isOne();
		assertThat(client.getLastFailure()).isEqualTo("Nothing received for 10000 ms");
		assertThat(this.scheduler.runNext()).isEqualTo(lastReceived.plusSeconds(11));
		awaitOpen(client);
		assertThat(client.getReconnects()).isOne();
		assertThat(this.sockets.requests()).containsExactly(SYNC, SYNC);
		await().until(() -> this.recorder.subscribed.size() == 2);
		int before = this.recorder.sequence().size();
		await().until(() -> this.recorder.sequence().size() > before + 2);
	}

	@Test
	void aDroppedSocketIsReplacedAfterABackOffThatGrows() {
		TradovateWebSocketClient client = this.fixture.client(Channel.TRADING);
		client.subscribe(SYNC, SYNC_BODY, this.recorder);
		awaitOpen(client);
		this.sockets.refuseNextAuthorizations(1);
		this.sockets.dropAll();
		await().until(() -> client.getState() == State.RECONNECTING);
		Instant droppedAt = this.fixture.clock.instant();
		assertThat(this.scheduler.runNext()).isEqualTo(droppedAt.plusSeconds(1));
		await().until(() -> client.getState() == State.RECONNECTING && this.sockets.refusedAuthorizations() == 1
				&& client.getLastFailure().startsWith("Authorization refused"));
		// The second attempt waits twice as long.
		assertThat(this.scheduler.runNext()).isEqualTo(droppedAt.plusSeconds(3));
		awaitOpen(client);
		assertThat(client.getReconnects()).isEqualTo(2);
	}

	@Test
	void marketDataSocketFallsBackToTheAccessTokenWhenTheMarketDataTokenIsRefused() {
		this.sockets.refuseMarketDataTokens();
		TradovateWebSocketClient client = this.fixture.client(Channel.MARKET_DATA);
		client.subscribe("md/subscribeQuote", "{\"symbol\":\"ESZ6\"}", this.recorder);
		await().until(() -> client.getState() == State.RECONNECTING);
		assertThat(client.getLastFailure()).isEqualTo("Market data token refused");
		this.scheduler.runNext();
		awaitOpen(client);
		assertThat(this.sockets.refusedAuthorizations()).isOne();
		assertThat(this.sockets.authorizations()).isOne();
		// The market data token was refused and not reported: the session is fine.
		assertThat(this.simulator.journal().logins()).isOne();
		await().until(() -> this.recorder.sequence().size() >= 3);
		assertThat(this.recorder.events).allSatisfy((event) -> assertThat(event.name()).isEqualTo("md"));
	}

	@Test
	void marketDataSocketAuthorizesWithTheMarketDataToken() {
		TradovateWebSocketClient client = this.fixture.client(Channel.MARKET_DATA);
		client.subscribe("md/subscribeQuote", "{\"symbol\":\"ESZ6\"}", this.recorder);
		awaitOpen(client);
		assertThat(this.sockets.refusedAuthorizations()).isZero();
		assertThat(this.sockets.requests()).containsExactly("md:md/subscribeQuote");
	}

	@Test
	void requestsAreCorrelatedById() throws Exception {
		TradovateWebSocketClient client = this.fixture.client(Channel.TRADING);
		TradovateResponse unknown = client.request("account/nothing", null, null).get(5, TimeUnit.SECONDS);
		TradovateResponse sync = client.request(SYNC, null, SYNC_BODY).get(5, TimeUnit.SECONDS);
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(sync.status()).isEqualTo(200);
		assertThat(sync.requestId()).isEqualTo(unknown.requestId() + 1);
		assertThat(sync.data().has("accounts")).isTrue();
	}

	@Test
	void requestsTimeOutWhenNoResponseArrives() {
		TradovateWebSocketClient client = this.fixture.client(Channel.TRADING);
		client.setRequestTimeout(Duration.ofMillis(300));
		client.start();
		awaitOpen(client);
		this.sockets.stopAnswering();
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> client.request(SYNC, null, null).get(5, TimeUnit.SECONDS))
			.withCauseInstanceOf(TimeoutException.class);
	}

	@Test
	void penalizedSubscriptionIsReportedAndSentAgainWithItsTicketAfterPTime() {
		List<WebSocketRateLimit> limits = new CopyOnWriteArrayList<>();
		TradovateWebSocketClient client = this.fixture.client(Channel.TRADING);
		client.setSilenceTimeout(Duration.ofHours(1));
		client.addRateLimitListener(limits::add);
		client.start();
		awaitOpen(client);
		this.sockets.rateLimitNextRequests(1, Duration.ofSeconds(7));
		Instant limitedAt = this.fixture.clock.instant();
		client.subscribe(SYNC, SYNC_BODY, this.recorder);
		await().until(() -> limits.size() == 1);
		WebSocketRateLimit limit = limits.get(0);
		assertThat(limit.socket()).isEqualTo("trading");
		assertThat(limit.endpoint()).isEqualTo(SYNC);
		assertThat(limit.waitTime()).isEqualTo(Duration.ofSeconds(7));
		assertThat(limit.until()).isEqualTo(limitedAt.plusSeconds(7));
		assertThat(limit.toString()).doesNotContain("p-ticket");
		// Requests to the same endpoint wait for the penalty too.
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> client.request(SYNC, null, null).get(5, TimeUnit.SECONDS))
			.withCauseInstanceOf(TradovateWebSocketException.class)
			.withMessageContaining("penalized requests to 'user/syncrequest'");
		this.fixture.runUntil(limitedAt.plusSeconds(7));
		await().until(() -> this.sockets.requests(SYNC) == 2);
		assertThat(this.sockets.ticketedRequests(SYNC)).isOne();
		await().until(() -> this.recorder.subscribed.size() == 1);
		assertThat(this.recorder.subscribed.get(0).isSuccessful()).isTrue();
	}

	@Test
	void penalizedAuthorizationWaitsPTimeBeforeConnectingAgain() {
		List<WebSocketRateLimit> limits = new CopyOnWriteArrayList<>();
		this.sockets.rateLimitNextRequests(1, Duration.ofSeconds(20));
		TradovateWebSocketClient client = this.fixture.client(Channel.TRADING);
		client.addRateLimitListener(limits::add);
		Instant penalizedAt = this.fixture.clock.instant();
		client.start();
		await().until(() -> client.getState() == State.RECONNECTING);
		assertThat(limits).singleElement().satisfies((limit) -> {
			assertThat(limit.endpoint()).isEqualTo("authorize");
			assertThat(limit.waitTime()).isEqualTo(Duration.ofSeconds(20));
		});
		// Not after the one-second back-off: after p-time.
		while (client.getReconnects() == 0) {
			this.scheduler.runNext();
		}
		assertThat(this.fixture.clock.instant()).isEqualTo(penalizedAt.plusSeconds(20));
		awaitOpen(client);
		assertThat(this.sockets.authorizations()).isOne();
		// A penalty is not a refused token: no new login.
		assertThat(this.simulator.journal().logins()).isOne();
	}

	@Test
	void tooManyRequestsOnTheSocketHoldsItsRequestsAndLoginsForAnHour() throws Exception {
		TradovateWebSocketClient client = this.fixture.client(Channel.TRADING);
		client.addRateLimitListener(new LoginHoldingRateLimitListener(this.fixture.tokenProvider));
		client.start();
		awaitOpen(client);
		this.sockets.answerTooManyRequests(SYNC, 1);
		Instant limitedAt = this.fixture.tokenProvider.getServerClock().instant();
		assertThat(client.request(SYNC, null, SYNC_BODY).get(5, TimeUnit.SECONDS).status()).isEqualTo(429);
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> client.request("order/cancelorder", null, "{\"orderId\":1}").get(5, TimeUnit.SECONDS))
			.withMessageContaining("429");
		await().until(() -> this.fixture.tokenProvider.getStatus().hold() != null);
		Hold hold = this.fixture.tokenProvider.getStatus().hold();
		assertThat(hold.reason()).isEqualTo(HoldReason.UNAVAILABLE);
		assertThat(hold.until()).isEqualTo(limitedAt.plus(Duration.ofHours(1)));
		assertThat(hold.message()).contains("trading WebSocket");
	}

	@Test
	void aPenaltyHoldsNoLogins() throws Exception {
		TradovateWebSocketClient client = this.fixture.client(Channel.TRADING);
		client.addRateLimitListener(new LoginHoldingRateLimitListener(this.fixture.tokenProvider));
		client.start();
		awaitOpen(client);
		this.sockets.penalizeRequests("order/placeorder", 1, Duration.ofSeconds(30));
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> client.request("order/placeorder", null, "{\"accountId\":1}").get(5, TimeUnit.SECONDS))
			.withCauseInstanceOf(TradovateWebSocketException.class);
		assertThat(this.fixture.tokenProvider.getStatus().hold()).isNull();
	}

	@Test
	void closeSaysGoodbyeToTheServer() {
		TradovateWebSocketClient trading = this.fixture.client(Channel.TRADING);
		TradovateWebSocketClient marketData = this.fixture.client(Channel.MARKET_DATA);
		trading.start();
		marketData.start();
		awaitOpen(trading);
		awaitOpen(marketData);
		assertThat(this.sockets.openSockets()).isEqualTo(2);
		trading.close();
		marketData.close();
		await().until(() -> this.sockets.openSockets() == 0);
		assertThat(trading.getState()).isEqualTo(State.CLOSED);
		assertThat(this.scheduler.pendingTasks()).isZero();
		assertThat(trading.request(SYNC, null, null)).isCompletedExceptionally();
	}

	@Test
	void refusesPlainWebSocketsToOtherHosts() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new TradovateWebSocketClient("trading", URI.create("ws://example.org/v1/websocket"),
					Channel.TRADING, this.fixture.tokenProvider))
			.withMessageContaining("must use wss");
	}

	@Test
	void logsNoTokenThroughRefusalsAndReconnects(CapturedOutput output) {
		this.sockets.refuseMarketDataTokens();
		this.sockets.refuseNextAuthorizations(1);
		TradovateWebSocketClient trading = this.fixture.client(Channel.TRADING);
		TradovateWebSocketClient marketData = this.fixture.client(Channel.MARKET_DATA);
		trading.subscribe(SYNC, SYNC_BODY, this.recorder);
		marketData.subscribe("md/subscribeQuote", "{\"symbol\":\"ESZ6\"}", this.recorder);
		// Refused tokens lead to new ones, and each new market data token is tried (and
		// refused) first.
		await().atMost(Duration.ofSeconds(20)).until(() -> {
			if (trading.getState() == State.RECONNECTING || marketData.getState() == State.RECONNECTING) {
				this.scheduler.runNext();
			}
			return trading.getState() == State.OPEN && marketData.getState() == State.OPEN;
		});
		this.sockets.dropAll();
		await().until(() -> trading.getState() == State.RECONNECTING);
		assertThat(output).contains("Reconnecting the 'trading' WebSocket")
			.contains("Tradovate refused the market data token");
		assertThat(this.simulator.journal().issuedTokens()).hasSizeGreaterThan(1)
			.allSatisfy((token) -> assertThat(output).doesNotContain(token));
	}

	@Test
	void neverShowsTheToken() {
		TradovateWebSocketClient client = this.fixture.client(Channel.TRADING);
		client.start();
		awaitOpen(client);
		String token = this.fixture.tokenProvider.getToken().accessToken();
		assertThat(client.toString()).doesNotContain(token);
	}

	private static void awaitNothingMoreReceived(TradovateWebSocketClient client) {
		long[] seen = { -1 };
		await().pollInterval(Duration.ofMillis(100)).until(() -> {
			long received = client.getMessagesReceived();
			boolean settled = received == seen[0];
			seen[0] = received;
			return settled;
		});
	}

}
