package io.github.futuresauth.tradovate.autoconfigure.redis;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import io.github.futuresauth.tradovate.auth.Concurrently;
import io.github.futuresauth.tradovate.auth.TradovateAuthException;
import io.github.futuresauth.tradovate.auth.TradovateCredentials;
import io.github.futuresauth.tradovate.auth.TradovateUsers;
import io.github.futuresauth.tradovate.auth.redis.RedisNetworkLedgerStore;
import io.github.futuresauth.tradovate.auth.redis.RedisServerExtension;
import io.github.futuresauth.tradovate.auth.redis.RedisTokenStore;
import io.github.futuresauth.tradovate.autoconfigure.TradovateAuthAutoConfiguration;
import io.github.futuresauth.tradovate.autoconfigure.TradovateRestClients;
import io.github.futuresauth.tradovate.autoconfigure.redis.TradovateRedisAutoConfigurationTests.RedisConfiguration;
import io.github.futuresauth.tradovate.simulator.TradovateSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for a fleet of instances that act for several Tradovate users, sharing each
 * user's token through Redis.
 */
class TradovateUsersFleetTests {

	@RegisterExtension
	static final RedisServerExtension redis = new RedisServerExtension();

	private static final String PASSWORD = "secret";

	private final TradovateSimulator simulator = TradovateSimulator.builder()
		.user("alice", PASSWORD)
		.user("bob", PASSWORD)
		.user("carol", PASSWORD)
		.start();

	private final ApplicationContextRunner instance = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TradovateRedisAutoConfiguration.class,
				TradovateAuthAutoConfiguration.class, RestClientAutoConfiguration.class))
		.withUserConfiguration(RedisConfiguration.class)
		.withPropertyValues("test.redis.port=" + redis.getServer().getPort(), "tradovate.fleet.enabled=true",
				"tradovate.fleet.key-prefix=users-" + System.nanoTime(),
				"tradovate.base-url=" + this.simulator.baseUrl(), "tradovate.users.a.name=alice",
				"tradovate.users.a.password=" + PASSWORD, "tradovate.users.b.name=bob",
				"tradovate.users.b.password=" + PASSWORD);

	@AfterEach
	void stopSimulator() {
		this.simulator.close();
	}

	@Test
	void instancesStartingTogetherSpendOneSessionPerUserForTheFleet() throws Exception {
		int instances = 3;
		CyclicBarrier started = new CyclicBarrier(instances);
		CyclicBarrier checked = new CyclicBarrier(instances);
		Map<String, Set<String>> tokens = new ConcurrentHashMap<>();
		Concurrently.run(instances, (index) -> {
			this.instance.run((context) -> {
				assertThat(context).hasNotFailed();
				started.await(30, TimeUnit.SECONDS);
				TradovateUsers users = context.getBean(TradovateUsers.class);
				TradovateRestClients clients = context.getBean(TradovateRestClients.class);
				for (String key : List.of("a", "b")) {
					tokens.computeIfAbsent(key, (user) -> ConcurrentHashMap.newKeySet())
						.add(users.getTokenProvider(key).getToken().accessToken());
				}
				assertThat(clients.get("a").get().uri("/auth/me").retrieve().body(Map.class)).containsEntry("name",
						"alice");
				assertThat(clients.get("b").get().uri("/auth/me").retrieve().body(Map.class)).containsEntry("name",
						"bob");
				checked.await(30, TimeUnit.SECONDS);
			});
			return null;
		});
		// One token per user for the whole fleet, and no session of theirs closed.
		assertThat(tokens.get("a")).hasSize(1);
		assertThat(tokens.get("b")).hasSize(1);
		assertThat(this.simulator.journal().logins()).isEqualTo(2);
		assertThat(this.simulator.journal().sessionsOpened()).isEqualTo(2);
		assertThat(this.simulator.journal().sessionsClosed()).isZero();
	}

	@Test
	void theAddresssLimitsAreCountedOnceForTheWholeFleet() {
		ApplicationContextRunner threeUsers = this.instance.withPropertyValues("tradovate.users.c.name=carol",
				"tradovate.users.c.password=" + PASSWORD, "tradovate.limits.renewals-per-hour=2");
		threeUsers.run((first) -> {
			TradovateUsers users = first.getBean(TradovateUsers.class);
			users.getTokenProvider("a").renewNow();
			users.getTokenProvider("b").renewNow();
			assertThat(first.getBean(RedisNetworkLedgerStore.class).read().ledger().renewals()).hasSize(2);
			threeUsers.run((second) -> {
				// This instance has renewed nothing, but the address has used its hour.
				assertThatExceptionOfType(TradovateAuthException.class)
					.isThrownBy(() -> second.getBean(TradovateUsers.class).getTokenProvider("c").renewNow());
				assertThat(second.getBean(RedisNetworkLedgerStore.class).read().ledger().renewals()).hasSize(2);
			});
		});
		assertThat(this.simulator.journal().renewals()).isEqualTo(2);
	}

	@Test
	void eachUserHasKeysOfItsOwnWithItsApiKeyInThem() {
		assertThat(RedisTokenStore.user(TradovateCredentials.of("alice", PASSWORD))).isEqualTo("alice");
		assertThat(RedisTokenStore.user(new TradovateCredentials("alice", PASSWORD, "app", "1.0", null, "7", "sec")))
			.isEqualTo("alice:7");
		this.instance.withPropertyValues("tradovate.fleet.key-prefix=keyed").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(redis.getServer().command("EXISTS", "keyed:{demo:alice}:token")).asString().isEqualTo("1");
			assertThat(redis.getServer().command("EXISTS", "keyed:{demo:bob}:token")).asString().isEqualTo("1");
		});
	}

}
