package io.github.futuresauth.tradovate.autoconfigure.actuate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that the real {@code /actuator/env} endpoint of a web application, with values
 * shown, hides the Tradovate secrets inside the command line ({@code sun.java.command})
 * and inside {@code spring.application.json}.
 */
class TradovateEnvEndpointTests {

	private static final String PASSWORD = "Pa55-env-5d0e";

	private static final String SEC = "Sec-env-7b21";

	private static final String JSON_PASSWORD = "Pa55-json-3a9c";

	@Test
	void hidesTheSecretsInsideTheCommandLineAndTheApplicationJson() throws Exception {
		Properties saved = (Properties) System.getProperties().clone();
		String[] args = { "--server.port=0", "--tradovate.login-at-startup=false", "--tradovate.name=trader",
				"--tradovate.password=" + PASSWORD, "--tradovate.cid=8", "--tradovate.sec=" + SEC,
				"--tradovate.app-id=my-app", "--tradovate.store.type=memory",
				"--management.endpoints.web.exposure.include=env", "--management.endpoint.env.show-values=always" };
		System.setProperty("sun.java.command", "app.jar " + String.join(" ", args));
		System.setProperty("spring.application.json",
				"{\"tradovate\":{\"password\":\"" + JSON_PASSWORD + "\",\"app-version\":\"2.0\"}}");
		SpringApplication application = new SpringApplication(WebApplication.class);
		application.setWebApplicationType(WebApplicationType.SERVLET);
		try (ConfigurableApplicationContext context = application.run(args)) {
			String env = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port")
					+ "/actuator/env";
			String all = get(env);
			String commandLine = get(env + "/sun.java.command");
			String json = get(env + "/spring.application.json");
			assertThat(commandLine).contains("--tradovate.password=******", "--tradovate.sec=******",
					"--tradovate.name=trader");
			assertThat(json).contains("\\\"password\\\":\\\"******\\\"", "\\\"app-version\\\":\\\"2.0\\\"");
			for (String body : new String[] { all, commandLine, json }) {
				assertThat(body).doesNotContain(PASSWORD).doesNotContain(SEC).doesNotContain(JSON_PASSWORD);
			}
		}
		finally {
			System.setProperties(saved);
		}
	}

	private static String get(String url) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("status of %s", url).isEqualTo(200);
		return response.body();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class WebApplication {

	}

}
