package io.github.futuresauth.tradovate.autoconfigure.store;

import io.github.futuresauth.tradovate.auth.TokenStore;
import io.github.futuresauth.tradovate.autoconfigure.TradovateAuthAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of a {@link TradovateStoreHealthIndicator}, contributed to the
 * health endpoint as {@code tradovateStore}. Turn it off with
 * {@code management.health.tradovate-store.enabled=false}.
 */
@AutoConfiguration(after = TradovateAuthAutoConfiguration.class)
@ConditionalOnClass(AbstractHealthIndicator.class)
@ConditionalOnSingleCandidate(TokenStore.class)
@ConditionalOnEnabledHealthIndicator("tradovate-store")
public final class TradovateStoreHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "tradovateStoreHealthIndicator")
	TradovateStoreHealthIndicator tradovateStoreHealthIndicator(TokenStore tokenStore) {
		return new TradovateStoreHealthIndicator(tokenStore);
	}

}
