package io.github.futuresauth.tradovate.simulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link TradovateSimulatorApplication}.
 */
class TradovateSimulatorApplicationTests {

	@AfterEach
	void clearSystemProperties() {
		System.clearProperty("tradovate.simulator.user");
		System.clearProperty("tradovate.simulator.token-lifetime");
	}

	@Test
	void defaultsToTheDefaultUserAndTheSystemClock() throws Exception {
		String[] args = { "--port=0" };
		try (TradovateSimulator simulator = TradovateSimulatorApplication.builder(args).start()) {
			assertThat(simulator.clock()).isEqualTo(Clock.systemUTC());
			assertThat(new SimulatorClient(simulator).accessToken("trader", "s3cret-password")).isNotBlank();
		}
	}

	@Test
	void takesOptionsFromArgumentsAndSystemProperties() throws Exception {
		System.setProperty("tradovate.simulator.user", "bob");
		System.setProperty("tradovate.simulator.token-lifetime", "60s");
		String[] args = { "--port=0", "--password=bobs-password", "--session-limit=1" };
		try (TradovateSimulator simulator = TradovateSimulatorApplication.builder(args).start()) {
			SimulatorClient client = new SimulatorClient(simulator);
			String first = client.accessToken("bob", "bobs-password");
			String expirationTime = SimulatorClient.json(client.login("bob", "bobs-password"))
				.get("expirationTime")
				.stringValue();
			assertThat(client.get("/account/list", first).statusCode()).isEqualTo(401);
			assertThat(Instant.parse(expirationTime)).isBefore(simulator.clock().instant().plusSeconds(61));
		}
	}

	@Test
	void argumentsOverrideSystemProperties() throws Exception {
		System.setProperty("tradovate.simulator.user", "bob");
		try (TradovateSimulator simulator = TradovateSimulatorApplication
			.builder(new String[] { "--port=0", "--user=carol" })
			.start()) {
			assertThat(simulator.springPropertyMap()).containsEntry("tradovate.name", "carol");
		}
	}

	@Test
	void helpListsEveryOption() {
		String usage = TradovateSimulatorApplication.usage();
		for (String option : List.of("port", "token-lifetime", "session-limit", "user", "password", "users", "app-id",
				"app-version", "cid", "sec", "rate-limits", "server-clock-offset", "admin", "log-requests", "help")) {
			assertThat(usage).contains("--" + option + " ");
		}
		assertThat(usage).contains("tradovate.simulator.");
	}

