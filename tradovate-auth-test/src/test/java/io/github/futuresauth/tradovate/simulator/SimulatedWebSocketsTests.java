package io.github.futuresauth.tradovate.simulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SimulatedWebSockets}, over real WebSockets on the loopback interface.
 */
class SimulatedWebSocketsTests {

	private static final JsonMapper json = JsonMapper.shared();

	private static TradovateSimulator simulator;

	private static SimulatorClient client;

	@BeforeAll
	static void start() {
		simulator = TradovateSimulator.builder()
			.user(TradovateSimulator.DEFAULT_USER_NAME, TradovateSimulator.DEFAULT_PASSWORD)
			.start();
		client = new SimulatorClient(simulator);
	}

	@AfterAll
	static void stop() {
		simulator.close();
	}

	@BeforeEach
	void reset() {
		simulator.reset();
	}

	@Test
	void socketUrlsAreInTheSpringProperties() {
		assertThat(simulator.springPropertyMap())
			.containsEntry("tradovate.websocket.url",
					"ws://127.0.0.1:" + simulator.webSockets().tradingUrl().getPort() + "/v1/websocket")
			.containsEntry("tradovate.websocket.market-data-url",
					"ws://127.0.0.1:" + simulator.webSockets().marketDataUrl().getPort() + "/md/v1/websocket");
	}

	@Test
	void authorizesAValidAccessToken() throws Exception {
		String token = client.accessToken(TradovateSimulator.DEFAULT_USER_NAME, TradovateSimulator.DEFAULT_PASSWORD);
		try (RawSocket socket = RawSocket.open(simulator.webSockets().tradingUrl())) {
			assertThat(socket.next()).isEqualTo("o");
			socket.send("authorize\n1\n\n" + token);
			assertThat(socket.nextMessage()).isEqualTo(json.readTree("{\"s\":200,\"i\":1}"));
			assertThat(simulator.webSockets().authorizations()).isEqualTo(1);
		}
	}

	@Test
	void refusesAnUnknownTokenAndATokenOfAClosedSession() throws Exception {
		String token = client.accessToken(TradovateSimulator.DEFAULT_USER_NAME, TradovateSimulator.DEFAULT_PASSWORD);
		simulator.closeAllSessions(TradovateSimulator.DEFAULT_USER_NAME);
		try (RawSocket socket = RawSocket.open(simulator.webSockets().tradingUrl())) {
			socket.next();
			socket.send("authorize\n1\n\nnot-a-token");
			assertThat(socket.nextMessage().get("s").asInt()).isEqualTo(401);
			socket.send("authorize\n2\n\n" + token);
			assertThat(socket.nextMessage().get("s").asInt()).isEqualTo(401);
		}
		assertThat(simulator.webSockets().refusedAuthorizations()).isEqualTo(2);
	}

	@Test
	void refusesEveryRequestOfARateLimitedUserWith429() throws Exception {
		String token = client.accessToken(TradovateSimulator.DEFAULT_USER_NAME, TradovateSimulator.DEFAULT_PASSWORD);
		try (RawSocket socket = authorizedSocket(simulator.webSockets().tradingUrl())) {
			simulator.rateLimitUser(TradovateSimulator.DEFAULT_USER_NAME, Duration.ofMinutes(1));
			socket.send("user/syncrequest\n2\n\n{\"users\":[2600001]}");
			assertThat(socket.nextMessage()).isEqualTo(json.readTree("{\"s\":429,\"i\":2}"));
			socket.send("authorize\n3\n\n" + token);
			assertThat(socket.nextMessage()).isEqualTo(json.readTree("{\"s\":429,\"i\":3}"));
			simulator.advance(Duration.ofMinutes(1));
			socket.send("user/syncrequest\n4\n\n{\"users\":[2600001]}");
			// The first event may come before the answer.
			assertThat(nextAnswer(socket, 4).get("s").asInt()).isEqualTo(200);
		}
	}

