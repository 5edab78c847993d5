package io.github.futuresauth.tradovate.autoconfigure.metrics;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.futuresauth.tradovate.auth.FixedTokenProvider;
import io.github.futuresauth.tradovate.auth.AccessTokenAcquiredEvent;
import io.github.futuresauth.tradovate.auth.AccessTokenEvent;
import io.github.futuresauth.tradovate.auth.RenewingTokenProvider;
import io.github.futuresauth.tradovate.auth.TokenProvider;
import io.github.futuresauth.tradovate.autoconfigure.TradovateAuthAutoConfiguration;
import io.github.futuresauth.tradovate.simulator.TradovateSimulatorExtension;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link TradovateMetricsAutoConfiguration}.
 */
class TradovateMetricsAutoConfigurationTests {

	@RegisterExtension
	static final TradovateSimulatorExtension extension = new TradovateSimulatorExtension();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(TradovateAuthAutoConfiguration.class, TradovateMetricsAutoConfiguration.class))
		.withPropertyValues(extension.simulator().springProperties());

	@Test
	void providesMetricsWhenThereIsAMeterRegistry() {
		this.contextRunner.withPropertyValues("tradovate.login-at-startup=false")
			.withBean(SimpleMeterRegistry.class)
			.run((context) -> assertThat(context).hasSingleBean(TradovateAuthMetrics.class));
	}

	@Test
	void backsOffWithoutAMeterRegistry() {
		this.contextRunner.withPropertyValues("tradovate.login-at-startup=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(TradovateAuthMetrics.class));
	}

	@Test
	void backsOffWithoutMicrometer() {
		this.contextRunner.withPropertyValues("tradovate.login-at-startup=false")
			.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(TradovateAuthMetrics.class));
	}

	@Test
	void backsOffWithoutARenewingTokenProvider() {
		this.contextRunner.withBean(SimpleMeterRegistry.class)
			.withUserConfiguration(UserTokenProviderConfiguration.class)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(TradovateAuthMetrics.class));
	}

	@Test
	void backsOffFromAUserDefinedBean() {
		this.contextRunner.withPropertyValues("tradovate.login-at-startup=false")
			.withBean(SimpleMeterRegistry.class)
			.withBean("userMetrics", TradovateAuthMetrics.class, () -> new TradovateAuthMetrics(mockProvider()))
			.run((context) -> assertThat(context).hasSingleBean(TradovateAuthMetrics.class).hasBean("userMetrics"));
	}

	@Test
	void countsTheLoginAtStartupWithBootsMetricsAutoConfiguration() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("tradovate.auth.logins").functionCounter().count()).isOne();
				assertThat(registry.get("tradovate.auth.token.expiry").gauge().value()).isPositive();
			});
	}

	@Test
	void listenersReceiveTheEventOfTheLoginAtStartup() {
		this.contextRunner.withUserConfiguration(EventCollectorConfiguration.class).run((context) -> {
			List<AccessTokenEvent> events = context.getBean(EventCollectorConfiguration.class).events;
			assertThat(events).singleElement()
				.isInstanceOfSatisfying(AccessTokenAcquiredEvent.class, (event) -> assertThat(event.getTokenProvider())
					.isSameAs(context.getBean(RenewingTokenProvider.class)));
		});
	}

	private static RenewingTokenProvider mockProvider() {
		return mock(RenewingTokenProvider.class);
	}

	@Configuration(proxyBeanMethods = false)
	static class EventCollectorConfiguration {

		final List<AccessTokenEvent> events = new CopyOnWriteArrayList<>();

		@EventListener
		void onAccessTokenEvent(AccessTokenEvent event) {
			this.events.add(event);
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
