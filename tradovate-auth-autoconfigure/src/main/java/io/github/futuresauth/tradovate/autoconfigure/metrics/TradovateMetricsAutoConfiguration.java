package io.github.futuresauth.tradovate.autoconfigure.metrics;

import io.github.futuresauth.tradovate.auth.TokenStatusSource;
import io.github.futuresauth.tradovate.auth.TradovateBearerTokenInterceptor;
import io.github.futuresauth.tradovate.auth.TradovateUsers;
import io.github.futuresauth.tradovate.autoconfigure.NoUsersCondition;
import io.github.futuresauth.tradovate.autoconfigure.SeveralUsersCondition;
import io.github.futuresauth.tradovate.autoconfigure.TradovateAuthAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Auto-configuration of {@link TradovateAuthMetrics} for the auto-configured
 * {@link TokenStatusSource}, when the application has a {@link MeterRegistry}.
 */
@AutoConfiguration(after = TradovateAuthAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
public final class TradovateMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean({ TradovateAuthMetrics.class, TradovateUsersMetrics.class })
	@ConditionalOnBean(TokenStatusSource.class)
	@Conditional(NoUsersCondition.class)
	TradovateAuthMetrics tradovateAuthMetrics(TokenStatusSource tokenProvider,
			ObjectProvider<TradovateBearerTokenInterceptor> interceptor) {
		return new TradovateAuthMetrics(tokenProvider, interceptor.getIfUnique());
	}

	/**
	 * With {@code tradovate.users}, the meters of every user, tagged {@code user}.
	 */
	@Bean
	@ConditionalOnMissingBean({ TradovateAuthMetrics.class, TradovateUsersMetrics.class })
	@ConditionalOnBean(TradovateUsers.class)
	@Conditional(SeveralUsersCondition.class)
	TradovateUsersMetrics tradovateUsersMetrics(TradovateUsers users) {
		return new TradovateUsersMetrics(users);
	}

}
