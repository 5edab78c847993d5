package io.github.futuresauth.tradovate.simulator;

import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Tests for the server clock of {@link TradovateSimulator}: its offset from the
 * simulator's clock and the {@code Date} header.
 */
class TradovateSimulatorServerClockTests extends AbstractTradovateSimulatorTests {

	@Test
	void everyResponseCarriesTheServerTimeAsItsDateHeader() throws Exception {
		String token = this.client.accessToken(NAME, PASSWORD);
		assertThat(dateOf(this.client.get("/auth/me", token))).isEqualTo(START);
		assertThat(dateOf(this.client.login(NAME, "wrong"))).isEqualTo(START);
		assertThat(dateOf(this.client.get("/auth/me", "unknown"))).isEqualTo(START);
		assertThat(dateOf(this.client.get("/no/such/path", null))).isEqualTo(START);
		this.simulator.failNext(1, 503);
		assertThat(dateOf(this.client.get("/auth/me", token))).isEqualTo(START);
		this.simulator.failNext(1, 429);
		assertThat(dateOf(this.client.get("/auth/me", token))).isEqualTo(START);
	}

	@Test
	void dateHeaderFollowsTheSimulatorsClockRatherThanTheSystemClock() throws Exception {
		this.simulator.advance(Duration.ofHours(5).plusSeconds(7));
		HttpResponse<String> response = this.client.get("/auth/me", null);
		assertThat(dateOf(response)).isEqualTo(START.plus(Duration.ofHours(5).plusSeconds(7)));
		assertThat(response.headers().firstValue("Date")).hasValue("Mon, 02 Mar 2026 19:30:07 GMT");
	}

	@Test
	void dateHeaderIsTruncatedToWholeSeconds() throws Exception {
		this.simulator.advance(Duration.ofMillis(1999));
		assertThat(dateOf(this.client.get("/auth/me", null))).isEqualTo(START.plusSeconds(1));
	}

	@Test
	void serverClockOffsetMovesServerTimeButNotTheSimulatorsClock() throws Exception {
		this.simulator.setServerClockOffset(Duration.ofHours(-3));
		assertThat(this.simulator.getServerClockOffset()).isEqualTo(Duration.ofHours(-3));
		assertThat(this.simulator.clock().instant()).isEqualTo(START);
		assertThat(this.simulator.serverTime()).isEqualTo(START.minus(Duration.ofHours(3)));
		HttpResponse<String> login = this.client.login(NAME, PASSWORD);
		Instant serverTime = START.minus(Duration.ofHours(3));
		assertThat(dateOf(login)).isEqualTo(serverTime);
		JsonNode json = SimulatorClient.json(login);
		assertThat(Instant.parse(json.get("expirationTime").stringValue()))
			.isEqualTo(serverTime.plus(Duration.ofMinutes(90)));
		assertThat(Instant.parse(json.get("passwordExpirationTime").stringValue()))
			.isEqualTo(serverTime.plus(Duration.ofDays(365)));
		assertThat(this.simulator.journal().requests().get(0).arrivedAt()).isEqualTo(serverTime);
	}

	@Test
	void tokenExpiresByServerTime() throws Exception {
		String token = this.client.accessToken(NAME, PASSWORD);
		// The client's clock (the shared MutableClock) has not moved, but the server's
		// has.
		this.simulator.setServerClockOffset(Duration.ofMinutes(90));
		assertThat(this.client.get("/auth/me", token).statusCode()).isEqualTo(401);
		this.simulator.setServerClockOffset(Duration.ofMinutes(89));
		assertThat(this.client.get("/auth/me", token).statusCode()).isEqualTo(200);
	}

	@Test
	void penaltyWaitIsMeasuredInServerTime() throws Exception {
		this.simulator.penalizeNextLogin(Duration.ofSeconds(10));
		JsonNode penalty = SimulatorClient.json(this.client.login(NAME, PASSWORD));
		this.simulator.setServerClockOffset(Duration.ofSeconds(10));
		Map<String, Object> body = SimulatorClient.loginBody(NAME, PASSWORD);
		body.put("p-ticket", penalty.get("p-ticket").stringValue());
		assertThat(SimulatorClient.json(this.client.post("/auth/accesstokenrequest", body)).has("accessToken"))
			.isTrue();
	}

	@Test
	void builderSetsTheInitialOffsetAndResetRestoresIt() throws Exception {
		try (TradovateSimulator ahead = TradovateSimulator.builder()
			.clock(this.clock)
			.serverClockOffset(Duration.ofHours(2))
			.user(NAME, PASSWORD)
			.start()) {
			SimulatorClient client = new SimulatorClient(ahead);
			assertThat(dateOf(client.get("/auth/me", null))).isEqualTo(START.plus(Duration.ofHours(2)));
			ahead.setServerClockOffset(Duration.ZERO);
			assertThat(dateOf(client.get("/auth/me", null))).isEqualTo(START);
			ahead.reset();
			assertThat(ahead.getServerClockOffset()).isEqualTo(Duration.ofHours(2));
			assertThat(dateOf(client.get("/auth/me", null))).isEqualTo(START.plus(Duration.ofHours(2)));
		}
	}

	@Test
	void offsetMustNotBeNull() {
		assertThatNullPointerException().isThrownBy(() -> this.simulator.setServerClockOffset(null))
			.withMessageContaining("offset");
		assertThatNullPointerException().isThrownBy(() -> TradovateSimulator.builder().serverClockOffset(null))
			.withMessageContaining("offset");
	}

	@Test
	void answersRequestsWithAChunkedBodyOnAPersistentConnection() throws Exception {
		String login = "{\"name\":\"" + NAME + "\",\"password\":\"" + PASSWORD + "\"}";
		String chunked = Integer.toHexString(10) + "\r\n" + login.substring(0, 10) + "\r\n"
				+ Integer.toHexString(login.length() - 10) + "\r\n" + login.substring(10) + "\r\n0\r\n\r\n";
		try (Socket socket = new Socket("127.0.0.1", this.simulator.port())) {
			socket.setSoTimeout(10_000);
			String request = "POST /v1/auth/accesstokenrequest HTTP/1.1\r\nHost: 127.0.0.1\r\n"
					+ "Transfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n" + chunked
					+ "GET /v1/auth/me HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
			socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
			String responses = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
			assertThat(responses).startsWith("HTTP/1.1 200 OK\r\n").contains("accessToken");
			assertThat(responses.substring(responses.indexOf("accessToken"))).contains("HTTP/1.1 401 Unauthorized\r\n")
				.contains("Connection: close");
		}
		assertThat(this.simulator.journal().requests()).extracting(RecordedRequest::kind)
			.containsExactly(RequestKind.LOGIN, RequestKind.UNAUTHORIZED);
	}

	private static Instant dateOf(HttpResponse<String> response) {
		String date = response.headers().firstValue("Date").orElseThrow();
		return ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
	}

}
