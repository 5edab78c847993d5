package io.github.futuresauth.tradovate.autoconfigure.diagnostics;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;
import io.github.futuresauth.tradovate.auth.CaptchaRequiredException;
import io.github.futuresauth.tradovate.auth.CredentialsRejectedException;
import io.github.futuresauth.tradovate.auth.TradovateUnavailableException;
import io.github.futuresauth.tradovate.auth.UserNotActiveException;
import io.github.futuresauth.tradovate.autoconfigure.InvalidTradovateCredentialsException;
import io.github.futuresauth.tradovate.autoconfigure.UnknownTradovatePropertiesException;
import io.github.futuresauth.tradovate.simulator.TradovateSimulator;
import io.github.futuresauth.tradovate.simulator.TradovateSimulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Tests for the startup failure reports of a real {@link SpringApplication} whose
 * {@code tradovate.*} properties are wrong or whose login at startup fails.
 */
@ExtendWith(OutputCaptureExtension.class)
class TradovateStartupFailureReportTests {

	private static final String NAME = TradovateSimulator.DEFAULT_USER_NAME;

	private static final String PASSWORD = TradovateSimulator.DEFAULT_PASSWORD;

	private static final String WRONG_PASSWORD = "Wr0ng-Pa55word-7d41";

	private static final String SEC = "Sec-9b3e51c07a2f";

	@RegisterExtension
	static final TradovateSimulatorExtension extension = new TradovateSimulatorExtension();

	private final TradovateSimulator simulator = extension.simulator();