	@Test
	void refusesAnExpiredToken() throws Exception {
		String token = client.accessToken(TradovateSimulator.DEFAULT_USER_NAME, TradovateSimulator.DEFAULT_PASSWORD);
		simulator.advance(Duration.ofMinutes(91));
		try (RawSocket socket = RawSocket.open(simulator.webSockets().tradingUrl())) {
			socket.next();
			socket.send("authorize\n1\n\n" + token);
			assertThat(socket.nextMessage().get("s").asInt()).isEqualTo(401);
		}
	}

	@Test
	void marketDataSocketTakesTheMarketDataTokenUntilItIsRefused() throws Exception {
		JsonNode login = SimulatorClient
			.json(client.login(TradovateSimulator.DEFAULT_USER_NAME, TradovateSimulator.DEFAULT_PASSWORD));
		String mdToken = login.get("mdAccessToken").stringValue();
		try (RawSocket socket = RawSocket.open(simulator.webSockets().marketDataUrl())) {
			socket.next();
			socket.send("authorize\n1\n\n" + mdToken);
			assertThat(socket.nextMessage().get("s").asInt()).isEqualTo(200);
		}
		simulator.webSockets().refuseMarketDataTokens();
		try (RawSocket socket = RawSocket.open(simulator.webSockets().marketDataUrl())) {
			socket.next();
			socket.send("authorize\n1\n\n" + mdToken);
			assertThat(socket.nextMessage().get("s").asInt()).isEqualTo(401);
			socket.send("authorize\n2\n\n" + login.get("accessToken").stringValue());
			assertThat(socket.nextMessage().get("s").asInt()).isEqualTo(200);
		}
	}

	@Test
	void syncRequestAnswersASnapshotThenPushesNumberedEvents() throws Exception {
		try (RawSocket socket = authorizedSocket(simulator.webSockets().tradingUrl())) {
			socket.send("user/syncrequest\n2\n\n{\"users\":[2600001]}");
			// The first event may come before the answer.
			JsonNode response = nextAnswer(socket, 2);
			assertThat(response.get("i").asLong()).isEqualTo(2);
			assertThat(response.get("d").get("accounts").get(0).get("id").asLong()).isEqualTo(1_800_001L);
			// Tradovate's props events carry their entities in an array.
			long first = socket.nextMessage().get("d").get("entity").get(0).get("seq").asLong();
			long second = socket.nextMessage().get("d").get("entity").get(0).get("seq").asLong();
			assertThat(second).isEqualTo(first + 1);
		}
	}

	@Test
	void quoteSubscriptionPushesNumberedQuotes() throws Exception {
		try (RawSocket socket = authorizedSocket(simulator.webSockets().marketDataUrl())) {
			socket.send("md/subscribeQuote\n2\n\n{\"symbol\":\"ESZ6\"}");
			assertThat(nextAnswer(socket, 2).get("s").asInt()).isEqualTo(200);
			JsonNode quote = socket.nextMessage();
			assertThat(quote.get("e").stringValue()).isEqualTo("md");
			JsonNode first = quote.get("d").get("quotes").get(0);
			assertThat(first.get("symbol").stringValue()).isEqualTo("ESZ6");
			long next = socket.nextMessage().get("d").get("quotes").get(0).get("seq").asLong();
			assertThat(next).isEqualTo(first.get("seq").asLong() + 1);
		}
		assertThat(simulator.webSockets().requests()).containsExactly("md:md/subscribeQuote");
	}

	@Test
	void delayedResponseComesAfterTheEventsOfItsSubscription() throws Exception {
		try (RawSocket socket = authorizedSocket(simulator.webSockets().tradingUrl())) {
			simulator.webSockets().delayNextResponses(1, Duration.ofMillis(400));
			socket.send("user/syncrequest\n2\n\n");
			JsonNode first = socket.nextMessage();
			assertThat(first.get("e").stringValue()).isEqualTo("props");
			JsonNode message = first;
			while (!message.has("i")) {
				message = socket.nextMessage();
			}
			assertThat(message.get("i").asLong()).isEqualTo(2);
		}
	}

