package io.github.futuresauth.tradovate.autoconfigure;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.github.futuresauth.tradovate.auth.RenewingTokenProvider;
import io.github.futuresauth.tradovate.simulator.ManualTaskScheduler;
import io.github.futuresauth.tradovate.simulator.MutableClock;
import io.github.futuresauth.tradovate.simulator.TradovateSimulator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.Trigger;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Tests that no password, API secret or token appears in logs (at debug level), exception
 * messages or actuator endpoints, through the whole life of a web application: login at
 * startup, requests, renewal, a session closed elsewhere, failures, and the actuator's
 * {@code env}, {@code configprops}, {@code health} and {@code metrics} endpoints with
 * values shown.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretHygieneTests {

	/** Where the token file is kept: not in the home directory. */
	@TempDir
	static Path storeDirectory;

	private static final String NAME = "hygiene-trader";

	private static final String PASSWORD = "Pa55-hygiene-6f1c2e";

	private static final String APP_ID = "hygiene-app";

	private static final String SEC = "Sec-hygiene-94b7d3a0";

	private static final String SANITIZED = "******";

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	private final HttpClient httpClient = HttpClient.newHttpClient();

	@Test
	void noSecretOrTokenLeaksDuringTheLifeOfAnApplication(CapturedOutput output) throws Exception {
		List<String> seen = new ArrayList<>();
		try (TradovateSimulator simulator = TradovateSimulator.builder().user(NAME, PASSWORD, APP_ID, SEC).start()) {
			ManualTaskScheduler scheduler = new ManualTaskScheduler((MutableClock) simulator.clock());
			SpringApplication application = new SpringApplication(WebApplication.class);
			application.setWebApplicationType(WebApplicationType.SERVLET);
			application.addInitializers((context) -> context.getBeanFactory()
				.addBeanPostProcessor(new SimulatedTime(simulator.clock(), scheduler)));
			try (ConfigurableApplicationContext context = application.run(arguments(simulator))) {
				String actuator = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port")
						+ "/actuator";
				assertThat(simulator.journal().logins()).as("logins at startup").isEqualTo(1);
				RestClient restClient = context.getBean("tradovateRestClient", RestClient.class);
				assertThat(accounts(restClient)).startsWith("[");

				runScheduledRenewal(simulator, scheduler);
				assertThat(simulator.journal().renewals()).isEqualTo(1);
				assertThat(accounts(restClient)).startsWith("[");

				simulator.closeAllSessions(NAME);
				simulator.advance(Duration.ofMinutes(1));
				assertThat(accounts(restClient)).startsWith("[");
				assertThat(simulator.journal().logins()).as("logins after the session was closed").isEqualTo(2);

				simulator.failNext(1, 500);
				seen.add(messages(catchThrowable(() -> accounts(restClient))));

				// The token expires while the machine sleeps; its renewal, late, fails,
				// and
				// so do the logins after it.
				simulator.advance(Duration.ofHours(2));
				simulator.failNext(3, 503);
				scheduler.runDueTasks();
				seen.add(messages(catchThrowable(() -> accounts(restClient))));
				assertThat(get(actuator + "/health", seen, 503)).contains("\"DOWN\"");
				seen.add(messages(catchThrowable(() -> accounts(restClient))));
				simulator.advance(Duration.ofMinutes(1));
				assertThat(accounts(restClient)).startsWith("[");
				assertThat(simulator.journal().logins()).as("logins after the token expired").isEqualTo(3);

				simulator.failNext(2, 503);
				runScheduledRenewal(simulator, scheduler);
				runScheduledRenewal(simulator, scheduler);
				assertThat(simulator.journal().renewals()).isEqualTo(2);
				assertThat(accounts(restClient)).startsWith("[");

				String env = get(actuator + "/env", seen);
				String sec = get(actuator + "/env/tradovate.sec", seen);
				String password = get(actuator + "/env/tradovate.password", seen);
				String configprops = get(actuator + "/configprops", seen);
				get(actuator + "/health", seen);
				String metrics = get(actuator + "/metrics", seen);
				for (JsonNode name : this.jsonMapper.readTree(metrics).path("names").values()) {
					if (name.asString().startsWith("tradovate") || name.asString().startsWith("http.client")) {
						get(actuator + "/metrics/" + name.asString(), seen);
					}
				}
				assertSanitizedInEnv(env);
				assertThat(valueOf(sec)).isEqualTo(SANITIZED);
				assertThat(valueOf(password)).isEqualTo(SANITIZED);
				assertSanitizedInConfigprops(configprops);
			}
			List<String> secrets = new ArrayList<>(List.of(PASSWORD, SEC));
			List<String> tokens = simulator.journal().issuedTokens();
			assertThat(tokens).as("issued tokens").hasSizeGreaterThanOrEqualTo(8);
			secrets.addAll(tokens);
			// The token file is encrypted: nothing in it reads as a secret or a token.
			Path tokenFile = storeDirectory.resolve("demo-" + NAME + "-4242.session");
			assertThat(tokenFile).exists();
			String everything = output.getAll() + String.join(System.lineSeparator(), seen)
					+ Files.readString(tokenFile, StandardCharsets.ISO_8859_1);
			assertThat(output.getAll()).contains("Logged in to Tradovate as user '" + NAME + "'")
				.contains("Renewed the Tradovate access token of user '" + NAME + "'");
			for (String secret : secrets) {
				assertThat(everything.contains(secret))
					.as("whether a secret or token of %d characters leaked", secret.length())
					.isFalse();
			}
		}
	}

	private static String[] arguments(TradovateSimulator simulator) {
		return new String[] { "--server.port=0", "--tradovate.base-url=" + simulator.baseUrl(),
				"--tradovate.name=" + NAME, "--tradovate.password=" + PASSWORD, "--tradovate.app-id=" + APP_ID,
				"--tradovate.app-version=1.0", "--tradovate.device-id=hygiene-device", "--tradovate.cid=4242",
				"--tradovate.sec=" + SEC, "--tradovate.retry.max-retries=1", "--tradovate.retry.delay=10ms",
				"--tradovate.retry.max-delay=10ms", "--tradovate.retry.multiplier=1",
				"--logging.level.io.github.futuresauth=DEBUG", "--logging.level.org.springframework.web=DEBUG",
				"--logging.level.org.springframework.http=DEBUG",
				"--management.endpoints.web.exposure.include=env,configprops,health,metrics",
				"--management.endpoint.env.show-values=always", "--management.endpoint.configprops.show-values=always",
				"--management.endpoint.health.show-details=always", "--tradovate.store.directory=" + storeDirectory };
	}

	private static String accounts(RestClient restClient) {
		return restClient.get().uri("/account/list").retrieve().body(String.class);
	}

	private static void runScheduledRenewal(TradovateSimulator simulator, ManualTaskScheduler scheduler) {
		assertThat(scheduler.nextRun()).as("scheduled renewal").isNotNull();
		scheduler.runNext();
	}

	private String get(String url, List<String> seen) throws IOException, InterruptedException {
		return get(url, seen, 200);
	}

	private String get(String url, List<String> seen, int status) throws IOException, InterruptedException {
		HttpResponse<String> response = this.httpClient.send(HttpRequest.newBuilder(URI.create(url)).build(),
				HttpResponse.BodyHandlers.ofString());
		seen.add(response.body());
		assertThat(response.statusCode()).as("status of %s", url).isEqualTo(status);
		return response.body();
	}

	private static String messages(@Nullable Throwable failure) {
		assertThat(failure).as("failure").isNotNull();
		StringBuilder messages = new StringBuilder();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			messages.append(cause).append(System.lineSeparator());
		}
		return messages.toString();
	}

	private String valueOf(String environmentEntry) {
		return this.jsonMapper.readTree(environmentEntry).path("property").path("value").asString();
	}

	private void assertSanitizedInEnv(String body) {
		JsonNode commandLine = null;
		for (JsonNode source : this.jsonMapper.readTree(body).path("propertySources").values()) {
			if ("commandLineArgs".equals(source.path("name").asString())) {
				commandLine = source.path("properties");
			}
		}
		assertThat(commandLine).as("command line property source").isNotNull();
		assertThat(commandLine.path("tradovate.name").path("value").asString()).isEqualTo(NAME);
		assertThat(commandLine.path("tradovate.password").path("value").asString()).isEqualTo(SANITIZED);
		assertThat(commandLine.path("tradovate.sec").path("value").asString()).isEqualTo(SANITIZED);
	}

	private void assertSanitizedInConfigprops(String body) {
		JsonNode properties = null;
		JsonNode inputs = null;
		for (JsonNode context : this.jsonMapper.readTree(body).path("contexts").values()) {
			for (JsonNode bean : context.path("beans").values()) {
				if ("tradovate".equals(bean.path("prefix").asString())) {
					properties = bean.path("properties");
					inputs = bean.path("inputs");
				}
			}
		}
		assertThat(properties).as("tradovate configuration properties").isNotNull();
		assertThat(properties.path("name").asString()).isEqualTo(NAME);
		assertThat(properties.path("appId").asString()).isEqualTo(APP_ID);
		assertThat(properties.path("password").asString()).isEqualTo(SANITIZED);
		assertThat(properties.path("sec").asString()).isEqualTo(SANITIZED);
		assertThat(inputs.path("password").path("value").asString()).isEqualTo(SANITIZED);
		assertThat(inputs.path("sec").path("value").asString()).isEqualTo(SANITIZED);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class WebApplication {

	}

	/**
	 * Puts the token provider on the simulator's clock and a scheduler that the test
	 * drives.
	 */
	private record SimulatedTime(Clock clock, TaskScheduler scheduler) implements BeanPostProcessor {

		@Override
		public Object postProcessBeforeInitialization(Object bean, String beanName) {
			if (bean instanceof RenewingTokenProvider tokenProvider) {
				tokenProvider.setClock(this.clock);
				tokenProvider.setTaskScheduler(this.scheduler);
			}
			return bean;
		}

	}

}
