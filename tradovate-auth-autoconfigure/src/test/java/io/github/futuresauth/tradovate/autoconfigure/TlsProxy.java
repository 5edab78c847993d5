package io.github.futuresauth.tradovate.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * An HTTPS server on 127.0.0.1 that forwards every request to a plain HTTP server, such
 * as the Tradovate simulator, with a self-signed certificate for 127.0.0.1 that
 * {@code keytool} makes when the proxy starts.
 */
final class TlsProxy implements AutoCloseable {

	private static final Set<String> HOP_BY_HOP = Set.of("host", "connection", "content-length", "transfer-encoding",
			"upgrade", "expect", "date");

	private static final char[] PASSWORD = "changeit".toCharArray();

	private final URI target;

	private final Path certificate;

	private final HttpsServer server;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final HttpClient client = HttpClient.newHttpClient();

	private TlsProxy(URI target, Path directory) throws Exception {
		this.target = target;
		Path keyStore = directory.resolve("server.p12");
		this.certificate = directory.resolve("server.pem");
		keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname",
				"CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
				"-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD));
		keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", keyStore.toString(), "-storepass",
				new String(PASSWORD), "-file", this.certificate.toString());
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream input = Files.newInputStream(keyStore)) {
			store.load(input, PASSWORD);
		}
		KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keyManagers.init(store, PASSWORD);
		SSLContext sslContext = SSLContext.getInstance("TLS");
		sslContext.init(keyManagers.getKeyManagers(), null, null);
		this.server = HttpsServer
			.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 }), 0), 0);
		this.server.setHttpsConfigurator(new HttpsConfigurator(sslContext));
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::forward);
		this.server.start();
	}

	/**
	 * Start a proxy to the given server.
	 * @param target the base URL of the server, such as {@code http://127.0.0.1:8099/v1}
	 * @param directory where to keep the key store and the certificate
	 * @return the running proxy
	 */
	static TlsProxy start(URI target, Path directory) {
		try {
			return new TlsProxy(target, directory);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not start the TLS proxy", ex);
		}
	}

	/**
	 * Return the base URL of the proxy: the target's, with {@code https} and the proxy's
	 * port.
	 * @return the base URL
	 */
	URI baseUrl() {
		return URI.create("https://127.0.0.1:" + this.server.getAddress().getPort() + this.target.getPath());
	}

	/**
	 * Return the PEM file of the proxy's certificate, for a trust store.
	 * @return the certificate file
	 */
	Path certificate() {
		return this.certificate;
	}

	private void forward(HttpExchange exchange) throws IOException {
		try (exchange) {
			URI uri = URI.create("http://127.0.0.1:" + this.target.getPort() + exchange.getRequestURI());
			byte[] body = exchange.getRequestBody().readAllBytes();
			HttpRequest.Builder request = HttpRequest.newBuilder(uri)
				.method(exchange.getRequestMethod(), (body.length > 0) ? HttpRequest.BodyPublishers.ofByteArray(body)
						: HttpRequest.BodyPublishers.noBody());
			exchange.getRequestHeaders().forEach((name, values) -> {
				if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
					values.forEach((value) -> request.header(name, value));
				}
			});
			HttpResponse<byte[]> response = this.client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
			response.headers().map().forEach((name, values) -> {
				if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
					exchange.getResponseHeaders().put(name, List.copyOf(values));
				}
			});
			byte[] responseBody = response.body();
			exchange.sendResponseHeaders(response.statusCode(), (responseBody.length > 0) ? responseBody.length : -1);
			if (responseBody.length > 0) {
				try (OutputStream output = exchange.getResponseBody()) {
					output.write(responseBody);
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private static void keytool(String... arguments) throws IOException, InterruptedException {
		Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
		List<String> command = new ArrayList<>(List.of(keytool.toString()));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new UncheckedIOException(new IOException("keytool failed: " + output));
		}
	}

}
