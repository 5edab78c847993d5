package io.github.futuresauth.tradovate.sample;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.futuresauth.tradovate.auth.redis.RedisTokenStore;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Starts the sample as a user does, on its embedded simulator, and reads what it prints.
 */
@ExtendWith(OutputCaptureExtension.class)
class SampleApplicationTests {

	@Test
	void logsInCallsTradovateAndRenews(CapturedOutput output) {
		// Tokens that live four seconds are renewed after about two: the renewal is real,
		// not simulated time.
		try (ConfigurableApplicationContext context = SpringApplication.run(SampleApplication.class, "--server.port=0",
				"--sample.simulator.token-lifetime=4s", "--sample.poll-interval=1s")) {
			assertThat(output).contains("Started the embedded Tradovate simulator at http://127.0.0.1:")
				.contains("[sample] Logged in as 'trader'; the token expires at")
				.contains("[sample] TokenProvider holds the token of 'trader'")
				.contains("[sample] /auth/me: user 'trader'")
				.contains("[sample] /account/list: 1 account(s)");
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(output).contains("[sample] Token renewed; it now expires at"));
			assertThat(output).doesNotContain("s3cret-password");
			String port = context.getEnvironment().getProperty("local.server.port");
			String health = RestClient.create("http://localhost:" + port)
				.get()
				.uri("/actuator/health/tradovate")
				.retrieve()
				.body(String.class);
			assertThat(health).contains("\"status\":\"UP\"", "\"user\":\"trader\"", "lastRenewal");
		}
		// Closed: the clients stopped before the simulator, and nothing alarming was
		// logged on the way.
		assertThat(output).doesNotContain("Multiple Spring Data modules found")
			.doesNotContain(" WARN ")
			.doesNotContain(" ERROR ")
			.doesNotContain("reconnect");
	}

	@Test
	void listsTheAccountsOfEachUserWithTheUsersProfile(CapturedOutput output) {
		try (ConfigurableApplicationContext context = SpringApplication.run(SampleApplication.class, "--server.port=0",
				"--spring.profiles.active=users", "--sample.poll-interval=1m")) {
			List<String> lines = output.getAll().lines().filter((line) -> line.contains("[sample] user '")).toList();
			assertThat(lines).hasSize(3);
			Set<String> accounts = new HashSet<>();
			for (String key : List.of("alice", "bob", "carol")) {
				String line = lines.stream()
					.filter((candidate) -> candidate.contains("user '" + key + "'"))
					.findFirst()
					.orElseThrow();
				assertThat(line).contains("1 account(s)");
				accounts.add(line.substring(line.indexOf('[', line.indexOf("account(s)"))));
			}
			// Each user lists its own account.
			assertThat(accounts).hasSize(3);
			String port = context.getEnvironment().getProperty("local.server.port");
			String health = RestClient.create("http://localhost:" + port)
				.get()
				.uri("/actuator/health/tradovate")
				.retrieve()
				.body(String.class);
			assertThat(health).contains("\"alice\"", "\"bob\"", "\"carol\"", "\"default\"");
			assertThat(output).doesNotContain("alice-password");
		}
	}

	@Test
	void leavesRedisAloneWithoutTheFleetProfile() {
		try (ConfigurableApplicationContext context = SpringApplication.run(SampleApplication.class, "--server.port=0",
				"--sample.poll-interval=1m")) {
			assertThat(context.getBeanProvider(RedisTokenStore.class).getIfAvailable()).isNull();
			String port = context.getEnvironment().getProperty("local.server.port");
			Map<String, Object> health = RestClient.create("http://localhost:" + port)
				.get()
				.uri("/actuator/health")
				.retrieve()
				.body(new ParameterizedTypeReference<>() {
				});
			// No Redis runs here: a Redis contributor would report DOWN, and with it the
			// whole application.
			assertThat(health.get("status")).isEqualTo("UP");
			assertThat(health).extractingByKey("components")
				.asInstanceOf(InstanceOfAssertFactories.MAP)
				.containsKey("tradovate")
				.doesNotContainKey("redis");
		}
	}

	@Test
	void streamsKeepFlowingAcrossTokenRenewals(CapturedOutput output) {
		try (ConfigurableApplicationContext context = SpringApplication.run(SampleApplication.class, "--server.port=0",
				"--sample.simulator.token-lifetime=4s", "--sample.log-every-event=10")) {
			TradovateStreams streams = context.getBean(TradovateStreams.class);
			String renewed = "[sample] Token renewed; events keep flowing on the same sockets: "
					+ "trading 1 connection(s), market data 1 connection(s)";
			await().atMost(Duration.ofSeconds(20)).until(() -> count(output, renewed) >= 1);
			long userSyncAtRenewal = streams.userSync().events();
			long quotesAtRenewal = streams.quotes().events();
			// Two more renewals, while the events keep coming on the first sockets.
			await().atMost(Duration.ofSeconds(20)).until(() -> count(output, renewed) >= 3);
			await().atMost(Duration.ofSeconds(5))
				.until(() -> streams.userSync().events() > userSyncAtRenewal + 20
						&& streams.quotes().events() > quotesAtRenewal + 20);
			assertThat(output).contains("[sample] Subscribed to user sync (status 200)")
				.contains("[sample] Subscribed to quotes ESZ6 (status 200)")
				.contains("[sample] user sync: 10 event(s) so far")
				.doesNotContain("Reconnecting the")
				.doesNotContain("connection(s), market data 2");
			assertThat(streams.userSync().outOfOrder()).isZero();
			assertThat(streams.quotes().outOfOrder()).isZero();
			String port = context.getEnvironment().getProperty("local.server.port");
			String health = RestClient.create("http://localhost:" + port)
				.get()
				.uri("/actuator/health/tradovateWebSocket")
				.retrieve()
				.body(String.class);
			assertThat(health).contains("\"status\":\"UP\"", "\"state\":\"OPEN\"");
		}
	}

	private static int count(CapturedOutput output, String text) {
		return output.getAll().split(java.util.regex.Pattern.quote(text), -1).length - 1;
	}

}
