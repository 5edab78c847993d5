package io.github.futuresauth.tradovate.autoconfigure.actuate;

import io.github.futuresauth.tradovate.autoconfigure.TradovateAuthProperties;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.context.properties.ConfigurationPropertiesReportEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint.ConfigurationPropertiesBeanDescriptor;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TradovateActuatorAutoConfiguration}.
 */
class TradovateActuatorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TradovateActuatorAutoConfiguration.class));

	@Test
	void registersTheSanitizingFunction() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(TradovateSanitizingFunction.class)
			.hasBean("tradovateSanitizingFunction"));
	}

	@Test
	void backsOffWhenTheApplicationDefinesItsOwn() {
		this.contextRunner.withUserConfiguration(CustomSanitizingFunctionConfiguration.class)
			.run((context) -> assertThat(context).doesNotHaveBean(TradovateSanitizingFunction.class)
				.hasBean("tradovateSanitizingFunction"));
	}

	@Test
	void backsOffWithoutActuator() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(SanitizingFunction.class))
			.run((context) -> assertThat(context).doesNotHaveBean(TradovateSanitizingFunction.class));
	}

	@Test
	void hidesTheSecretsInTheConfigpropsEndpoint() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class,
					ConfigurationPropertiesReportEndpointAutoConfiguration.class))
			.withUserConfiguration(PropertiesConfiguration.class)
			.withPropertyValues("management.endpoints.web.exposure.include=configprops",
					"management.endpoint.configprops.show-values=always", "tradovate.name=trader",
					"tradovate.password=Pa55-5e6f", "tradovate.sec=Sec-7a8b", "tradovate.cid=8",
					"tradovate.app-id=my-app", "tradovate.app-version=1.0")
			.run((context) -> {
				ConfigurationPropertiesBeanDescriptor descriptor = context
					.getBean(ConfigurationPropertiesReportEndpoint.class)
					.configurationPropertiesWithPrefix("tradovate")
					.getContexts()
					.values()
					.iterator()
					.next()
					.getBeans()
					.values()
					.iterator()
					.next();
				assertThat(descriptor.getProperties()).containsEntry("name", "trader")
					.containsEntry("appId", "my-app")
					.containsEntry("password", "******")
					.containsEntry("sec", "******");
				assertThat(descriptor.getInputs()).hasEntrySatisfying("password",
						(input) -> assertThat(input).asInstanceOf(InstanceOfAssertFactories.MAP)
							.containsEntry("value", "******"));
				assertThat(descriptor.getInputs()).hasEntrySatisfying("sec",
						(input) -> assertThat(input).asInstanceOf(InstanceOfAssertFactories.MAP)
							.containsEntry("value", "******"));
				assertThat(descriptor.toString() + descriptor.getProperties() + descriptor.getInputs())
					.doesNotContain("Pa55-5e6f")
					.doesNotContain("Sec-7a8b");
			});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(TradovateAuthProperties.class)
	static class PropertiesConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomSanitizingFunctionConfiguration {

		@Bean
		SanitizingFunction tradovateSanitizingFunction() {
			return SanitizableData::withSanitizedValue;
		}

	}

}