	@Test
	void durationsNeedAUnit() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TradovateSimulatorApplication.builder(new String[] { "--token-lifetime=120" }))
			.withMessage("'--token-lifetime' needs a unit, such as 120s or 120m, but was '120'");
		assertThat(TradovateSimulatorApplication.usage()).contains("Default 90m.")
			.contains("Default 0s.")
			.doesNotContain("whole seconds");
	}

	@Test
	void acceptsAnApiKeyUserAndChecksAllFourFields() throws Exception {
		String[] args = { "--port=0", "--user=bot", "--password=bot-password", "--app-id=my-app", "--app-version=2.0",
				"--cid=77", "--sec=bot-secret" };
		try (TradovateSimulator simulator = TradovateSimulatorApplication.builder(args).start()) {
			SimulatorClient client = new SimulatorClient(simulator);
			Map<String, Object> body = SimulatorClient.loginBody("bot", "bot-password");
			body.putAll(Map.of("appId", "my-app", "appVersion", "2.0", "cid", "77", "sec", "bot-secret"));
			assertThat(SimulatorClient.json(client.post("/auth/accesstokenrequest", body)).has("accessToken")).isTrue();
			body.put("appVersion", "1.0");
			assertThat(SimulatorClient.json(client.post("/auth/accesstokenrequest", body)).has("errorText")).isTrue();
		}
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TradovateSimulatorApplication
				.builder(new String[] { "--app-id=my-app", "--cid=77", "--sec=hunter2" }))
			.withMessageContaining("missing: '--app-version'")
			.withMessageNotContaining("hunter2");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TradovateSimulatorApplication
				.builder(new String[] { "--users=a:b", "--app-id=x", "--app-version=1", "--cid=1", "--sec=s" }))
			.withMessageContaining("give it with '--user'");
	}

	@Test
	void registersAnOAuthApplicationAndShowsWhereToAuthorize() throws Exception {
		String[] args = { "--port=0", "--oauth-client-id=demo-app", "--oauth-client-secret=demo-secret",
				"--oauth-redirect-uris=http://127.0.0.1:8080/callback, http://localhost:8080/callback",
				"--oauth-refresh-tokens=30d" };
		try (TradovateSimulator simulator = TradovateSimulatorApplication.builder(args).start()) {
			assertThat(simulator.oauth().clientIds()).containsExactly("demo-app");
			assertThat(TradovateSimulatorApplication.banner(simulator))
				.contains("OAuth application demo-app: authorize at " + simulator.oauth().authorizeUrl() + ", token at "
						+ simulator.oauth().tokenUrl() + "\n")
				.doesNotContain("demo-secret");
			URI callback = URI.create("http://localhost:8080/callback");
			String code = simulator.oauth().issueCode("demo-app", callback, TradovateSimulator.DEFAULT_USER_NAME);
			HttpResponse<String> token = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(simulator.oauth().tokenUrl())
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString(
							OAuthBrowser.form(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri",
									callback.toString(), "client_id", "demo-app", "client_secret", "demo-secret"))))
					.build(), BodyHandlers.ofString());
			assertThat(SimulatorClient.json(token).get("refresh_token_expires_in").longValue())
				.isEqualTo(Duration.ofDays(30).toSeconds());
		}
		try (TradovateSimulator simulator = TradovateSimulatorApplication.builder(new String[] { "--port=0" })
			.start()) {
			assertThat(simulator.oauth().clientIds()).isEmpty();
			assertThat(TradovateSimulatorApplication.banner(simulator)).doesNotContain("OAuth");
		}
	}

	@Test
	void anOAuthApplicationNeedsItsIdSecretAndRedirectUris() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TradovateSimulatorApplication
				.builder(new String[] { "--oauth-client-id=demo-app", "--oauth-client-secret=hunter2" }))
			.withMessageContaining("missing: '--oauth-redirect-uris'")
			.withMessageNotContaining("hunter2");
	}

	@Test
	void bannerShowsEverythingAnApplicationNeedsToConnect() {
		String[] args = { "--port=0", "--app-id=my-app", "--app-version=2.0", "--cid=77", "--sec=bot-secret" };
		try (TradovateSimulator simulator = TradovateSimulatorApplication.builder(args).start()) {
			String banner = TradovateSimulatorApplication.banner(simulator);
			assertThat(banner).contains("--tradovate.base-url=" + simulator.baseUrl() + "\n")
				.contains("--tradovate.websocket.url=" + simulator.webSockets().tradingUrl() + "\n")
				.contains("--tradovate.websocket.market-data-url=" + simulator.webSockets().marketDataUrl() + "\n")
				.contains("--tradovate.name=trader\n")
				.contains("--tradovate.password=s3cret-password\n")
				.contains("--tradovate.app-id=my-app\n")
				.contains("--tradovate.app-version=2.0\n")
				.contains("--tradovate.cid=77\n")
				.contains("--tradovate.sec=bot-secret\n")
				.doesNotContain("Other users");
		}
		try (TradovateSimulator simulator = TradovateSimulatorApplication
			.builder(new String[] { "--port=0", "--users=alice:a,bob:b" })
			.start()) {
			assertThat(TradovateSimulatorApplication.banner(simulator)).contains("--tradovate.name=alice\n")
				.contains("Other users (with their passwords from --users): bob\n");
		}
	}

	@Test
	void jdkLoggingWhichTomcatUsesPrintsOneLinePerRecord() {
		String previous = System.clearProperty("java.util.logging.SimpleFormatter.format");
		try {
			TradovateSimulatorApplication.useOneLineLogFormat();
			LogRecord record = new LogRecord(Level.INFO, "Starting ProtocolHandler [\"http-nio-127.0.0.1-8099\"]");
			record.setLoggerName("org.apache.coyote.http11.Http11NioProtocol");
			String line = new SimpleFormatter().format(record);
			assertThat(line).matches("\\S+ INFO org\\.apache\\.coyote\\.http11\\.Http11NioProtocol - Starting"
					+ " ProtocolHandler \\[\"http-nio-127\\.0\\.0\\.1-8099\"\\]" + System.lineSeparator());
		}
		finally {
			if (previous != null) {
				System.setProperty("java.util.logging.SimpleFormatter.format", previous);
			}
			else {
				System.clearProperty("java.util.logging.SimpleFormatter.format");
			}
		}
	}

	@Test
	void helpListsEveryAdminEndpoint() {
		String usage = TradovateSimulatorApplication.usage();
		for (String action : SimulatorAdminHandler.READS) {
			assertThat(usage).contains("GET  /admin/" + action);
		}
		for (String action : SimulatorAdminHandler.CHANGES) {
			assertThat(usage).containsPattern("POST /admin/" + action + "[ ?,]");
		}
		assertThat(usage).contains("/admin/rate-limit-user?user=NAME&period=30s[&retryAfter=60s]")
			.contains("/admin/lock-out-logins?period=1h | ?count=2")
			.contains("/admin/close-session, header Authorization: Bearer TOKEN");
	}

	@Test
	void logsOneLinePerRequestWithoutTokensOrBodies() throws Exception {
		List<String> lines = new CopyOnWriteArrayList<>();
		try (TradovateSimulator simulator = TradovateSimulatorApplication
			.builder(new String[] { "--port=0" }, lines::add)
			.start()) {
			SimulatorClient client = new SimulatorClient(simulator);
			String token = client.accessToken("trader", "s3cret-password");
			client.from("192.0.2.10").get("/auth/me", token);
			assertThat(lines).hasSize(2);
			assertThat(lines.get(0))
				.matches("\\S+Z POST /v1/auth/accesstokenrequest -> LOGIN 200 from 127\\.0\\.0\\.1");
			assertThat(lines.get(1)).endsWith(" GET /v1/auth/me -> ME 200 from 192.0.2.10");
			for (String line : lines) {
				assertThat(line).doesNotContain(token).doesNotContain("s3cret-password").doesNotContain("Bearer");
			}
		}
	}

	@Test
	void logsNothingWhenToldNotTo() throws Exception {
		List<String> lines = new CopyOnWriteArrayList<>();
		try (TradovateSimulator simulator = TradovateSimulatorApplication
			.builder(new String[] { "--port=0", "--log-requests=false" }, lines::add)
			.start()) {
			new SimulatorClient(simulator).accessToken("trader", "s3cret-password");
			assertThat(lines).isEmpty();
		}
	}

	@Test
	void registersSeveralUsers() throws Exception {
		try (TradovateSimulator simulator = TradovateSimulatorApplication
			.builder(new String[] { "--port=0", "--users=alice:a-pass,bob:b:pass" })
			.start()) {
			SimulatorClient client = new SimulatorClient(simulator);
			assertThat(client.accessToken("alice", "a-pass")).isNotBlank();
			assertThat(client.accessToken("bob", "b:pass")).isNotBlank();
			assertThat(SimulatorClient.json(client.login("trader", "s3cret-password")).has("errorText")).isTrue();
		}
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TradovateSimulatorApplication.builder(new String[] { "--users=a:b", "--user=c" }))
			.withMessageContaining("either '--users' or '--user' and '--password'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TradovateSimulatorApplication.builder(new String[] { "--users=hunter2" }))
			.withMessageContaining("name:password")
			.withMessageNotContaining("hunter2");
	}

	@Test
	void takesLimitsTheServerClockOffsetAndTheAdminApiFromOptions() throws Exception {
		String[] args = { "--port=0", "--rate-limits=false", "--server-clock-offset=-2h", "--token-lifetime=2m",
				"--admin=false" };
		try (TradovateSimulator simulator = TradovateSimulatorApplication.builder(args).start()) {
			SimulatorClient client = new SimulatorClient(simulator);
			for (int i = 0; i < 6; i++) {
				assertThat(SimulatorClient.json(client.login("trader", "wrong")).has("errorText")).isTrue();
			}
			assertThat(simulator.getServerClockOffset()).isEqualTo(Duration.ofHours(-2));
			Instant expirationTime = Instant.parse(SimulatorClient.json(client.login("trader", "s3cret-password"))
				.get("expirationTime")
				.stringValue());
			assertThat(expirationTime).isBefore(simulator.clock().instant().minus(Duration.ofHours(2)).plusSeconds(121))
				.isAfter(simulator.clock().instant().minus(Duration.ofHours(2)).plusSeconds(110));
			HttpResponse<String> admin = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + simulator.port() + "/admin/clock"))
					.build(), BodyHandlers.ofString());
			assertThat(admin.statusCode()).isEqualTo(404);
		}
	}

	@Test
	void servesTheAdminApiByDefault() throws Exception {
		try (TradovateSimulator simulator = TradovateSimulatorApplication.builder(new String[] { "--port=0" })
			.start()) {
			HttpResponse<String> admin = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + simulator.port() + "/admin/clock"))
					.build(), BodyHandlers.ofString());
			assertThat(admin.statusCode()).isEqualTo(200);
		}
	}

	@Test
	void rejectsInvalidBooleansAndDurations() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TradovateSimulatorApplication.builder(new String[] { "--rate-limits=maybe" }))
			.withMessage("'--rate-limits' must be true or false, but was 'maybe'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TradovateSimulatorApplication.builder(new String[] { "--server-clock-offset=2 hours" }))
			.withMessageContaining("'--server-clock-offset' must be a duration with a unit, such as 500ms");
	}

	@Test
	void rejectsUnknownOrMalformedOptionsWithoutEchoingThem() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TradovateSimulatorApplication.builder(new String[] { "--colour=blue" }))
			.withMessageContaining("--colour");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TradovateSimulatorApplication.builder(new String[] { "hunter2" }))
			.withMessageNotContaining("hunter2");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TradovateSimulatorApplication.builder(new String[] { "--port=http" }))
			.withMessageContaining("--port");
	}

}
