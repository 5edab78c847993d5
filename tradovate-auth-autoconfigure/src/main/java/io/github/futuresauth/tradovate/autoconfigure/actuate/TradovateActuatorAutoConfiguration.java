package io.github.futuresauth.tradovate.autoconfigure.actuate;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration that keeps the Tradovate password and API secret out of the actuator's
 * {@code env} and {@code configprops} endpoints, with a {@link TradovateSanitizingFunction}.
 */
@AutoConfiguration
@ConditionalOnClass(SanitizingFunction.class)
public final class TradovateActuatorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "tradovateSanitizingFunction")
	TradovateSanitizingFunction tradovateSanitizingFunction() {
		return new TradovateSanitizingFunction();
	}

}