	@Test
	void missingPassword(CapturedOutput output) {
		Throwable failure = run("--tradovate.name=" + NAME, "--tradovate.app-id=my-app", "--tradovate.app-version=1.0",
				"--tradovate.cid=8", "--tradovate.sec=" + SEC);
		assertThat(failure).hasRootCauseInstanceOf(InvalidTradovateCredentialsException.class);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Description:" + nl() + nl()
					+ "The tradovate.* properties do not hold credentials that Tradovate could accept:" + nl() + nl()
					+ "    - tradovate.password is required")
			.contains("Action:" + nl() + nl() + "Update your application's configuration:" + nl() + nl()
					+ "    - Set tradovate.password, for example in application.properties or as the environment "
					+ "variable TRADOVATE_PASSWORD")
			.doesNotContain(SEC);
	}

	@Test
	void apiKeyWithoutAppId(CapturedOutput output) {
		Throwable failure = runAgainst(this.simulator.baseUrl(), "--tradovate.name=" + NAME,
				"--tradovate.password=" + PASSWORD, "--tradovate.app-version=1.0", "--tradovate.cid=8",
				"--tradovate.sec=" + SEC);
		assertThat(failure).isNotNull();
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("    - tradovate.app-id is required when tradovate.cid and tradovate.sec are set")
			.contains("    - Set tradovate.app-id to the value registered with the API key")
			.doesNotContain(SEC);
		assertThat(this.simulator.journal().requests()).isEmpty();
	}

	@Test
	void secretTooLong(CapturedOutput output) {
		String sec = "s".repeat(8193);
		Throwable failure = run("--tradovate.name=" + NAME, "--tradovate.password=" + PASSWORD, "--tradovate.cid=8",
				"--tradovate.sec=" + sec);
		assertThat(causes(failure)).hasAtLeastOneElementOfType(BindValidationException.class);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("    - tradovate.sec must be at most 8192 characters long, but has 8193")
			.contains("    - Shorten tradovate.sec to at most 8192 characters")
			.doesNotContain(sec)
			.doesNotContain(PASSWORD);
	}

	@Test
	void unresolvedPlaceholderIsNeverSentAsPassword(CapturedOutput output) {
		Throwable failure = runAgainst(this.simulator.baseUrl(), "--tradovate.name=" + NAME,
				"--tradovate.password=${TRADOVATE_PASSWORD_NOT_SET_ANYWHERE}");
		assertThat(causes(failure)).hasAtLeastOneElementOfType(BindValidationException.class);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("    - tradovate.password is the placeholder ${TRADOVATE_PASSWORD_NOT_SET_ANYWHERE}, which "
					+ "nothing resolved")
			.contains("    - Set the environment variable TRADOVATE_PASSWORD_NOT_SET_ANYWHERE where the application "
					+ "runs");
		assertThat(this.simulator.journal().requests()).isEmpty();
	}

	@Test
	void misspeltPropertySuggestsTheRightName(CapturedOutput output) {
		Throwable failure = runAgainst(this.simulator.baseUrl(), "--tradovate.name=" + NAME,
				"--tradovate.password=" + PASSWORD, "--tradovate.cid=8", "--tradovate.sec=" + SEC,
				"--tradovate.app-secret=" + SEC);
		assertThat(causes(failure)).hasAtLeastOneElementOfType(UnknownTradovatePropertiesException.class);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Description:" + nl() + nl() + "These tradovate.* properties are set, but nothing binds them, so "
					+ "they would be ignored:" + nl() + nl() + "    - tradovate.app-secret" + nl()
					+ "      Origin: \"tradovate.app-secret\" from property source \"commandLineArgs\"")
			.contains("Action:" + nl() + nl() + "Update your application's configuration:" + nl() + nl()
					+ "    - Rename tradovate.app-secret to tradovate.sec")
			.contains("set tradovate.ignore-unknown-properties=true")
			.doesNotContain(SEC);
		assertThat(this.simulator.journal().requests()).isEmpty();
	}

	@Test
	void insecureBaseUrl(CapturedOutput output) {
		Throwable failure = run("--tradovate.base-url=http://tradovate.example.com/v1", "--tradovate.name=" + NAME,
				"--tradovate.password=" + PASSWORD);
		assertThat(failure).isInstanceOf(Exception.class);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Description:" + nl() + nl() + "The tradovate.* properties are not valid:" + nl() + nl()
					+ "    - tradovate.base-url: Base URL 'http://tradovate.example.com/v1' must use https")
			.contains("(localhost, 127.0.0.1 or [::1])" + nl()
					+ "      Origin: \"tradovate.base-url\" from property source \"commandLineArgs\"")
			.contains("Action:" + nl() + nl() + "Update your application's configuration:" + nl() + nl()
					+ "    - Set tradovate.base-url to an https URL without user information, such as "
					+ "https://demo.tradovateapi.com/v1, or "
					+ "remove it and choose the Tradovate environment with tradovate.environment (live or demo)")
			.doesNotContain(PASSWORD);
	}

	@Test
	void durationsThatAreNotPositive(CapturedOutput output) {
		run("--tradovate.renewal-margin=0s", "--tradovate.retry.delay=-1s", "--tradovate.name=" + NAME,
				"--tradovate.password=" + PASSWORD);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("    - tradovate.renewal-margin must be a positive duration, such as 10s")
			.contains("    - tradovate.retry.delay must be a positive duration, such as 10s")
			.contains("    - Set tradovate.renewal-margin to a positive duration, such as 15m (the default, used when "
					+ "the property is not set)")
			.contains("    - Set tradovate.retry.delay to a positive duration, such as 1s")
			.doesNotContain(PASSWORD);
	}

	@Test
	void unknownEnvironmentListsTheValuesAsTheyAreWritten(CapturedOutput output) {
		Throwable failure = run("--tradovate.environment=paper", "--tradovate.name=" + NAME,
				"--tradovate.password=" + PASSWORD);
		assertThat(causes(failure)).hasAtLeastOneElementOfType(BindException.class);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Description:" + nl() + nl() + "tradovate.environment is 'paper', which is not a Tradovate "
					+ "environment." + nl() + nl() + "    Origin: \"tradovate.environment\" from property source "
					+ "\"commandLineArgs\"")
			.contains("Action:" + nl() + nl() + "Set tradovate.environment to live (https://live.tradovateapi.com/v1) "
					+ "or demo (https://demo.tradovateapi.com/v1), or remove it to use demo. To connect to another "
					+ "server, such as a proxy or a test server, set tradovate.base-url instead.")
			.doesNotContain("    DEMO")
			.doesNotContain(PASSWORD);
	}

	@Test
	void credentialsRejected(CapturedOutput output) {
		Throwable failure = runAgainst(this.simulator.baseUrl(), "--tradovate.name=" + NAME,
				"--tradovate.password=" + WRONG_PASSWORD);
		assertThat(failure).isInstanceOf(CredentialsRejectedException.class);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Description:" + nl() + nl() + "Logging in to Tradovate at " + this.simulator.baseUrl()
					+ " failed while the application started. Tradovate refused the login of user 'trader': "
					+ "Incorrect username or password. Please try again.")
			.contains("Action:" + nl() + nl() + "Check tradovate.name and tradovate.password, and set "
					+ "tradovate.app-id, tradovate.cid and tradovate.sec if the user logs in with an API key.")
			.contains("set tradovate.login-at-startup=false")
			.doesNotContain(WRONG_PASSWORD);
		assertThat(this.simulator.journal().logins()).isZero();
	}

	@Test
	void captchaRequired(CapturedOutput output) {
		this.simulator.requireCaptchaOnNextLogin();
		Throwable failure = runAgainst(this.simulator.baseUrl(), "--tradovate.name=" + NAME,
				"--tradovate.password=" + PASSWORD);
		assertThat(failure).isInstanceOf(CaptchaRequiredException.class);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Tradovate requires a captcha before user 'trader' can log in again from this network")
			.contains("Action:" + nl() + nl() + "Log in once as this user on the Tradovate web site, from the same "
					+ "network as this application, and solve the captcha; or wait about an hour.")
			.contains("set tradovate.login-at-startup=false")
			.doesNotContain(PASSWORD);
	}

	@Test
	void userNotActive(CapturedOutput output) throws IOException {
		String expiration = Instant.now().plus(80, ChronoUnit.MINUTES).toString();
		HttpServer server = answering(
				"{\"accessToken\":\"Tok-3c1d9a\",\"mdAccessToken\":\"Md-8e2f4b\"," + "\"expirationTime\":\""
						+ expiration + "\",\"userStatus\":\"UnconfirmedEmail\",\"userId\":7," + "\"name\":\"trader\"}");
		try {
			String baseUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
			Throwable failure = run("--tradovate.base-url=" + baseUrl, "--tradovate.name=" + NAME,
					"--tradovate.password=" + PASSWORD);
			assertThat(failure).isInstanceOf(UserNotActiveException.class);
		}
		finally {
			server.stop(0);
		}
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Tradovate user 'trader' has status 'UnconfirmedEmail', not 'Active'")
			.contains("Action:" + nl() + nl() + "Confirm the user's e-mail address with the link that Tradovate "
					+ "sent, then start the application again.")
			.doesNotContain(PASSWORD)
			.doesNotContain("Tok-3c1d9a")
			.doesNotContain("Md-8e2f4b");
	}

	@Test
	void tradovateUnreachable(CapturedOutput output) throws IOException {
		String baseUrl = "http://127.0.0.1:" + freePort() + "/v1";
		Throwable failure = run("--tradovate.base-url=" + baseUrl, "--tradovate.name=" + NAME,
				"--tradovate.password=" + PASSWORD, "--tradovate.retry.max-retries=0");
		assertThat(failure).isInstanceOf(TradovateUnavailableException.class);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Authenticating to Tradovate at " + baseUrl + " failed while the application started. "
					+ "Could not reach Tradovate to log in")
			.contains("Action:" + nl() + nl() + "Check that tradovate.base-url names Tradovate's REST API, and "
					+ "that this host can reach it (network, DNS, proxy, firewall).")
			.contains("set tradovate.login-at-startup=false")
			.doesNotContain(PASSWORD);
	}

	@Test
	void tradovateUnavailable(CapturedOutput output) {
		this.simulator.failNext(1, 503);
		Throwable failure = runAgainst(this.simulator.baseUrl(), "--tradovate.name=" + NAME,
				"--tradovate.password=" + PASSWORD, "--tradovate.retry.max-retries=0");
		assertThat(failure).isInstanceOf(TradovateUnavailableException.class);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Tradovate answered HTTP 503 when asked to log in.")
			.contains("Action:" + nl() + nl() + "Tradovate is busy or down")
			.doesNotContain(PASSWORD);
	}

	private Throwable runAgainst(URI baseUrl, String... args) {
		List<String> arguments = new ArrayList<>(List.of(args));
		arguments.add("--tradovate.base-url=" + baseUrl);
		return run(arguments.toArray(String[]::new));
	}

	private Throwable run(String... args) {
		SpringApplication application = new SpringApplication(MinimalApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		// Every run starts afresh, as its test expects: no token or hold of an earlier
		// run kept in a file.
		application.setDefaultProperties(Map.of("tradovate.store.type", "memory"));
		Throwable failure = catchThrowable(() -> application.run(args).close());
		assertThat(failure).as("startup failure").isNotNull();
		return failure;
	}

	private static List<Throwable> causes(Throwable failure) {
		List<Throwable> causes = new ArrayList<>();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			causes.add(cause);
		}
		return causes;
	}

	private static HttpServer answering(String json) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/", (exchange) -> {
			exchange.getRequestBody().readAllBytes();
			byte[] body = json.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		server.start();
		return server;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private static String nl() {
		return System.lineSeparator();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class MinimalApplication {

	}

}
