package io.github.futuresauth.tradovate.autoconfigure.actuate;

import io.github.futuresauth.tradovate.auth.TokenStatusSource;
import io.github.futuresauth.tradovate.auth.TradovateUsers;
import io.github.futuresauth.tradovate.autoconfigure.NoUsersCondition;
import io.github.futuresauth.tradovate.autoconfigure.SeveralUsersCondition;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration that keeps the Tradovate password and API secret out of the
 * actuator's {@code env} and {@code configprops} endpoints, with a
 * {@link TradovateSanitizingFunction}, and contributes the {@link TradovateEndpoint
 * tradovate endpoint}.
 */
@AutoConfiguration(afterName = "io.github.futuresauth.tradovate.autoconfigure.TradovateAuthAutoConfiguration")
@ConditionalOnClass(SanitizingFunction.class)
public final class TradovateActuatorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "tradovateSanitizingFunction")
	TradovateSanitizingFunction tradovateSanitizingFunction() {
		return new TradovateSanitizingFunction();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ConditionalOnAvailableEndpoint.class)
	@ConditionalOnAvailableEndpoint(TradovateEndpoint.class)
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(TokenStatusSource.class)
		@Conditional(NoUsersCondition.class)
		TradovateEndpoint tradovateEndpoint(TokenStatusSource tokenProvider) {
			return new TradovateEndpoint(tokenProvider);
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(TradovateUsers.class)
		@Conditional(SeveralUsersCondition.class)
		TradovateEndpoint tradovateUsersEndpoint(TradovateUsers users) {
			return new TradovateEndpoint(users);
		}

	}

}
