package io.github.futuresauth.tradovate.autoconfigure.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.futuresauth.tradovate.autoconfigure.TradovateAuthProperties;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.context.properties.ConfigurationPropertiesReportEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint.ConfigurationPropertiesBeanDescriptor;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.ConfigurationProperties;
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

	@Test
	@SuppressWarnings("unchecked")
	void hidesEveryUsersSecretsAndTheOAuthClientSecretInTheConfigpropsEndpointWhateverTheKey() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class,
					ConfigurationPropertiesReportEndpointAutoConfiguration.class))
			.withUserConfiguration(PropertiesConfiguration.class, OAuthClientPropertiesConfiguration.class)
			.withPropertyValues("management.endpoints.web.exposure.include=configprops",
					"management.endpoint.configprops.show-values=always", "tradovate.users[a.b].name=alice",
					"tradovate.users[a.b].password=Pa55-5e6f", "tradovate.users[a.b].sec=Sec-7a8b",
					"tradovate.users[a.b].cid=8", "tradovate.users[a.b].app-id=my-app",
					"tradovate.users[a.b].app-version=1.0",
					"spring.security.oauth2.client.registration[my.app].client-id=client-9",
					"spring.security.oauth2.client.registration[my.app].client-secret=Client-1c2d")
			.run((context) -> {
				ConfigurationPropertiesReportEndpoint endpoint = context
					.getBean(ConfigurationPropertiesReportEndpoint.class);
				ConfigurationPropertiesBeanDescriptor tradovate = descriptor(endpoint, "tradovate");
				Map<String, Object> users = (Map<String, Object>) tradovate.getProperties().get("users");
				assertThat(users).hasEntrySatisfying("a.b",
						(user) -> assertThat(user).asInstanceOf(InstanceOfAssertFactories.MAP)
							.containsEntry("name", "alice")
							.containsEntry("password", "******")
							.containsEntry("sec", "******"));
				ConfigurationPropertiesBeanDescriptor oauth = descriptor(endpoint, "spring.security.oauth2.client");
				Map<String, Object> registrations = (Map<String, Object>) oauth.getProperties().get("registration");
				assertThat(registrations).hasEntrySatisfying("my.app",
						(registration) -> assertThat(registration).asInstanceOf(InstanceOfAssertFactories.MAP)
							.containsEntry("clientId", "client-9")
							.containsEntry("clientSecret", "******"));
				String everything = tradovate.getProperties() + "" + tradovate.getInputs() + oauth.getProperties()
						+ oauth.getInputs();
				assertThat(everything).doesNotContain("Pa55-5e6f")
					.doesNotContain("Sec-7a8b")
					.doesNotContain("Client-1c2d");
			});
	}

	private static ConfigurationPropertiesBeanDescriptor descriptor(ConfigurationPropertiesReportEndpoint endpoint,
			String prefix) {
		return endpoint.configurationPropertiesWithPrefix(prefix)
			.getContexts()
			.values()
			.iterator()
			.next()
			.getBeans()
			.values()
			.stream()
			.filter((candidate) -> candidate.getPrefix().equals(prefix))
			.findFirst()
			.orElseThrow();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(TradovateAuthProperties.class)
	static class PropertiesConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(OAuthClientProperties.class)
	static class OAuthClientPropertiesConfiguration {

	}

	/**
	 * The registrations of Spring Security's OAuth client, shaped as Spring Boot binds
	 * them.
	 */
	@ConfigurationProperties("spring.security.oauth2.client")
	static class OAuthClientProperties {

		private final Map<String, Registration> registration = new LinkedHashMap<>();

		public Map<String, Registration> getRegistration() {
			return this.registration;
		}

		static class Registration {

			private @Nullable String clientId;

			private @Nullable String clientSecret;

			public @Nullable String getClientId() {
				return this.clientId;
			}

			public void setClientId(@Nullable String clientId) {
				this.clientId = clientId;
			}

			public @Nullable String getClientSecret() {
				return this.clientSecret;
			}

			public void setClientSecret(@Nullable String clientSecret) {
				this.clientSecret = clientSecret;
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomSanitizingFunctionConfiguration {

		@Bean
		SanitizingFunction tradovateSanitizingFunction() {
			return SanitizableData::withSanitizedValue;
		}

	}

}
