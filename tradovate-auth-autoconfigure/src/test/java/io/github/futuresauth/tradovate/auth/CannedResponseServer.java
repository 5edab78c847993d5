package io.github.futuresauth.tradovate.auth;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

/**
 * An HTTP server on loopback that answers every request with the same JSON, for responses
 * that the simulator has no reason to produce. It records the {@code Authorization}
 * header of every request.
 */
final class CannedResponseServer implements AutoCloseable {

	private final HttpServer server;

	private final List<String> authorizations = new CopyOnWriteArrayList<>();

	private CannedResponseServer(String json) throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/", (exchange) -> {
			exchange.getRequestBody().readAllBytes();
			this.authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
			byte[] body = json.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		this.server.start();
	}

	static CannedResponseServer answering(String json) throws IOException {
		return new CannedResponseServer(json);
	}

	URI baseUrl() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1");
	}

	/** The Authorization header of each request, or "null" where there was none. */
	List<String> authorizations() {
		return this.authorizations;
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
