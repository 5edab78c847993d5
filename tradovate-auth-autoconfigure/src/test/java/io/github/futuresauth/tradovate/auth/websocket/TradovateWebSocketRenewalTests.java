package io.github.futuresauth.tradovate.auth.websocket;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.futuresauth.tradovate.auth.AccessToken;
import io.github.futuresauth.tradovate.auth.websocket.TradovateWebSocketClient.Channel;
import io.github.futuresauth.tradovate.auth.websocket.TradovateWebSocketClient.State;
import io.github.futuresauth.tradovate.auth.websocket.WebSocketClientFixture.Recorder;
import io.github.futuresauth.tradovate.simulator.SimulatedWebSockets;
import io.github.futuresauth.tradovate.simulator.TradovateSimulator;
import io.github.futuresauth.tradovate.simulator.TradovateSimulatorExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.github.futuresauth.tradovate.auth.websocket.WebSocketClientFixture.QUOTE;
import static io.github.futuresauth.tradovate.auth.websocket.WebSocketClientFixture.QUOTE_BODY;
import static io.github.futuresauth.tradovate.auth.websocket.WebSocketClientFixture.SYNC;
import static io.github.futuresauth.tradovate.auth.websocket.WebSocketClientFixture.SYNC_BODY;
import static io.github.futuresauth.tradovate.auth.websocket.WebSocketClientFixture.awaitOpen;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests that renewals leave authorized sockets alone, with the sample's 60-second tokens:
 * a socket is authorized once and stays usable after its token expires.
 */
class TradovateWebSocketRenewalTests {

	@RegisterExtension
	static final TradovateSimulatorExtension extension = new TradovateSimulatorExtension(TradovateSimulator.builder()
		.user(TradovateSimulator.DEFAULT_USER_NAME, TradovateSimulator.DEFAULT_PASSWORD)
		.tokenLifetime(Duration.ofSeconds(60)));

	private final WebSocketClientFixture fixture = new WebSocketClientFixture(extension.simulator());

	private final SimulatedWebSockets sockets = this.fixture.sockets;

	@AfterEach
	void close() {
		this.fixture.close();
	}

	@Test
	void threeRenewalsKeepOneConnectionPerSocketAndOneSyncRequest() {
		TradovateWebSocketClient trading = this.fixture.client(Channel.TRADING);
		TradovateWebSocketClient marketData = this.fixture.client(Channel.MARKET_DATA);
		Recorder userSync = new Recorder();
		Recorder quotes = new Recorder();
		trading.subscribe(SYNC, SYNC_BODY, userSync);
		marketData.subscribe(QUOTE, QUOTE_BODY, quotes);
		awaitOpen(trading);
		awaitOpen(marketData);
		AccessToken first = this.fixture.tokenProvider.getToken();
		for (int renewal = 1; renewal <= 3; renewal++) {
			int userEvents = userSync.events.size();
			int quoteEvents = quotes.events.size();
			Instant before = this.fixture.clock.instant();
			this.fixture.tokenScheduler.runNext();
			assertThat(this.fixture.simulator.journal().renewals()).isEqualTo(renewal);
			// Events keep flowing on the same sockets; they arrive stamped with the new
			// time, so the clients' heartbeats and silence checks may run.
			await().until(() -> userSync.events.size() > userEvents + 3 && quotes.events.size() > quoteEvents + 3);
			this.fixture.scheduler.runDueTasks();
			assertThat(this.fixture.clock.instant()).isAfter(before);
		}
		// The first token expired long ago: its sockets still serve.
		assertThat(first.isExpired(this.fixture.clock.instant())).isTrue();
		assertThat(this.sockets.connectionsOpened()).isEqualTo(2);
		assertThat(this.sockets.authorizations()).isEqualTo(2);
		assertThat(this.sockets.requests(SYNC)).isOne();
		assertThat(this.sockets.requests("md:" + QUOTE)).isOne();
		assertThat(trading.getState()).isEqualTo(State.OPEN);
		assertThat(marketData.getState()).isEqualTo(State.OPEN);
		assertThat(trading.getConnects() + marketData.getConnects()).isEqualTo(2);
		assertThat(userSync.subscribed).hasSize(1);
		assertThat(quotes.subscribed).hasSize(1);
		assertConsecutive(userSync.sequence());
		assertConsecutive(quotes.sequence());
	}

	@Test
	void aReconnectAfterARenewalAuthorizesWithTheCurrentToken() {
		TradovateWebSocketClient trading = this.fixture.client(Channel.TRADING);
		Recorder userSync = new Recorder();
		trading.subscribe(SYNC, SYNC_BODY, userSync);
		awaitOpen(trading);
		AccessToken first = this.fixture.tokenProvider.getToken();
		while (!first.isExpired(this.fixture.clock.instant())) {
			int events = userSync.events.size();
			this.fixture.tokenScheduler.runNext();
			await().until(() -> userSync.events.size() > events + 3);
			this.fixture.scheduler.runDueTasks();
		}
		String renewed = this.fixture.tokenProvider.getToken().accessToken();
		this.sockets.dropAll();
		await().until(() -> trading.getState() == State.RECONNECTING);
		this.fixture.scheduler.runNext();
		awaitOpen(trading);
		// The first token has expired: the simulator would refuse it.
		assertThat(this.sockets.refusedAuthorizations()).isZero();
		assertThat(this.sockets.authorizations()).isEqualTo(2);
		assertThat(this.fixture.tokenProvider.getToken().accessToken()).isEqualTo(renewed);
	}

	private static void assertConsecutive(List<Long> sequence) {
		for (int i = 1; i < sequence.size(); i++) {
			assertThat(sequence.get(i)).as("event after %s", sequence.get(i - 1)).isEqualTo(sequence.get(i - 1) + 1);
		}
	}

}
