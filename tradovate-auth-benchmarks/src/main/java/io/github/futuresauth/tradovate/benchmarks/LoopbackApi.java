package io.github.futuresauth.tradovate.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An HTTP server on 127.0.0.1 that answers every request with a small JSON list, as
 * {@code /account/list} does, and counts the requests that carried an
 * {@code Authorization} header.
 * <p>
 * The JDK's {@code HttpServer} writes the headers and the body of an answer separately;
 * unless the system property {@value #NO_DELAY} is {@code true} when the first server of
 * the JVM starts, Nagle's algorithm then holds the body back until the client's delayed
 * ACK, about 40 ms, and every request on a kept-alive connection takes that long.
 * {@link BenchmarkSuite} and the build's test configuration set it.
 */
final class LoopbackApi implements AutoCloseable {

	/**
	 * The system property that sets {@code TCP_NODELAY} on the JDK {@code HttpServer}'s
	 * sockets.
	 */
	static final String NO_DELAY = "sun.net.httpserver.nodelay";

	private static final byte[] ACCOUNTS = "[{\"id\":1800001,\"name\":\"DEMO1800001\",\"userId\":2600001,\"active\":true}]"
		.getBytes(StandardCharsets.UTF_8);

	private final HttpServer server;

	private final ExecutorService executor;

	private final AtomicLong authorized = new AtomicLong();

	private final AtomicLong unauthorized = new AtomicLong();

	private LoopbackApi(HttpServer server, ExecutorService executor) {
		this.server = server;
		this.executor = executor;
	}

	static LoopbackApi start() throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
		ExecutorService executor = Executors.newFixedThreadPool(2, (task) -> {
			Thread thread = new Thread(task, "loopback-api");
			thread.setDaemon(true);
			return thread;
		});
		server.setExecutor(executor);
		LoopbackApi api = new LoopbackApi(server, executor);
		server.createContext("/", api::handle);
		server.start();
		return api;
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange; InputStream body = exchange.getRequestBody()) {
			body.transferTo(OutputStream.nullOutputStream());
			boolean hasAuthorization = exchange.getRequestHeaders().containsKey("Authorization");
			(hasAuthorization ? this.authorized : this.unauthorized).incrementAndGet();
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, ACCOUNTS.length);
			exchange.getResponseBody().write(ACCOUNTS);
		}
	}

	/**
	 * Return the base URL, {@code http://127.0.0.1:<port>/v1}.
	 * @return the base URL
	 */
	URI baseUrl() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1");
	}

	long authorizedRequests() {
		return this.authorized.get();
	}

	long unauthorizedRequests() {
		return this.unauthorized.get();
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
