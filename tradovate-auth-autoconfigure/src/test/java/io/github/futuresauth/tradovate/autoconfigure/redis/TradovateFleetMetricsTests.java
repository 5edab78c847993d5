package io.github.futuresauth.tradovate.autoconfigure.redis;

import java.time.Duration;
import java.time.Instant;

import io.github.futuresauth.tradovate.auth.AccessToken;
import io.github.futuresauth.tradovate.auth.Lease;
import io.github.futuresauth.tradovate.auth.StoredToken;
import io.github.futuresauth.tradovate.auth.redis.RedisServerExtension;
import io.github.futuresauth.tradovate.auth.redis.RedisTokenStore;
import io.github.futuresauth.tradovate.autoconfigure.TradovateAuthAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TradovateFleetMetrics} and its auto-configuration.
 */
class TradovateFleetMetricsTests {

	@RegisterExtension
	static final RedisServerExtension redis = new RedisServerExtension();

	private static final AccessToken TOKEN = new AccessToken("fleet-access-token", null,
			Instant.parse("2026-01-02T10:00:00Z"), 7L, "trader", "Active");

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TradovateRedisAutoConfiguration.class,
				TradovateAuthAutoConfiguration.class, TradovateFleetMetricsAutoConfiguration.class))
		.withUserConfiguration(TradovateRedisAutoConfigurationTests.RedisConfiguration.class)
		.withPropertyValues("tradovate.name=trader", "tradovate.password=s3cret-password",
				"tradovate.login-at-startup=false", "tradovate.fleet.enabled=true",
				"test.redis.port=" + redis.getServer().getPort());

	@Test
	void countsWhatTheStoreSaw() {
		this.contextRunner.withBean(SimpleMeterRegistry.class).run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			context.getBean(TradovateFleetMetrics.class).bindTo(registry);
			RedisTokenStore store = context.getBean(RedisTokenStore.class);
			Lease first = store.tryAcquireLease("a", Duration.ofSeconds(30));
			StoredToken stored = store.compareAndSet(0, TOKEN, first);
			store.tryAcquireLease("a", Duration.ofSeconds(30));
			store.compareAndSet(stored.version(), TOKEN, first);
			assertThat(registry.get("tradovate.fleet.lease.acquisitions").functionCounter().count()).isEqualTo(2);
			assertThat(registry.get("tradovate.fleet.lease.takeovers").functionCounter().count()).isZero();
			assertThat(registry.get("tradovate.fleet.writes.refused").functionCounter().count()).isEqualTo(1);
			assertThat(registry.get("tradovate.fleet.redis.errors").functionCounter().count()).isZero();
			assertThat(registry.get("tradovate.fleet.holder").gauge().value()).isZero();
			assertThat(registry.get("tradovate.fleet.redis.reachable").gauge().value()).isEqualTo(1);
			assertThat(registry.get("tradovate.fleet.token.version").gauge().value())
				.isEqualTo((double) stored.version());
		});
	}

	@Test
	void backsOffWithoutAMeterRegistry() {
		this.contextRunner
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(TradovateFleetMetrics.class));
	}

	@Test
	void backsOffWithoutMicrometer() {
		this.contextRunner.withBean(SimpleMeterRegistry.class)
			.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(TradovateFleetMetrics.class));
	}

}
