package io.github.futuresauth.tradovate.autoconfigure.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import io.github.futuresauth.tradovate.auth.AccessToken;
import io.github.futuresauth.tradovate.auth.InMemoryTokenStore;
import io.github.futuresauth.tradovate.auth.Lease;
import io.github.futuresauth.tradovate.auth.RenewingTokenProvider;
import io.github.futuresauth.tradovate.auth.TokenStore;
import io.github.futuresauth.tradovate.auth.redis.RedisNetworkLedgerStore;
import io.github.futuresauth.tradovate.auth.redis.RedisServerExtension;
import io.github.futuresauth.tradovate.auth.redis.RedisTokenStore;
import io.github.futuresauth.tradovate.autoconfigure.TradovateAuthAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TradovateRedisAutoConfiguration}.
 */
class TradovateRedisAutoConfigurationTests {

	@RegisterExtension
	static final RedisServerExtension redis = new RedisServerExtension();

	private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

	private static final AccessToken TOKEN = new AccessToken("fleet-access-token", "fleet-md-token",
			Instant.parse("2026-01-02T10:00:00Z"), 7L, "trader", "Active");

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(TradovateRedisAutoConfiguration.class, TradovateAuthAutoConfiguration.class))
		.withPropertyValues("tradovate.name=trader", "tradovate.password=s3cret-password",
				"tradovate.login-at-startup=false", "test.redis.port=" + redis.getServer().getPort());

	@Test
	void keepsTheInMemoryStoreUnlessTheFleetIsEnabled() {
		this.contextRunner.withUserConfiguration(RedisConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(TokenStore.class)
				.getBean(TokenStore.class)
				.isInstanceOf(InMemoryTokenStore.class));
	}

	@Test
	void sharesTheTokenThroughRedisWhenTheFleetIsEnabled() {
		this.contextRunner.withUserConfiguration(RedisConfiguration.class)
			.withPropertyValues("tradovate.fleet.enabled=true")
			.run((context) -> {
				assertThat(context).hasSingleBean(TokenStore.class).hasBean("tradovateTokenStore");
				RedisTokenStore store = context.getBean(RedisTokenStore.class);
				assertThat(store.getKeys()).first().isEqualTo("tradovate:{demo:trader}:token");
				Lease lease = store.tryAcquireLease("a", Duration.ofSeconds(30));
				assertThat(store.compareAndSet(0, TOKEN, lease)).isNotNull();
				assertThat(redis.getServer().command("HGET", "tradovate:{demo:trader}:token", "payload")).asString()
					.contains("fleet-access-token");
			});
	}

	@Test
	void storeRunsOnTheStartersSchedulerAndStopsWithTheContext() {
		RedisTokenStore[] stopped = new RedisTokenStore[1];
		this.contextRunner.withUserConfiguration(RedisConfiguration.class)
			.withPropertyValues("tradovate.fleet.enabled=true")
			.run((context) -> {
				RedisTokenStore store = context.getBean(RedisTokenStore.class);
				assertThat(store.isRunning()).isTrue();
				ThreadPoolTaskScheduler scheduler = context
					.getBean(TradovateAuthAutoConfiguration.TASK_SCHEDULER_BEAN_NAME, ThreadPoolTaskScheduler.class);
				// Polling and resubscribing wait on the one scheduler, no thread of the
				// store's own.
				assertThat(scheduler.getScheduledThreadPoolExecutor().getQueue()).hasSizeGreaterThanOrEqualTo(2);
				stopped[0] = store;
			});
		assertThat(stopped[0].isRunning()).isFalse();
	}

	@Test
	void appliesTheFleetProperties() {
		this.contextRunner.withUserConfiguration(RedisConfiguration.class)
			.withPropertyValues("tradovate.fleet.enabled=true", "tradovate.fleet.key-prefix=orders",
					"tradovate.environment=live", "tradovate.fleet.encryption.key-id=k1",
					"tradovate.fleet.encryption.keys.k1=" + KEY)
			.run((context) -> {
				RedisTokenStore store = context.getBean(RedisTokenStore.class);
				assertThat(store.getKeys()).first().isEqualTo("orders:{live:trader}:token");
				store.compareAndSet(0, TOKEN, store.tryAcquireLease("a", Duration.ofSeconds(30)));
				assertThat(redis.getServer().command("HGET", "orders:{live:trader}:token", "payload")).asString()
					.startsWith("aes-gcm:k1:")
					.doesNotContain("fleet-access-token");
			});
	}

	@Test
	void givesTheNetworksLedgerTheFleetsCommandTimeout() {
		this.contextRunner.withUserConfiguration(RedisConfiguration.class)
			.withPropertyValues("tradovate.fleet.enabled=true", "tradovate.fleet.command-timeout=750ms")
			.run((context) -> assertThat(context.getBean(RedisNetworkLedgerStore.class)).extracting("commandTimeout")
				.isEqualTo(Duration.ofMillis(750)));
	}

	@Test
	void givesTheProviderTheFleetsLeaseTime() {
		this.contextRunner.withUserConfiguration(RedisConfiguration.class)
			.withPropertyValues("tradovate.fleet.enabled=true", "tradovate.fleet.lease-time=45s")
			.run((context) -> assertThat(context.getBean(RenewingTokenProvider.class))
				.hasFieldOrPropertyWithValue("leaseTime", Duration.ofSeconds(45)));
	}

	@Test
	void explainsAnEncryptionKeyThatIsNotBase64WithoutShowingIt() {
		this.contextRunner.withUserConfiguration(RedisConfiguration.class)
			.withPropertyValues("tradovate.fleet.enabled=true", "tradovate.fleet.encryption.key-id=k1",
					"tradovate.fleet.encryption.keys.k1=not*base64")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("tradovate.fleet.encryption.keys.k1 must be Base64-encoded")
				.hasMessageNotContaining("not*base64"));
	}

	@Test
	void explainsAMissingActiveKey() {
		this.contextRunner.withUserConfiguration(RedisConfiguration.class)
			.withPropertyValues("tradovate.fleet.enabled=true", "tradovate.fleet.encryption.keys.k1=" + KEY)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("set tradovate.fleet.encryption.key-id")
				.hasMessageNotContaining(KEY));
	}

	@Test
	void explainsAMissingUserName() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(TradovateRedisAutoConfiguration.class))
			.withUserConfiguration(RedisConfiguration.class)
			.withPropertyValues("tradovate.fleet.enabled=true", "test.redis.port=" + redis.getServer().getPort())
			.run((context) -> assertThat(context).getFailure().rootCause().hasMessageContaining("set tradovate.name"));
	}

	@Test
	void backsOffWithoutSpringDataRedis() {
		this.contextRunner.withPropertyValues("tradovate.fleet.enabled=true")
			.withClassLoader(new FilteredClassLoader(StringRedisTemplate.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean(TokenStore.class)
				.isInstanceOf(InMemoryTokenStore.class));
	}

	@Test
	void backsOffWithoutAConnectionFactory() {
		this.contextRunner.withPropertyValues("tradovate.fleet.enabled=true")
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean(TokenStore.class)
				.isInstanceOf(InMemoryTokenStore.class));
	}

	@Test
	void backsOffFromAUserDefinedTokenStore() {
		this.contextRunner.withUserConfiguration(RedisConfiguration.class)
			.withPropertyValues("tradovate.fleet.enabled=true")
			.withBean("userTokenStore", TokenStore.class, InMemoryTokenStore::new)
			.run((context) -> assertThat(context).hasSingleBean(TokenStore.class).hasBean("userTokenStore"));
	}

	@Configuration(proxyBeanMethods = false)
	static class RedisConfiguration {

		@Bean
		LettuceConnectionFactory redisConnectionFactory(Environment environment) {
			int port = environment.getRequiredProperty("test.redis.port", Integer.class);
			return new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port));
		}

	}

}
