package io.github.futuresauth.tradovate.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.net.CookieManager;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;

/**
 * What an OAuth test of {@link SimulatedOAuth} needs around the simulator: a browser (an
 * {@link HttpClient} that follows redirects and keeps cookies), an application's callback
 * endpoint that records the query it was sent back with, and a token client.
 */
final class OAuthBrowser implements AutoCloseable {

	private static final Pattern AUTHORIZATION_FIELD = Pattern
		.compile("<input type=\"hidden\" name=\"authorization\" value=\"([^\"]+)\">");

	private final HttpServer application;

	private final List<Map<String, String>> callbacks = new ArrayList<>();

	final HttpClient browser = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.followRedirects(HttpClient.Redirect.NORMAL)
		.cookieHandler(new CookieManager())
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	/**
	 * A client that neither follows redirects nor keeps cookies.
	 */
	final HttpClient plain = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	OAuthBrowser() throws IOException {
		this.application = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.application.createContext("/callback", (exchange) -> {
			try (exchange) {
				synchronized (this.callbacks) {
					this.callbacks.add(OAuthHandler.parseForm(exchange.getRequestURI().getRawQuery()));
				}
				byte[] body = "Back in the application".getBytes(StandardCharsets.UTF_8);
				exchange.sendResponseHeaders(200, body.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			}
		});
		this.application.start();
	}

	/**
	 * Return the application's redirect URI.
	 */
	URI callbackUri() {
		return URI.create("http://127.0.0.1:" + this.application.getAddress().getPort() + "/callback");
	}

	/**
	 * Return the query parameters of every request to the callback, oldest first.
	 */
	List<Map<String, String>> callbacks() {
		synchronized (this.callbacks) {
			return List.copyOf(this.callbacks);
		}
	}

	HttpResponse<String> open(URI uri) throws IOException, InterruptedException {
		return this.browser.send(HttpRequest.newBuilder(uri).GET().build(), BodyHandlers.ofString());
	}

	/**
	 * Post the form of the given authorize page, as clicking one of its buttons does.
	 */
	HttpResponse<String> submit(HttpClient client, HttpResponse<String> page, String name, String password,
			String decision) throws IOException, InterruptedException {
		Matcher authorization = AUTHORIZATION_FIELD.matcher(page.body());
		if (!authorization.find()) {
			throw new IllegalStateException("Not an authorize page: " + page.body());
		}
		String form = form(Map.of("authorization", authorization.group(1), "name", name, "password", password,
				"decision", decision));
		URI action = page.uri().resolve(SimulatedOAuth.AUTHORIZE_PATH);
		return client.send(HttpRequest.newBuilder(action)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(BodyPublishers.ofString(form))
			.build(), BodyHandlers.ofString());
	}

	/**
	 * Post a token request with the given fields.
	 */
	HttpResponse<String> token(URI tokenUrl, Map<String, String> fields) throws IOException, InterruptedException {
		return token(tokenUrl, fields, null);
	}

	/**
	 * Post a token request with the given fields, authenticating with HTTP Basic when
	 * credentials are given.
	 */
	HttpResponse<String> token(URI tokenUrl, Map<String, String> fields, String[] basic)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(tokenUrl)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "application/json")
			.POST(BodyPublishers.ofString(form(fields)));
		if (basic != null) {
			String credentials = encode(basic[0]) + ":" + encode(basic[1]);
			request.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
		}
		return this.plain.send(request.build(), BodyHandlers.ofString());
	}

	static String form(Map<String, String> fields) {
		StringJoiner form = new StringJoiner("&");
		fields.forEach((name, value) -> form.add(encode(name) + "=" + encode(value)));
		return form.toString();
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

	@Override
	public void close() {
		this.application.stop(0);
	}

}
