package io.github.futuresauth.tradovate.sample;

import java.net.CookieManager;
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

import io.github.futuresauth.tradovate.auth.TradovateUsers;
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

	private final HttpClient browser = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.followRedirects(HttpClient.Redirect.NORMAL)
		.cookieHandler(new CookieManager())
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
		try (ConfigurableApplicationContext context = SpringApplication.run(SampleApplication.class,
				"--spring.profiles.active=oauth", "--server.port=0", "--sample.poll-interval=1m")) {
			URI sample = URI.create("http://localhost:" + context.getEnvironment().getProperty("local.server.port"));
			// An authorization under way, then a callback with another state.
			get(sample.resolve("/oauth2/authorization/tradovate"));
			HttpResponse<String> callback = get(sample.resolve("/login/oauth2/code/tradovate?code=forged&state=other"));
			assertThat(callback.uri().getPath()).isNotEqualTo("/accounts");
			assertThat(context.getBean(TradovateUsers.class).keys()).doesNotContain("oauth:trader");
		}
	}

	private HttpResponse<String> get(URI uri) throws Exception {
		return this.browser.send(HttpRequest.newBuilder(uri).GET().build(), BodyHandlers.ofString());
	}

	private HttpResponse<String> approve(HttpResponse<String> page, String name, String password) throws Exception {
		Matcher authorization = AUTHORIZATION_FIELD.matcher(page.body());
		assertThat(authorization.find()).as("an authorize page: %s", page.body()).isTrue();
		String form = "authorization=" + encode(authorization.group(1)) + "&name=" + encode(name) + "&password="
				+ encode(password) + "&decision=allow";
		return this.browser.send(HttpRequest.newBuilder(page.uri().resolve("/oauth"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(BodyPublishers.ofString(form))
			.build(), BodyHandlers.ofString());
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