	@Test
	void closesASocketThatSendsNoHeartbeats() throws Exception {
		simulator.webSockets().setClientSilenceTimeout(Duration.ofMillis(300));
		try (RawSocket socket = authorizedSocket(simulator.webSockets().tradingUrl())) {
			assertThat(socket.closed.poll(5, TimeUnit.SECONDS)).isEqualTo(1008);
			assertThat(simulator.webSockets().closedForSilence()).isEqualTo(1);
		}
		finally {
			simulator.webSockets().setClientSilenceTimeout(Duration.ofSeconds(15));
		}
	}

	@Test
	void stopAnsweringSilencesOpenSockets() throws Exception {
		simulator.webSockets().setServerHeartbeatInterval(Duration.ofMillis(100));
		try (RawSocket socket = authorizedSocket(simulator.webSockets().tradingUrl())) {
			assertThat(socket.next()).isEqualTo("h");
			simulator.webSockets().stopAnswering();
			socket.frames.clear();
			socket.send("user/syncrequest\n2\n\n");
			assertThat(socket.frames.poll(500, TimeUnit.MILLISECONDS)).isNull();
		}
		finally {
			simulator.webSockets().setServerHeartbeatInterval(Duration.ofMillis(2500));
		}
	}

	@Test
	void dropAllClosesEverySocket() throws Exception {
		try (RawSocket socket = authorizedSocket(simulator.webSockets().tradingUrl())) {
			simulator.webSockets().dropAll();
			assertThat(socket.closed.poll(5, TimeUnit.SECONDS)).isEqualTo(1001);
		}
	}

	@Test
	void refuseNextAuthorizationsRefusesValidTokens() throws Exception {
		String token = client.accessToken(TradovateSimulator.DEFAULT_USER_NAME, TradovateSimulator.DEFAULT_PASSWORD);
		simulator.webSockets().refuseNextAuthorizations(1);
		try (RawSocket socket = RawSocket.open(simulator.webSockets().tradingUrl())) {
			socket.next();
			socket.send("authorize\n1\n\n" + token);
			assertThat(socket.nextMessage().get("s").asInt()).isEqualTo(401);
			socket.send("authorize\n2\n\n" + token);
			assertThat(socket.nextMessage().get("s").asInt()).isEqualTo(200);
		}
	}

	@Test
	void rateLimitAnswersWithATimePenalty() throws Exception {
		try (RawSocket socket = authorizedSocket(simulator.webSockets().tradingUrl())) {
			simulator.webSockets().rateLimitNextRequests(1, Duration.ofSeconds(7));
			socket.send("user/syncrequest\n2\n\n");
			JsonNode response = socket.nextMessage();
			assertThat(response.get("d").get("p-time").asInt()).isEqualTo(7);
			assertThat(response.get("d").has("p-ticket")).isTrue();
		}
	}

	@Test
	void anAuthorizedSocketStaysUsableAfterItsTokenExpires() throws Exception {
		try (RawSocket socket = authorizedSocket(simulator.webSockets().tradingUrl())) {
			simulator.advance(Duration.ofMinutes(91));
			socket.send("user/syncrequest\n2\n\n{\"users\":[2600001]}");
			assertThat(nextAnswer(socket, 2).get("s").asInt()).isEqualTo(200);
		}
	}

	@Test
	void closesWithACodeABareCOrAShutdownOnDemand() throws Exception {
		try (RawSocket socket = authorizedSocket(simulator.webSockets().tradingUrl())) {
			simulator.webSockets().closeAll(4000, "Bye");
			assertThat(nextSkippingHeartbeats(socket)).isEqualTo("c[4000,\"Bye\"]");
		}
		try (RawSocket socket = authorizedSocket(simulator.webSockets().tradingUrl())) {
			simulator.webSockets().closeAllBare();
			assertThat(nextSkippingHeartbeats(socket)).isEqualTo("c");
		}
		try (RawSocket socket = authorizedSocket(simulator.webSockets().tradingUrl())) {
			simulator.webSockets().shutdown("ConnectionQuotaReached");
			JsonNode shutdown = socket.nextMessage();
			assertThat(shutdown.get("e").stringValue()).isEqualTo("shutdown");
			assertThat(shutdown.get("d").get("reasonCode").stringValue()).isEqualTo("ConnectionQuotaReached");
			assertThat(socket.closed.poll(5, TimeUnit.SECONDS)).isNotNull();
		}
	}

