package io.github.futuresauth.tradovate.sample;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.util.Assert;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs applications of one user on one machine as separate processes, without Redis: the
 * simulator's runnable jar, and instances of the sample's jar that keep the token in one
 * directory. Two instances started at once share one login, one session and one renewal
 * per token; an instance started after both have stopped, within the token's life, logs
 * in no more.
 */
class FileStoreProcessesIntegrationTests {

	/** Renewed half way, so about every eight seconds. */
	private static final Duration TOKEN_LIFETIME = Duration.ofSeconds(16);

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	@TempDir
	Path directory;

	private LaunchedProcesses processes;

	private LaunchedProcesses.@Nullable Simulator simulator;

	@BeforeEach
	void prepare() {
		this.processes = new LaunchedProcesses(this.directory);
	}

	@AfterEach
	void stopEverything() {
		this.processes.close();
	}

	@Test
	void twoProcessesStartedTogetherShareOneLoginOneSessionAndOneRenewalPerToken() {
		try {
			startSimulator(TOKEN_LIFETIME);
			RestClient simulator = RestClient.create("http://127.0.0.1:" + launched().port());
			RestClient one = startInstance("instance-1");
			RestClient two = startInstance("instance-2");
			await("both instances up with a token").atMost(Duration.ofSeconds(120))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> hasToken(one) && hasToken(two));
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(tokenVersion(one)).isEqualTo(tokenVersion(two)));
			assertThat(journal(simulator)).containsEntry("logins", 1).containsEntry("sessionsOpened", 1);
			assertThat(LaunchedProcesses.details(storeHealth(one))).containsEntry("type", "file")
				.containsEntry("file", this.directory.resolve("sessions").resolve("demo-trader.session").toString());

			// Both schedule the renewal of each token: one renews, the other finds it
			// renewed.
			int renewals = renewals(simulator);
			await("two renewals").atMost(TOKEN_LIFETIME.multipliedBy(2))
				.pollInterval(Duration.ofMillis(250))
				.until(() -> renewals(simulator) >= renewals + 2);
			await("no second renewal of the same token").during(TOKEN_LIFETIME.dividedBy(4))
				.atMost(TOKEN_LIFETIME.dividedBy(4).plusSeconds(5))
				.pollInterval(Duration.ofMillis(250))
				.until(() -> renewals(simulator) == renewals + 2);
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(tokenVersion(one)).isEqualTo(tokenVersion(two)));

		}
		catch (AssertionError | RuntimeException ex) {
			ex.addSuppressed(new AssertionError("Output of the processes:\n" + this.processes.describe()));
			throw ex;
		}
	}

	@Test
	void processRestartedWithinTheTokensLifeLogsInNoMore() {
		try {
			// Long enough for a JVM to stop and another to start on a busy machine.
			startSimulator(Duration.ofMinutes(3));
			RestClient simulator = RestClient.create("http://127.0.0.1:" + launched().port());
			RestClient first = startInstance("first");
			await("the first instance up with a token").atMost(Duration.ofSeconds(120))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> hasToken(first));
			long version = tokenVersion(first);
			this.processes.stop("first");
			RestClient restarted = startInstance("restarted");
			await("the restarted instance up with a token").atMost(Duration.ofSeconds(120))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> hasToken(restarted));
			assertThat(tokenVersion(restarted)).isEqualTo(version);
			assertThat(journal(simulator)).containsEntry("logins", 1)
				.containsEntry("sessionsOpened", 1)
				.containsEntry("sessionsClosed", 0);
		}
		catch (AssertionError | RuntimeException ex) {
			ex.addSuppressed(new AssertionError("Output of the processes:\n" + this.processes.describe()));
			throw ex;
		}
	}

	private void startSimulator(Duration tokenLifetime) {
		this.simulator = this.processes.startSimulator(tokenLifetime);
	}

	private RestClient startInstance(String name) {
		int port = LaunchedProcesses.freePort();
		this.processes.start(name, List.of(LaunchedProcesses.java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
				"-Xmx256m", "-jar", LaunchedProcesses.builtFile("sample.jar").toString(),
				"--sample.simulator.enabled=false", "--server.address=127.0.0.1", "--server.port=" + port,
				"--tradovate.base-url=" + launched().baseUrl(),
				"--tradovate.websocket.url=" + launched().webSocketUrl(),
				"--tradovate.websocket.market-data-url=" + launched().marketDataUrl(), "--tradovate.name=trader",
				"--tradovate.password=s3cret-password", "--tradovate.store.type=file",
				"--tradovate.store.directory=" + this.directory.resolve("sessions"),
				"--tradovate.store.poll-interval=200ms"), Map.of());
		return LaunchedProcesses.localClient(port);
	}

	private static boolean hasToken(RestClient instance) {
		try {
			return tokenVersion(instance) > 0;
		}
		catch (RuntimeException ex) {
			// Not listening yet.
			return false;
		}
	}

	private static long tokenVersion(RestClient instance) {
		return ((Number) LaunchedProcesses.details(storeHealth(instance)).get("tokenVersion")).longValue();
	}

	private static Map<String, Object> storeHealth(RestClient instance) {
		return instance.get().uri("/actuator/health/tradovateStore").retrieve().body(JSON);
	}

	private static Map<String, Object> journal(RestClient simulator) {
		return simulator.get().uri("/admin/journal").retrieve().body(JSON);
	}

	@SuppressWarnings("unchecked")
	private static int renewals(RestClient simulator) {
		return (int) ((List<Map<String, Object>>) journal(simulator).get("requests")).stream()
			.filter((request) -> "RENEWAL".equals(request.get("kind")))
			.count();
	}

	private LaunchedProcesses.Simulator launched() {
		Assert.state(this.simulator != null, "The simulator was not started");
		return this.simulator;
	}

}
