package io.github.futuresauth.tradovate.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An OAuth2 token endpoint on 127.0.0.1 for the {@code client_credentials} grant: it
 * answers every {@code POST} after a fixed latency, as a remote server would, with a new
 * access token, and counts the token requests.
 */
final class LoopbackTokenEndpoint implements AutoCloseable {

	private final HttpServer server;

	private final ExecutorService executor;

	private final Duration latency;

	private final AtomicInteger tokenRequests = new AtomicInteger();

	private LoopbackTokenEndpoint(HttpServer server, ExecutorService executor, Duration latency) {
		this.server = server;
		this.executor = executor;
		this.latency = latency;
	}

	static LoopbackTokenEndpoint start(Duration latency) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 2048);
		ExecutorService executor = Executors.newCachedThreadPool((task) -> {
			Thread thread = new Thread(task, "loopback-token-endpoint");
			thread.setDaemon(true);
			return thread;
		});
		server.setExecutor(executor);
		LoopbackTokenEndpoint endpoint = new LoopbackTokenEndpoint(server, executor, latency);
		server.createContext("/oauth2/token", endpoint::handle);
		server.start();
		return endpoint;
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange; InputStream body = exchange.getRequestBody()) {
			body.transferTo(OutputStream.nullOutputStream());
			if (!"POST".equals(exchange.getRequestMethod())) {
				exchange.sendResponseHeaders(405, -1);
				return;
			}
			int number = this.tokenRequests.incrementAndGet();
			// The server's own latency, as of a token endpoint across a network.
			Thread.sleep(this.latency.toMillis());
			byte[] answer = ("{\"access_token\":\"token-" + number
					+ "\",\"token_type\":\"Bearer\",\"expires_in\":3600}")
				.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
			exchange.getResponseHeaders().set("Cache-Control", "no-store");
			exchange.sendResponseHeaders(200, answer.length);
			exchange.getResponseBody().write(answer);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Return the URL of the token endpoint.
	 * @return the URL
	 */
	String tokenUri() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/oauth2/token";
	}

	int tokenRequests() {
		return this.tokenRequests.get();
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
