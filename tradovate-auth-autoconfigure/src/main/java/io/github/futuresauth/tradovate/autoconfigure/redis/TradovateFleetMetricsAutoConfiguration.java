package io.github.futuresauth.tradovate.autoconfigure.redis;

import io.github.futuresauth.tradovate.auth.redis.RedisTokenStore;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of {@link TradovateFleetMetrics} for the auto-configured
 * {@link RedisTokenStore}, when the application has a {@link MeterRegistry}.
 */
@AutoConfiguration(after = TradovateRedisAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass({ MeterRegistry.class, RedisTokenStore.class })
@ConditionalOnBean({ MeterRegistry.class, RedisTokenStore.class })
public final class TradovateFleetMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TradovateFleetMetrics tradovateFleetMetrics(RedisTokenStore tokenStore) {
		return new TradovateFleetMetrics(tokenStore);
	}

}
