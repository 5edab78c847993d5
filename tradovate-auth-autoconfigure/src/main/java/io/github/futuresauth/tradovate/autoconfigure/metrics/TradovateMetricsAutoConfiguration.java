package io.github.futuresauth.tradovate.autoconfigure.metrics;

import io.github.futuresauth.tradovate.auth.TokenStatusSource;
import io.github.futuresauth.tradovate.auth.TradovateBearerTokenInterceptor;
import io.github.futuresauth.tradovate.autoconfigure.TradovateAuthAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of {@link TradovateAuthMetrics} for the auto-configured
 * {@link TokenStatusSource}, when the application has a {@link MeterRegistry}.
 */
@AutoConfiguration(after = TradovateAuthAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, TokenStatusSource.class })
public final class TradovateMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TradovateAuthMetrics tradovateAuthMetrics(TokenStatusSource tokenProvider,
			ObjectProvider<TradovateBearerTokenInterceptor> interceptor) {
		return new TradovateAuthMetrics(tokenProvider, interceptor.getIfUnique());
	}

}
