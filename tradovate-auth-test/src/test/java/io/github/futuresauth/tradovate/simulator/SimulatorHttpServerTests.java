package io.github.futuresauth.tradovate.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import com.sun.net.httpserver.HttpExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link SimulatorHttpServer}, with raw HTTP over a socket.
 */
class SimulatorHttpServerTests {

	private static final Instant NOW = Instant.parse("2026-03-02T09:05:03Z");

	private final MutableClock clock = new MutableClock(NOW);

	private SimulatorHttpServer server;

	@BeforeEach
	void startServer() throws IOException {
		this.server = new SimulatorHttpServer(this.clock,
				new InetSocketAddress(InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 }), 0), 16);
		this.server.createContext("/", (exchange) -> respond(exchange, 200, "root " + exchange.getRequestMethod() + " "
				+ new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
		this.server.createContext("/special/", (exchange) -> respond(exchange, 201, "special"));
		this.server.createContext("/silent/", HttpExchange::close);
		this.server.createContext("/chunked/", (exchange) -> {
			try (exchange) {
				exchange.sendResponseHeaders(200, 0);
				exchange.getResponseBody().write("first,".getBytes(StandardCharsets.UTF_8));
				exchange.getResponseBody().write("second".getBytes(StandardCharsets.UTF_8));
			}
		});
		this.server.start();
	}

	@AfterEach
	void stopServer() {
		this.server.stop(0);
	}

	@Test
	void dateHeaderIsReadFromTheClockInImfFixdateFormat() throws IOException {
		String response = exchange("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
		assertThat(response).startsWith("HTTP/1.1 200 OK\r\n").contains("\r\nDate: Mon, 02 Mar 2026 09:05:03 GMT\r\n");
	}

	@Test
	void dispatchesToTheLongestMatchingContext() throws IOException {
		assertThat(exchange("GET /special/thing HTTP/1.1\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 201 ")
			.endsWith("special");
		assertThat(exchange("GET /specialist HTTP/1.1\r\nConnection: close\r\n\r\n")).endsWith("root GET ");
	}

	@Test
	void answersExpectContinueBeforeReadingTheBody() throws IOException {
		String response = exchange(
				"POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 5\r\n" + "Connection: close\r\n\r\nhello");
		assertThat(response).startsWith("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n").endsWith("root POST hello");
	}

	@Test
	void closesTheConnectionAfterAnHttp10Request() throws IOException {
		String response = exchange("GET / HTTP/1.0\r\n\r\n");
		assertThat(response).contains("Connection: close").endsWith("root GET ");
	}

	@Test
	void writesAChunkedBodyWhenTheLengthIsUnknown() throws IOException {
		String response = exchange("GET /chunked/ HTTP/1.1\r\nConnection: close\r\n\r\n");
		assertThat(response).contains("Transfer-encoding: chunked")
			.endsWith("\r\n\r\n6\r\nfirst,\r\n6\r\nsecond\r\n0\r\n\r\n");
	}

	@Test
	void dropsTheConnectionWhenTheHandlerSendsNoAnswer() throws IOException {
		assertThat(exchange("GET /silent/ HTTP/1.1\r\n\r\n")).isEmpty();
	}

	@Test
	void answersAMalformedRequestWith400AndADate() throws IOException {
		String response = exchange("NONSENSE\r\n\r\n");
		assertThat(response).startsWith("HTTP/1.1 400 Bad Request\r\n")
			.contains("Date: Mon, 02 Mar 2026 09:05:03 GMT")
			.contains("Connection: close");
	}

	@Test
	void refusesConnectionsAsSoonAsItHasStopped() throws IOException {
		// A socket closed while a thread waits in accept keeps listening until that
		// thread has left accept, so this fails now and then unless stop waits for it.
		for (int i = 0; i < 200; i++) {
			SimulatorHttpServer server = new SimulatorHttpServer(this.clock,
					new InetSocketAddress(InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 }), 0), 16);
			server.start();
			int port = server.getAddress().getPort();
			new Socket("127.0.0.1", port).close();
			server.stop(0);
			assertThatIOException().as("connection after stop #%d", i)
				.isThrownBy(() -> new Socket("127.0.0.1", port).close());
		}
	}

	@Test
	void rejectsDuplicateAndMalformedContexts() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.server.createContext("/special/"))
			.withMessageContaining("already exists");
		assertThatIllegalArgumentException().isThrownBy(() -> this.server.createContext("relative"))
			.withMessageContaining("must start with '/'");
	}

	private String exchange(String request) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.server.getAddress().getPort())) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
		}
	}

	private static void respond(HttpExchange exchange, int status, String body) throws IOException {
		try (exchange) {
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(status, bytes.length);
			exchange.getResponseBody().write(bytes);
		}
	}

}
