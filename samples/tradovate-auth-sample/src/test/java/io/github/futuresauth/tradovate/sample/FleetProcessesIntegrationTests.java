package io.github.futuresauth.tradovate.sample;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.futuresauth.tradovate.auth.redis.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs a fleet as separate processes, as it runs in production: one {@code redis-server},
 * the simulator's runnable jar, and three instances of the sample's jar in the
 * {@code fleet} profile, started cold and at once. The simulator's admin API and every
 * instance's health then show one session, one token, and one renewal for the fleet per
 * token.
 */
class FleetProcessesIntegrationTests {

	private static final int INSTANCES = 3;

	/** Renewed half way, so about every eight seconds. */
	private static final Duration TOKEN_LIFETIME = Duration.ofSeconds(16);

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	@TempDir
	Path directory;

	private LaunchedProcesses processes;

	private RedisServer redis;

	@BeforeEach
	void prepare() {
		this.processes = new LaunchedProcesses(this.directory);
	}

	@AfterEach
	void stopEverything() {
		this.processes.close();
		if (this.redis != null) {
			this.redis.close();
		}
	}

	@Test
	void threeInstancesShareOneSessionAndRenewEachTokenOnce() {
		try {
			int redisPort = startRedis();
			LaunchedProcesses.Simulator launched = this.processes.startSimulator(TOKEN_LIFETIME);
			RestClient simulator = RestClient.create("http://127.0.0.1:" + launched.port());
			List<RestClient> instances = new ArrayList<>();
			for (int i = 1; i <= INSTANCES; i++) {
				instances.add(startInstance("instance-" + i, launched, redisPort));
			}

			// Every instance is up, reaches Redis and serves the same token.
			await("every instance up, its fleet health UP with a token").atMost(Duration.ofSeconds(120))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> instances.stream().allMatch(FleetProcessesIntegrationTests::isFleetUp));
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertOneTokenVersion(instances));
			assertThat(journal(simulator)).containsEntry("logins", 1).containsEntry("sessionsOpened", 1);
			assertThat(simulator.get().uri("/admin/sessions").retrieve().body(JSON).get("users"))
				.isEqualTo(List.of(Map.of("name", "trader", "openSessions", 1)));
			List<Map<String, Object>> fleet = instances.stream()
				.map(FleetProcessesIntegrationTests::fleetHealth)
				.toList();
			// The lease is given back after every login or renewal: at most one instance
			// holds it at a time.
			assertThat(fleet).extracting((health) -> LaunchedProcesses.details(health).get("role"))
				.allSatisfy((role) -> assertThat(role).isIn("holder", "follower"))
				.filteredOn("holder"::equals)
				.hasSizeLessThanOrEqualTo(1);
			assertThat(fleet)
				.extracting(
						(health) -> ((Number) LaunchedProcesses.details(health).get("leaseAcquisitions")).intValue())
				.as("leases granted across the fleet")
				.anySatisfy((acquisitions) -> assertThat(acquisitions).isPositive());

			// Once every instance holds the token, each of them schedules its renewal:
			// one renews, the others find it renewed. Two renewals later, and a while
			// after the second, there is still one renewal per token, and still the one
			// session.
			int renewals = renewals(simulator).size();
			await("two renewals").atMost(TOKEN_LIFETIME.multipliedBy(2))
				.pollInterval(Duration.ofMillis(250))
				.until(() -> renewals(simulator).size() >= renewals + 2);
			await("no second renewal of the same token").during(TOKEN_LIFETIME.dividedBy(4))
				.atMost(TOKEN_LIFETIME.dividedBy(4).plusSeconds(5))
				.pollInterval(Duration.ofMillis(250))
				.until(() -> renewals(simulator).size() == renewals + 2);
			List<Map<String, Object>> renewed = renewals(simulator);
			assertThat(renewed).hasSize(renewals + 2)
				.allSatisfy((renewal) -> assertThat(renewal).containsEntry("status", 200)
					.containsEntry("validBearer", true));
			Instant first = Instant.parse((String) renewed.get(renewals).get("arrivedAt"));
			Instant second = Instant.parse((String) renewed.get(renewals + 1).get("arrivedAt"));
			assertThat(Duration.between(first, second)).as("time between the renewals of consecutive tokens")
				.isGreaterThan(TOKEN_LIFETIME.dividedBy(4));
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertOneTokenVersion(instances));
			assertThat(journal(simulator)).containsEntry("logins", 1)
				.containsEntry("sessionsOpened", 1)
				.containsEntry("sessionsClosed", 0);
		}
		catch (AssertionError | RuntimeException ex) {
			ex.addSuppressed(new AssertionError("Output of the processes:\n" + this.processes.describe()));
			throw ex;
		}
	}

	private int startRedis() {
		// The Redis tests' harness: redis-server from the PATH, or else the one of
		// embedded-redis.
		this.redis = RedisServer.start();
		return this.redis.getPort();
	}

	private RestClient startInstance(String name, LaunchedProcesses.Simulator simulator, int redisPort) {
		int port = LaunchedProcesses.freePort();
		// The fleet profile reads where the simulator and Redis are from these variables,
		// as in docs/fleet.md.
		this.processes.start(name,
				List.of(LaunchedProcesses.java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-jar",
						LaunchedProcesses.builtFile("sample.jar").toString(), "--spring.profiles.active=fleet",
						"--server.address=127.0.0.1", "--server.port=" + port),
				Map.of("TRADOVATE_BASE_URL", simulator.baseUrl(), "TRADOVATE_WEBSOCKET_URL", simulator.webSocketUrl(),
						"TRADOVATE_WEBSOCKET_MARKET_DATA_URL", simulator.marketDataUrl(), "SPRING_DATA_REDIS_PORT",
						Integer.toString(redisPort)));
		return LaunchedProcesses.localClient(port);
	}

	private static boolean isFleetUp(RestClient instance) {
		try {
			Map<String, Object> health = fleetHealth(instance);
			return "UP".equals(health.get("status"))
					&& ((Number) LaunchedProcesses.details(health).get("tokenVersion")).longValue() > 0;
		}
		catch (RuntimeException ex) {
			// Not listening yet.
			return false;
		}
	}

	private static Map<String, Object> fleetHealth(RestClient instance) {
		return instance.get().uri("/actuator/health/tradovateFleet").retrieve().body(JSON);
	}

	private static void assertOneTokenVersion(List<RestClient> instances) {
		assertThat(instances)
			.extracting((instance) -> LaunchedProcesses.details(fleetHealth(instance)).get("tokenVersion"))
			.as("token version of every instance")
			.containsOnly(LaunchedProcesses.details(fleetHealth(instances.get(0))).get("tokenVersion"));
	}

	private static Map<String, Object> journal(RestClient simulator) {
		return simulator.get().uri("/admin/journal").retrieve().body(JSON);
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> renewals(RestClient simulator) {
		return ((List<Map<String, Object>>) journal(simulator).get("requests")).stream()
			.filter((request) -> "RENEWAL".equals(request.get("kind")))
			.toList();
	}

}
