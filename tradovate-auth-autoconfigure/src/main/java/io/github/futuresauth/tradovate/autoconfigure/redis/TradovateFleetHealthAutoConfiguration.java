package io.github.futuresauth.tradovate.autoconfigure.redis;

import io.github.futuresauth.tradovate.auth.redis.RedisTokenStore;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of a {@link TradovateFleetHealthIndicator}, contributed to the
 * health endpoint as {@code tradovateFleet}. Turn it off with
 * {@code management.health.tradovate-fleet.enabled=false}.
 */
@AutoConfiguration(after = TradovateRedisAutoConfiguration.class)
@ConditionalOnClass({ AbstractHealthIndicator.class, RedisTokenStore.class })
@ConditionalOnBean(RedisTokenStore.class)
@ConditionalOnEnabledHealthIndicator("tradovate-fleet")
public final class TradovateFleetHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "tradovateFleetHealthIndicator")
	TradovateFleetHealthIndicator tradovateFleetHealthIndicator(RedisTokenStore tokenStore) {
		return new TradovateFleetHealthIndicator(tokenStore);
	}

}