	@Test
	void aUserOverTheConnectionLimitLosesTheOldestSocket() throws Exception {
		simulator.webSockets().setConnectionLimit(1);
		try (RawSocket oldest = authorizedSocket(simulator.webSockets().tradingUrl());
				RawSocket newest = authorizedSocket(simulator.webSockets().tradingUrl())) {
			assertThat(nextSkippingHeartbeats(oldest)).isEqualTo("c[1008,\"Connection limit reached\"]");
			assertThat(simulator.webSockets().closedForConnectionLimit()).isOne();
			newest.send("user/syncrequest\n2\n\n{\"users\":[2600001]}");
			// The user's events may start before the answer: it is the first with a
			// status.
			JsonNode answer = newest.nextMessage();
			while (!answer.has("s")) {
				answer = newest.nextMessage();
			}
			assertThat(answer.get("s").asInt()).isEqualTo(200);
		}
	}

	@Test
	void keepsOneQuoteSubscriptionPerContractAndUnsubscribes() throws Exception {
		try (RawSocket socket = authorizedSocket(simulator.webSockets().marketDataUrl())) {
			socket.send("md/subscribeQuote\n2\n\n{\"symbol\":\"ESZ6\"}");
			assertThat(nextAnswer(socket, 2).get("s").asInt()).isEqualTo(200);
			socket.send("md/subscribeQuote\n3\n\n{\"symbol\":\"ESZ6\"}");
			assertThat(nextAnswer(socket, 3).get("s").asInt()).isEqualTo(400);
			socket.send("md/unsubscribeQuote\n4\n\n{\"symbol\":\"ESZ6\"}");
			assertThat(nextAnswer(socket, 4).get("s").asInt()).isEqualTo(200);
			socket.send("md/subscribeQuote\n5\n\n{\"symbol\":\"ESZ6\"}");
			assertThat(nextAnswer(socket, 5).get("s").asInt()).isEqualTo(200);
		}
	}

	@Test
	void chartsAnswerTheirIdsThenTheHistoryItsEndAndLiveBars() throws Exception {
		try (RawSocket socket = authorizedSocket(simulator.webSockets().marketDataUrl())) {
			socket.send("md/getChart\n2\n\n{\"symbol\":\"ESZ6\"}");
			JsonNode ids = socket.nextMessage().get("d");
			long historicalId = ids.get("historicalId").asLong();
			long realtimeId = ids.get("realtimeId").asLong();
			assertThat(realtimeId).isNotEqualTo(historicalId);
			JsonNode history = socket.nextMessage().get("d").get("charts").get(0);
			assertThat(history.get("id").asLong()).isEqualTo(historicalId);
			assertThat(history.get("bars")).isNotEmpty();
			JsonNode end = socket.nextMessage().get("d").get("charts").get(0);
			assertThat(end.get("id").asLong()).isEqualTo(historicalId);
			assertThat(end.get("eoh").asBoolean()).isTrue();
			assertThat(socket.nextMessage().get("d").get("charts").get(0).get("id").asLong()).isEqualTo(realtimeId);
			socket.send("md/cancelChart\n3\n\n{\"subscriptionId\":" + realtimeId + "}");
			assertThat(nextAnswer(socket, 3).get("s").asInt()).isEqualTo(200);
		}
	}

	@Test
	void answersASplitSyncRequestInPartsWithTheSameId() throws Exception {
		try (RawSocket socket = authorizedSocket(simulator.webSockets().tradingUrl())) {
			socket.send("user/syncrequest\n2\n\n{\"users\":[2600001],\"splitResponses\":true}");
			JsonNode first = nextAnswer(socket, 2);
			JsonNode second = nextAnswer(socket, 2);
			assertThat(first.get("d").has("accounts")).isTrue();
			assertThat(second.get("d").has("cashBalances")).isTrue();
		}
	}

