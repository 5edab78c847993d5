package io.github.futuresauth.tradovate.autoconfigure.store;

import io.github.futuresauth.tradovate.auth.TokenStore;
import io.github.futuresauth.tradovate.autoconfigure.TradovateAuthAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of {@link TradovateStoreMetrics} for the token store in use, when
 * the application has a {@link MeterRegistry}.
 */
@AutoConfiguration(after = TradovateAuthAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnSingleCandidate(TokenStore.class)
public final class TradovateStoreMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TradovateStoreMetrics tradovateStoreMetrics(TokenStore tokenStore) {
		return new TradovateStoreMetrics(tokenStore);
	}

}
