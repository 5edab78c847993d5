package io.github.futuresauth.tradovate.autoconfigure.redis;

import java.time.Duration;

import io.github.futuresauth.tradovate.auth.redis.RedisServerExtension;
import io.github.futuresauth.tradovate.auth.redis.RedisTokenStore;
import io.github.futuresauth.tradovate.autoconfigure.TradovateAuthAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TradovateFleetHealthIndicator} and its auto-configuration.
 */
class TradovateFleetHealthIndicatorTests {

	@RegisterExtension
	static final RedisServerExtension redis = new RedisServerExtension();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TradovateRedisAutoConfiguration.class,
				TradovateAuthAutoConfiguration.class, TradovateFleetHealthAutoConfiguration.class))
		.withUserConfiguration(TradovateRedisAutoConfigurationTests.RedisConfiguration.class)
		.withPropertyValues("tradovate.name=trader", "tradovate.password=s3cret-password",
				"tradovate.login-at-startup=false", "tradovate.fleet.enabled=true",
				"test.redis.port=" + redis.getServer().getPort(), "tradovate.fleet.command-timeout=500ms");

	@Test
	void reportsTheRoleAndTheCounts() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasBean("tradovateFleetHealthIndicator");
			RedisTokenStore store = context.getBean(RedisTokenStore.class);
			store.tryAcquireLease("a", Duration.ofSeconds(30));
			Health health = context.getBean(TradovateFleetHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("role", "holder")
				.containsEntry("leaseAcquisitions", 1L)
				.containsEntry("takeovers", 0L)
				.containsEntry("tokenVersion", 0L)
				.containsKeys("staleWritesRefused", "redisErrors");
		});
	}

	@Test
	void isDownWhileRedisCannotBeReached() {
		this.contextRunner.run((context) -> {
			RedisTokenStore store = context.getBean(RedisTokenStore.class);
			redis.getServer().kill();
			store.tryAcquireLease("a", Duration.ofSeconds(30));
			Health health = context.getBean(TradovateFleetHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsEntry("role", "follower")
				.containsEntry("reason", "Redis cannot be reached; serving the last token read from it");
		});
	}

	@Test
	void canBeTurnedOff() {
		this.contextRunner.withPropertyValues("management.health.tradovate-fleet.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(TradovateFleetHealthIndicator.class));
	}

	@Test
	void isAbsentWithoutTheFleet() {
		this.contextRunner.withPropertyValues("tradovate.fleet.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(TradovateFleetHealthIndicator.class));
	}

}
