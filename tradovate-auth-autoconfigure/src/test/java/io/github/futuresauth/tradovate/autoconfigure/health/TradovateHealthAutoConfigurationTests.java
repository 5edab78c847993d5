package io.github.futuresauth.tradovate.autoconfigure.health;

import io.github.futuresauth.tradovate.auth.FixedTokenProvider;
import io.github.futuresauth.tradovate.auth.RenewingTokenProvider;
import io.github.futuresauth.tradovate.auth.TokenProvider;
import io.github.futuresauth.tradovate.autoconfigure.TradovateAuthAutoConfiguration;
import io.github.futuresauth.tradovate.simulator.TradovateSimulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TradovateHealthAutoConfiguration}.
 */
class TradovateHealthAutoConfigurationTests {

	@RegisterExtension
	static final TradovateSimulatorExtension extension = new TradovateSimulatorExtension();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(TradovateAuthAutoConfiguration.class, TradovateHealthAutoConfiguration.class))
		.withPropertyValues("tradovate.login-at-startup=false")
		.withPropertyValues(extension.simulator().springProperties());

	@Test
	void contributesAnIndicatorForTheProvider() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(TradovateHealthIndicator.class).hasBean("tradovateHealthIndicator");
			assertThat(context.getBean(TradovateHealthIndicator.class).health().getStatus()).isEqualTo(Status.UNKNOWN);
			context.getBean(RenewingTokenProvider.class).getToken();
			assertThat(context.getBean(TradovateHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
		});
	}

	@Test
	void backsOffWhenTheIndicatorIsDisabled() {
		this.contextRunner.withPropertyValues("management.health.tradovate.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TradovateHealthIndicator.class)
				.doesNotHaveBean("tradovateHealthIndicator"));
	}

	@Test
	void backsOffWhenHealthIndicatorsAreDisabledByDefault() {
		this.contextRunner.withPropertyValues("management.health.defaults.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TradovateHealthIndicator.class));
	}

	@Test
	void usersOwnIndicatorWins() {
		this.contextRunner.withUserConfiguration(UserIndicatorConfiguration.class).run((context) -> {
			assertThat(context).doesNotHaveBean(TradovateHealthIndicator.class);
			assertThat(context.getBean("tradovateHealthIndicator"))
				.isSameAs(context.getBean(UserIndicatorConfiguration.class).indicator);
		});
	}

	@Test
	void backsOffWithoutARenewingTokenProvider() {
		this.contextRunner.withUserConfiguration(UserTokenProviderConfiguration.class)
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(RenewingTokenProvider.class)
				.doesNotHaveBean(TradovateHealthIndicator.class));
	}

	@Test
	void backsOffWithoutSpringBootHealth() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(AbstractHealthIndicator.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(RenewingTokenProvider.class)
				.doesNotHaveBean("tradovateHealthIndicator"));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserIndicatorConfiguration {

		final HealthIndicator indicator = () -> Health.up().withDetail("custom", true).build();

		@Bean
		HealthIndicator tradovateHealthIndicator() {
			return this.indicator;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserTokenProviderConfiguration {

		@Bean
		TokenProvider userTokenProvider() {
			return new FixedTokenProvider("user-token");
		}

	}

}
