package io.github.futuresauth.tradovate.auth.websocket;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.futuresauth.tradovate.auth.AccessTokenRenewedEvent;
import io.github.futuresauth.tradovate.auth.Hold;
import io.github.futuresauth.tradovate.auth.HoldReason;
import io.github.futuresauth.tradovate.auth.RenewingTokenProvider;
import io.github.futuresauth.tradovate.auth.TradovateAuthClient;
import io.github.futuresauth.tradovate.auth.TradovateCredentials;
import io.github.futuresauth.tradovate.auth.websocket.TradovateWebSocketClient.Channel;
import io.github.futuresauth.tradovate.auth.websocket.TradovateWebSocketClient.State;
import io.github.futuresauth.tradovate.simulator.ManualTaskScheduler;
import io.github.futuresauth.tradovate.simulator.MutableClock;
import io.github.futuresauth.tradovate.simulator.RequestKind;
import io.github.futuresauth.tradovate.simulator.SimulatedWebSockets;
import io.github.futuresauth.tradovate.simulator.TradovateSimulator;
import io.github.futuresauth.tradovate.simulator.TradovateSimulatorExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

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

	private static final String NAME = TradovateSimulator.DEFAULT_USER_NAME;

	private static final Duration LIFETIME = Duration.ofMinutes(90);

	private static final String SYNC = "user/syncrequest";

	private static final String SYNC_BODY = "{\"users\":[2600001]}";

	@RegisterExtension
	static final TradovateSimulatorExtension extension = new TradovateSimulatorExtension(
			TradovateSimulator.builder().user(NAME, TradovateSimulator.DEFAULT_PASSWORD).tokenLifetime(LIFETIME));

	private final TradovateSimulator simulator = extension.simulator();

	private final SimulatedWebSockets sockets = this.simulator.webSockets();

	private final MutableClock clock = (MutableClock) this.simulator.clock();

	/**
	 * Runs the provider's renewals, apart from the client's heartbeats.
	 */
	private final ManualTaskScheduler tokenScheduler = new ManualTaskScheduler(this.clock);

	private final ManualTaskScheduler scheduler = new ManualTaskScheduler(this.clock);

	private final RenewingTokenProvider tokenProvider = tokenProvider();

	private final List<TradovateWebSocketClient> clients = new ArrayList<>();

	private final Recorder recorder = new Recorder();

	@AfterEach
	void close() {
		this.clients.forEach(TradovateWebSocketClient::close);
		this.tokenProvider.close();
	}

	@Test
	void authorizesWithTheAccessTokenAndSubscribes() {
		TradovateWebSocketClient client = client(Channel.TRADING);
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
		TradovateWebSocketClient client = client(Channel.TRADING);
		client.subscribe(SYNC, SYNC_BODY, this.recorder);
		await().until(() -> client.getState() == State.RECONNECTING);
		assertThat(client.getLastFailure()).isEqualTo("Authorization refused (status 401)");
		assertThat(this.sockets.refusedAuthorizations()).isOne();
		assertThat(this.sockets.requests()).isEmpty();
		Instant refusedAt = this.clock.instant();
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
	void sendsAHeartbeatWhenNothingWasSentForTheInterval() {
		TradovateWebSocketClient client = client(Channel.TRADING);
		client.subscribe(SYNC, SYNC_BODY, this.recorder);
		awaitOpen(client);
		Instant lastSent = this.clock.instant();
		assertThat(this.sockets.heartbeatsReceived()).isZero();
		assertThat(this.scheduler.runNext()).isEqualTo(lastSent.plusMillis(2500));
		await().until(() -> this.sockets.heartbeatsReceived() == 1);
		assertThat(this.scheduler.runNext()).isEqualTo(lastSent.plusMillis(5000));
		await().until(() -> this.sockets.heartbeatsReceived() == 2);
	}

	@Test
	void aSilentSocketIsReplacedAndSubscribedAgain() {
		TradovateWebSocketClient client = client(Channel.TRADING);
		client.subscribe(SYNC, SYNC_BODY, this.recorder);
		awaitOpen(client);
		Instant lastReceived = this.clock.instant();
		this.sockets.stopAnswering();
		while (client.getState() == State.OPEN) {
			this.scheduler.runNext();
		}
		assertThat(this.clock.instant()).isEqualTo(lastReceived.plusSeconds(10));
		assertThat(client.getState()).isEqualTo(State.RECONNECTING);
		assertThat(client.getHeartbeatsMissed()).isOne();
		assertThat(client.getLastFailure()).isEqualTo("Nothing received for 10000 ms");
		assertThat(this.scheduler.runNext()).isEqualTo(lastReceived.plusSeconds(11));
		awaitOpen(client);
		assertThat(client.getReconnects()).isOne();
		assertThat(this.sockets.requests()).containsExactly(SYNC, SYNC);
		assertThat(this.recorder.subscribed).hasSize(2);
		int before = this.recorder.sequence().size();
		await().until(() -> this.recorder.sequence().size() > before + 2);
	}

	@Test
	void aDroppedSocketIsReplacedAfterABackOffThatGrows() {
		TradovateWebSocketClient client = client(Channel.TRADING);
		client.subscribe(SYNC, SYNC_BODY, this.recorder);
		awaitOpen(client);
		this.sockets.refuseNextAuthorizations(1);
		this.sockets.dropAll();
		await().until(() -> client.getState() == State.RECONNECTING);
		Instant droppedAt = this.clock.instant();
		assertThat(this.scheduler.runNext()).isEqualTo(droppedAt.plusSeconds(1));
		await().until(() -> client.getState() == State.RECONNECTING && this.sockets.refusedAuthorizations() == 1);
		// The second attempt waits twice as long.
		assertThat(this.scheduler.runNext()).isEqualTo(droppedAt.plusSeconds(3));
		awaitOpen(client);
		assertThat(client.getReconnects()).isEqualTo(2);
	}

	@Test
	void movesToTheRenewedTokenWithoutLosingOrRepeatingEvents() {
		TradovateWebSocketClient client = client(Channel.TRADING);
		// The clock jumps to the renewal: keep the socket from counting that as silence.
		client.setSilenceTimeout(Duration.ofHours(2));
		this.tokenProvider.setApplicationEventPublisher((Object event) -> {
			if (event instanceof AccessTokenRenewedEvent renewed) {
				client.onApplicationEvent(renewed);
			}
		});
		client.subscribe(SYNC, SYNC_BODY, this.recorder);
		awaitOpen(client);
		await().until(() -> this.recorder.sequence().size() >= 5);
		String firstToken = this.tokenProvider.getToken().accessToken();
		// Both sockets receive events until the new one's subscription is confirmed.
		this.sockets.delayNextResponses(1, Duration.ofMillis(500));
		this.tokenScheduler.runNext();
		assertThat(this.tokenProvider.getToken().accessToken()).isNotEqualTo(firstToken);
		this.scheduler.runDueTasks();
		await().until(() -> this.sockets.authorizations() == 2 && this.sockets.openSockets() == 1);
		int atSwitch = this.recorder.sequence().size();
		await().until(() -> this.recorder.sequence().size() >= atSwitch + 10);
		List<Long> sequence = this.recorder.sequence();
		for (int i = 1; i < sequence.size(); i++) {
			assertThat(sequence.get(i)).as("event after %s", sequence.get(i - 1)).isEqualTo(sequence.get(i - 1) + 1);
		}
		assertThat(this.sockets.requests()).containsExactly(SYNC, SYNC);
		// The listener catches up after reconnects only; the switch lost nothing.
		assertThat(this.recorder.subscribed).hasSize(1);
		assertThat(client.getState()).isEqualTo(State.OPEN);
		assertThat(client.getReconnects()).isZero();
	}

	@Test
	void marketDataSocketFallsBackToTheAccessTokenWhenTheMarketDataTokenIsRefused() {
		this.sockets.refuseMarketDataTokens();
		TradovateWebSocketClient client = client(Channel.MARKET_DATA);
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
		TradovateWebSocketClient client = client(Channel.MARKET_DATA);
		client.subscribe("md/subscribeQuote", "{\"symbol\":\"ESZ6\"}", this.recorder);
		awaitOpen(client);
		assertThat(this.sockets.refusedAuthorizations()).isZero();
		assertThat(this.sockets.requests()).containsExactly("md:md/subscribeQuote");
	}

	@Test
	void requestsAreCorrelatedById() throws Exception {
		TradovateWebSocketClient client = client(Channel.TRADING);
		TradovateResponse unknown = client.request("account/nothing", null, null).get(5, TimeUnit.SECONDS);
		TradovateResponse sync = client.request(SYNC, null, SYNC_BODY).get(5, TimeUnit.SECONDS);
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(sync.status()).isEqualTo(200);
		assertThat(sync.requestId()).isEqualTo(unknown.requestId() + 1);
		assertThat(sync.data().has("accounts")).isTrue();
	}

	@Test
	void requestsTimeOutWhenNoResponseArrives() {
		TradovateWebSocketClient client = client(Channel.TRADING);
		client.setRequestTimeout(Duration.ofMillis(300));
		client.start();
		awaitOpen(client);
		this.sockets.stopAnswering();
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> client.request(SYNC, null, null).get(5, TimeUnit.SECONDS))
			.withCauseInstanceOf(TimeoutException.class);
	}

	@Test
	void rateLimitedSubscriptionIsReportedAndSentAgainAfterPTime() throws Exception {
		List<WebSocketRateLimit> limits = new CopyOnWriteArrayList<>();
		TradovateWebSocketClient client = client(Channel.TRADING);
		client.addRateLimitListener(limits::add);
		client.start();
		awaitOpen(client);
		this.sockets.rateLimitNextRequests(1, Duration.ofSeconds(7));
		Instant limitedAt = this.clock.instant();
		client.subscribe(SYNC, SYNC_BODY, this.recorder);
		await().until(() -> limits.size() == 1);
		WebSocketRateLimit limit = limits.get(0);
		assertThat(limit.socket()).isEqualTo("trading");
		assertThat(limit.endpoint()).isEqualTo(SYNC);
		assertThat(limit.waitTime()).isEqualTo(Duration.ofSeconds(7));
		assertThat(limit.until()).isEqualTo(limitedAt.plusSeconds(7));
		assertThat(limit.toString()).doesNotContain("p-ticket");
		// Requests wait for the penalty too.
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> client.request(SYNC, null, null).get(5, TimeUnit.SECONDS))
			.withCauseInstanceOf(TradovateWebSocketException.class);
		while (this.clock.instant().isBefore(limitedAt.plusSeconds(7))) {
			this.scheduler.runNext();
		}
		await().until(() -> this.sockets.requests(SYNC) == 2);
		await().until(() -> this.recorder.subscribed.size() == 1);
		assertThat(this.recorder.subscribed.get(0).isSuccessful()).isTrue();
	}

	@Test
	void penalizedAuthorizationWaitsPTimeBeforeConnectingAgain() {
		List<WebSocketRateLimit> limits = new CopyOnWriteArrayList<>();
		this.sockets.rateLimitNextRequests(1, Duration.ofSeconds(20));
		TradovateWebSocketClient client = client(Channel.TRADING);
		client.addRateLimitListener(limits::add);
		Instant penalizedAt = this.clock.instant();
		client.start();
		await().until(() -> client.getState() == State.RECONNECTING);
		assertThat(limits).singleElement().satisfies((limit) -> {
			assertThat(limit.endpoint()).isEqualTo("authorize");
			assertThat(limit.waitTime()).isEqualTo(Duration.ofSeconds(20));
		});
		// Not after the one-second back-off: after p-time.
		assertThat(this.scheduler.runNext()).isEqualTo(penalizedAt.plusSeconds(20));
		awaitOpen(client);
		assertThat(this.sockets.authorizations()).isOne();
		// A penalty is not a refused token: no new login.
		assertThat(this.simulator.journal().logins()).isOne();
	}

	@Test
	void rateLimitOnTheSocketHoldsLoginsToo() throws Exception {
		TradovateWebSocketClient client = client(Channel.TRADING);
		client.addRateLimitListener(new LoginHoldingRateLimitListener(this.tokenProvider));
		client.start();
		awaitOpen(client);
		this.sockets.rateLimitNextRequests(1, Duration.ofMinutes(2));
		Instant limitedAt = this.tokenProvider.getServerClock().instant();
		client.subscribe(SYNC, SYNC_BODY, this.recorder);
		await().until(() -> this.tokenProvider.getStatus().hold() != null);
		Hold hold = this.tokenProvider.getStatus().hold();
		assertThat(hold.reason()).isEqualTo(HoldReason.UNAVAILABLE);
		assertThat(hold.until()).isEqualTo(limitedAt.plus(Duration.ofMinutes(2)));
		assertThat(hold.message()).contains("trading WebSocket");
	}

	@Test
	void closeSaysGoodbyeToTheServer() {
		TradovateWebSocketClient trading = client(Channel.TRADING);
		TradovateWebSocketClient marketData = client(Channel.MARKET_DATA);
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
					Channel.TRADING, this.tokenProvider))
			.withMessageContaining("must use wss");
	}

	@Test
	void logsNoTokenThroughRefusalsReconnectsAndMoves(CapturedOutput output) {
		this.sockets.refuseMarketDataTokens();
		this.sockets.refuseNextAuthorizations(1);
		TradovateWebSocketClient trading = client(Channel.TRADING);
		TradovateWebSocketClient marketData = client(Channel.MARKET_DATA);
		this.tokenProvider.setApplicationEventPublisher((Object event) -> {
			if (event instanceof AccessTokenRenewedEvent renewed) {
				trading.onApplicationEvent(renewed);
				marketData.onApplicationEvent(renewed);
			}
		});
		trading.setSilenceTimeout(Duration.ofHours(2));
		marketData.setSilenceTimeout(Duration.ofHours(2));
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
		int authorizations = this.sockets.authorizations();
		this.tokenScheduler.runNext();
		this.scheduler.runDueTasks();
		await().until(() -> this.sockets.authorizations() == authorizations + 2 && this.sockets.openSockets() == 2);
		this.sockets.dropAll();
		await().until(() -> trading.getState() == State.RECONNECTING);
		assertThat(output).contains("Moved the 'trading' WebSocket to the renewed token")
			.contains("Tradovate refused the market data token");
		assertThat(this.simulator.journal().issuedTokens()).hasSizeGreaterThan(2)
			.allSatisfy((token) -> assertThat(output).doesNotContain(token));
	}

	@Test
	void neverShowsTheToken() {
		TradovateWebSocketClient client = client(Channel.TRADING);
		client.start();
		awaitOpen(client);
		String token = this.tokenProvider.getToken().accessToken();
		assertThat(client.toString()).doesNotContain(token);
	}

	private void awaitOpen(TradovateWebSocketClient client) {
		await().atMost(Duration.ofSeconds(10)).until(() -> client.getState() == State.OPEN);
	}

	private TradovateWebSocketClient client(Channel channel) {
		URI url = (channel == Channel.TRADING) ? this.sockets.tradingUrl() : this.sockets.marketDataUrl();
		TradovateWebSocketClient client = new TradovateWebSocketClient(
				(channel == Channel.TRADING) ? "trading" : "marketData", url, channel, this.tokenProvider);
		client.setClock(this.clock);
		client.setTaskScheduler(this.scheduler);
		client.setReconnectBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30), 2.0, Duration.ZERO);
		this.clients.add(client);
		return client;
	}

	private RenewingTokenProvider tokenProvider() {
		RenewingTokenProvider provider = new RenewingTokenProvider(
				TradovateAuthClient.create(this.simulator.baseUrl(), Duration.ofSeconds(1), Duration.ofSeconds(5)),
				TradovateCredentials.of(NAME, TradovateSimulator.DEFAULT_PASSWORD));
		provider.setClock(this.clock);
		provider.setTaskScheduler(this.tokenScheduler);
		return provider;
	}

	/**
	 * Records what a subscription brings, and the numbers of the events.
	 */
	private static final class Recorder implements TradovateWebSocketListener {

		final List<TradovateEvent> events = new CopyOnWriteArrayList<>();

		final List<TradovateResponse> subscribed = new CopyOnWriteArrayList<>();

		@Override
		public void onEvent(TradovateEvent event) {
			this.events.add(event);
		}

		@Override
		public void onSubscribed(TradovateWebSocketSubscription subscription, TradovateResponse response) {
			this.subscribed.add(response);
		}

		List<Long> sequence() {
			return this.events.stream()
				.map((event) -> event.name().equals("md") ? event.data().get("quotes").get(0).get("seq").asLong()
						: event.data().get("entity").get("seq").asLong())
				.toList();
		}

	}

}
