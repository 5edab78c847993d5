package io.github.futuresauth.tradovate.sample;

import java.io.IOException;
import java.net.CookieManager;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.github.futuresauth.tradovate.auth.TradovateUsers;
import io.github.futuresauth.tradovate.autoconfigure.oauth.TradovateOAuthUsers;
import io.github.futuresauth.tradovate.simulator.TradovateSimulator;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Starts the sample with the {@code oauth} profile and connects a Tradovate account as a
 * trader does in a browser: a client that follows redirects and keeps cookies, from the
 * sample's page to the simulator's authorize page and back.
 */
class ConnectTradovateTests {

	private static final Pattern AUTHORIZATION_FIELD = Pattern
		.compile("<input type=\"hidden\" name=\"authorization\" value=\"([^\"]+)\">");

	private final CookieManager cookies = new CookieManager();

	private final HttpClient browser = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.followRedirects(HttpClient.Redirect.NORMAL)
		.cookieHandler(this.cookies)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	@Test
	void aTraderConnectsTheirAccountAndSeesItsAccountsAcrossRenewals() throws Exception {
		try (ConfigurableApplicationContext context = SpringApplication.run(SampleApplication.class,
				"--spring.profiles.active=oauth", "--server.port=0", "--sample.simulator.token-lifetime=4s",
				"--sample.poll-interval=1m")) {
			URI sample = URI.create("http://localhost:" + context.getEnvironment().getProperty("local.server.port"));
			HttpResponse<String> home = get(sample.resolve("/"));
			assertThat(home.body()).contains("Connect Tradovate");
			HttpResponse<String> authorizePage = get(sample.resolve("/oauth2/authorization/tradovate"));
			assertThat(authorizePage.uri().getPath()).isEqualTo("/oauth");
			HttpResponse<String> accounts = approve(authorizePage, "trader", "s3cret-password");
			assertThat(accounts.uri().getPath()).isEqualTo("/accounts");
			assertThat(accounts.body()).contains("Connected as trader").contains("<li>DEMO");
			assertThat(context.getBean(TradovateUsers.class).keys()).contains("oauth:trader");
			// The token outlives its four seconds: the starter renews it.
			String first = context.getBean(TradovateUsers.class)
				.getTokenProvider("oauth:trader")
				.getToken()
				.accessToken();
			await().atMost(Duration.ofSeconds(20))
				.until(() -> !first.equals(context.getBean(TradovateUsers.class)
					.getTokenProvider("oauth:trader")
					.getToken()
					.accessToken()));
			assertThat(get(sample.resolve("/accounts")).body()).contains("<li>DEMO");
		}
	}

	@Test
	void aCallbackWhoseStateDoesNotMatchIsRefusedAndStoresNoToken() throws Exception {
		// A simulator of the test's own, to read its journal; it knows the sample's
		// redirect URI, and so its port, in advance.
		int port = freePort();
		try (TradovateSimulator simulator = TradovateSimulator.builder()
			.user(TradovateSimulator.DEFAULT_USER_NAME, TradovateSimulator.DEFAULT_PASSWORD)
			.oauthClient("sample-app", "sample-secret",
					URI.create("http://localhost:" + port + "/login/oauth2/code/tradovate"))
			.start()) {
			String[] arguments = Stream
				.concat(Stream.of("--spring.profiles.active=oauth", "--server.port=" + port,
						"--sample.poll-interval=1m", "--sample.simulator.enabled=false"),
						Stream.of(simulator.springProperties()).map((property) -> "--" + property))
				.toArray(String[]::new);
			try (ConfigurableApplicationContext context = SpringApplication.run(SampleApplication.class, arguments)) {
				URI sample = URI.create("http://localhost:" + port);
				HttpResponse<String> authorizePage = get(sample.resolve("/oauth2/authorization/tradovate"));
				// The trader approves: Tradovate sends back a code that it would
				// exchange.
				HttpResponse<String> approved = approve(authorizePage, TradovateSimulator.DEFAULT_USER_NAME,
						TradovateSimulator.DEFAULT_PASSWORD, HttpClient.Redirect.NEVER);
				URI callback = URI.create(approved.headers().firstValue("Location").orElseThrow());
				assertThat(callback.getQuery()).contains("code=").contains("state=");
				URI tampered = URI.create(callback.toString().replaceAll("state=[^&]*", "state=tampered"));
				HttpResponse<String> answer = get(tampered);
				assertThat(answer.uri().getPath()).isNotEqualTo("/accounts");
				// Refused before the code was exchanged: no request for a token, and
				// nothing stored.
				assertThat(simulator.journal().requests())
					.noneMatch((request) -> request.path().endsWith("/auth/oauthtoken"));
				assertThat(context.getBean(TradovateUsers.class).keys()).doesNotContain("oauth:trader");
				assertThat(context.getBean(TradovateOAuthUsers.class).get(TradovateSimulator.DEFAULT_USER_NAME))
					.isNull();
			}
		}
	}

	private HttpResponse<String> get(URI uri) throws Exception {
		return this.browser.send(HttpRequest.newBuilder(uri).GET().build(), BodyHandlers.ofString());
	}

	private HttpResponse<String> approve(HttpResponse<String> page, String name, String password) throws Exception {
		return approve(page, name, password, HttpClient.Redirect.NORMAL);
	}

	private HttpResponse<String> approve(HttpResponse<String> page, String name, String password,
			HttpClient.Redirect redirects) throws Exception {
		HttpClient browser = (redirects != HttpClient.Redirect.NORMAL) ? HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.followRedirects(redirects)
			.cookieHandler(this.cookies)
			.connectTimeout(Duration.ofSeconds(5))
			.build() : this.browser;
		Matcher authorization = AUTHORIZATION_FIELD.matcher(page.body());
		assertThat(authorization.find()).as("an authorize page: %s", page.body()).isTrue();
		String form = "authorization=" + encode(authorization.group(1)) + "&name=" + encode(name) + "&password="
				+ encode(password) + "&decision=allow";
		return browser.send(HttpRequest.newBuilder(page.uri().resolve("/oauth"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(BodyPublishers.ofString(form))
			.build(), BodyHandlers.ofString());
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
