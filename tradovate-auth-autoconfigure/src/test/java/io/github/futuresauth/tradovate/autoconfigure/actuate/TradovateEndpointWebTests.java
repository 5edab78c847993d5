package io.github.futuresauth.tradovate.autoconfigure.actuate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.futuresauth.tradovate.auth.AccessToken;
import io.github.futuresauth.tradovate.auth.RenewingTokenProvider;
import io.github.futuresauth.tradovate.simulator.RequestKind;
import io.github.futuresauth.tradovate.simulator.TradovateSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the {@code tradovate} actuator endpoint through real HTTP.
 */
class TradovateEndpointWebTests {

	private final TradovateSimulator simulator = TradovateSimulator.builder()
		.user(TradovateSimulator.DEFAULT_USER_NAME, TradovateSimulator.DEFAULT_PASSWORD)
		.start();

	private final HttpClient httpClient = HttpClient.newHttpClient();

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	@AfterEach
	void close() {
		this.contexts.forEach(ConfigurableApplicationContext::close);
		this.simulator.close();
	}

	@Test
	void showsTheStatusBudgetAndHoldsWithoutSecrets() throws Exception {
		ConfigurableApplicationContext context = run();
		AccessToken token = context.getBean(RenewingTokenProvider.class).getToken();
		HttpResponse<String> response = get(context, "/actuator/tradovate");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"state\":\"valid\"")
			.contains("\"budget\":{\"failedLogins\":{\"used\":0,\"limit\":5},\"renewals\":{\"used\":0,\"limit\":15}")
			.contains("\"clockOffset\":\"PT")
			.doesNotContain("\"hold\"")
			.doesNotContain(token.accessToken())
			.doesNotContain(TradovateSimulator.DEFAULT_PASSWORD);
	}

	@Test
	void writeOperationsAreNotAllowedByDefault() throws Exception {
		ConfigurableApplicationContext context = run();
		HttpResponse<String> response = post(context, "/actuator/tradovate/renew");
		assertThat(response.statusCode()).isGreaterThanOrEqualTo(400);
		assertThat(this.simulator.journal().count(RequestKind.RENEWAL)).isZero();
	}

	@Test
	void operatorCanRenewNowAndClearAHoldOnceAllowed() throws Exception {
		ConfigurableApplicationContext context = run("management.endpoint.tradovate.access=unrestricted");
		HttpResponse<String> renewed = post(context, "/actuator/tradovate/renew");
		assertThat(renewed.statusCode()).isEqualTo(200);
		assertThat(renewed.body()).contains("\"done\":true");
		assertThat(this.simulator.journal().count(RequestKind.RENEWAL)).isOne();
		HttpResponse<String> cleared = post(context, "/actuator/tradovate/clear-hold");
		assertThat(cleared.body()).contains("\"done\":false");
	}

	private ConfigurableApplicationContext run(String... properties) {
		List<String> all = new ArrayList<>(List.of(this.simulator.springProperties()));
		all.add("server.port=0");
		all.add("management.endpoints.web.exposure.include=tradovate");
		all.add("tradovate.read-timeout=" + Duration.ofSeconds(5).toMillis() + "ms");
		all.addAll(List.of(properties));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(EndpointApplication.class)
			.web(WebApplicationType.SERVLET)
			.properties(all.toArray(String[]::new))
			.run();
		this.contexts.add(context);
		return context;
	}

	private HttpResponse<String> get(ConfigurableApplicationContext context, String path) throws Exception {
		return this.httpClient.send(HttpRequest.newBuilder(uri(context, path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(ConfigurableApplicationContext context, String path) throws Exception {
		return this.httpClient.send(HttpRequest.newBuilder(uri(context, path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static URI uri(ConfigurableApplicationContext context, String path) {
		return URI.create("http://localhost:" + context.getEnvironment().getProperty("local.server.port") + path);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class EndpointApplication {

	}

}