	@Test
	void faultsAimAtOneEndpoint() throws Exception {
		simulator.webSockets().delayAnswers("order/cancelorder", 1, Duration.ofMillis(300));
		simulator.webSockets().penalizeRequests("md/subscribeQuote", 1, Duration.ofSeconds(5));
		simulator.webSockets().answerTooManyRequests("order/placeorder", 1);
		simulator.webSockets().ignoreRequests("user/syncrequest", 1);
		try (RawSocket socket = authorizedSocket(simulator.webSockets().tradingUrl())) {
			socket.send("user/syncrequest\n2\n\n{}");
			socket.send("order/cancelorder\n3\n\n{\"orderId\":1}");
			socket.send("order/placeorder\n4\n\n{}");
			socket.send("md/subscribeQuote\n5\n\n{\"symbol\":\"ESZ6\"}");
			// Unanswered, then answered out of order: the delayed one last.
			assertThat(socket.nextMessage().get("i").asLong()).isEqualTo(4);
			JsonNode penalty = socket.nextMessage();
			assertThat(penalty.get("i").asLong()).isEqualTo(5);
			String ticket = penalty.get("d").get("p-ticket").stringValue();
			assertThat(socket.nextMessage().get("i").asLong()).isEqualTo(3);
			socket.send("md/subscribeQuote\n6\n\n{\"symbol\":\"ESZ6\",\"p-ticket\":\"" + ticket + "\"}");
			socket.nextMessage();
			assertThat(simulator.webSockets().ticketedRequests("md/subscribeQuote")).isOne();
			assertThat(simulator.webSockets().authorizeRequests()).isOne();
		}
	}

	private static String nextSkippingHeartbeats(RawSocket socket) throws InterruptedException {
		String frame = socket.next();
		while (frame.equals("h") || frame.startsWith("a[")) {
			frame = socket.next();
		}
		return frame;
	}

	private static JsonNode nextAnswer(RawSocket socket, long id) throws InterruptedException {
		JsonNode message = socket.nextMessage();
		while (!message.has("i") || message.get("i").asLong() != id) {
			message = socket.nextMessage();
		}
		return message;
	}

	private RawSocket authorizedSocket(URI url) throws Exception {
		String token = client.accessToken(TradovateSimulator.DEFAULT_USER_NAME, TradovateSimulator.DEFAULT_PASSWORD);
		RawSocket socket = RawSocket.open(url);
		socket.next();
		socket.send("authorize\n1\n\n" + token);
		assertThat(socket.nextMessage().get("s").asInt()).isEqualTo(200);
		return socket;
	}

	/**
	 * A WebSocket that queues what it receives, frame by frame.
	 */
	private static final class RawSocket implements WebSocket.Listener, AutoCloseable {

		final BlockingQueue<String> frames = new LinkedBlockingQueue<>();

		final BlockingQueue<Integer> closed = new LinkedBlockingQueue<>();

		private final StringBuilder partial = new StringBuilder();

		private WebSocket webSocket;

		static RawSocket open(URI url) throws Exception {
			RawSocket socket = new RawSocket();
			socket.webSocket = HttpClient.newHttpClient()
				.newWebSocketBuilder()
				.buildAsync(url, socket)
				.get(5, TimeUnit.SECONDS);
			return socket;
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.partial.append(data);
			if (last) {
				this.frames.add(this.partial.toString());
				this.partial.setLength(0);
			}
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			this.closed.add(statusCode);
			return null;
		}

		void send(String text) throws Exception {
			this.webSocket.sendText(text, true).get(5, TimeUnit.SECONDS);
		}

		String next() throws InterruptedException {
			String frame = this.frames.poll(5, TimeUnit.SECONDS);
			assertThat(frame).as("a frame within 5 seconds").isNotNull();
			return frame;
		}

		/**
		 * Return the next message of an {@code a} frame, skipping heartbeats.
		 */
		JsonNode nextMessage() throws InterruptedException {
			String frame = next();
			while (frame.equals("h")) {
				frame = next();
			}
			assertThat(frame).startsWith("a[");
			List<JsonNode> messages = List.copyOf(json.readTree(frame.substring(1)).values());
			assertThat(messages).hasSize(1);
			return messages.get(0);
		}

		@Override
		public void close() {
			this.webSocket.abort();
		}

	}

}
