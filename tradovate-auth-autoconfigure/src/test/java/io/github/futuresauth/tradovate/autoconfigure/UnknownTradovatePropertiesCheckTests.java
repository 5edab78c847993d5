package io.github.futuresauth.tradovate.autoconfigure;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.github.futuresauth.tradovate.autoconfigure.UnknownTradovatePropertiesException.UnknownProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Tests for {@link UnknownTradovatePropertiesCheck}.
 */
class UnknownTradovatePropertiesCheckTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TradovateAuthAutoConfiguration.class))
		.withPropertyValues("tradovate.login-at-startup=false", "tradovate.name=trader", "tradovate.password=p");

	@Test
	void knownPropertiesPass() {
		this.contextRunner
			.withPropertyValues("tradovate.environment=live", "tradovate.app-id=my-app", "tradovate.app-version=1.0",
					"tradovate.cid=8", "tradovate.sec=s", "tradovate.retry.max-retries=1", "tradovate.ssl.bundle=",
					"tradovate.renewalMargin=20m", "tradovate.read_timeout=3s")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void suggestsTheRightNameForASynonym() {
		this.contextRunner.withPropertyValues("tradovate.app-secret=s", "tradovate.cid=8", "tradovate.sec=s")
			.run((context) -> assertThat(unknown(context.getStartupFailure())).singleElement().satisfies((property) -> {
				assertThat(property.name()).isEqualTo("tradovate.app-secret");
				assertThat(property.suggestion()).isEqualTo("tradovate.sec");
				assertThat(property.origin()).contains("tradovate.app-secret");
			}));
	}

	@Test
	void suggestsTheNearestNameForATypo() {
		this.contextRunner.withPropertyValues("tradovate.pasword=p", "tradovate.retry.max-retry=5")
			.run((context) -> assertThat(unknown(context.getStartupFailure()))
				.extracting(UnknownProperty::name, UnknownProperty::suggestion)
				.containsExactlyInAnyOrder(tuple("tradovate.pasword", "tradovate.password"),
						tuple("tradovate.retry.max-retry", "tradovate.retry.max-retries")));
	}

	@Test
	void reportsAMisspeltNameBeforeTheIncompleteSettingsItCauses() {
		this.contextRunner.withPropertyValues("tradovate.client-id=8", "tradovate.sec=s")
			.run((context) -> assertThat(unknown(context.getStartupFailure())).singleElement()
				.satisfies((property) -> assertThat(property.suggestion()).isEqualTo("tradovate.cid")));
	}

	@Test
	void suggestsNothingForANameFarFromAnyKnownOne() {
		this.contextRunner.withPropertyValues("tradovate.favourite-colour=green")
			.run((context) -> assertThat(unknown(context.getStartupFailure())).singleElement()
				.satisfies((property) -> assertThat(property.suggestion()).isNull()));
	}

	@Test
	void environmentVariablesAreNotChecked() {
		this.contextRunner
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new SystemEnvironmentPropertySource(
						StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME + "-test",
						Map.of("TRADOVATE_HOME", "/opt/tradovate"))))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void canBeTurnedOff() {
		this.contextRunner.withPropertyValues("tradovate.app-secret=s", "tradovate.ignore-unknown-properties=true")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void knowsTheGroupsThatOtherModulesDescribe(@TempDir Path directory) throws IOException {
		Path metadata = directory.resolve("META-INF/spring-configuration-metadata.json");
		Files.createDirectories(metadata.getParent());
		Files.writeString(metadata, """
				{"groups": [{"name": "tradovate.websocket", "type": "com.example.WebSocketProperties"}],
				 "properties": [
				   {"name": "tradovate.websocket.enabled", "type": "java.lang.Boolean"},
				   {"name": "tradovate.websocket.headers", "type": "java.util.Map<java.lang.String,java.lang.String>"}
				 ]}
				""");
		try (URLClassLoader classLoader = new URLClassLoader(new URL[] { directory.toUri().toURL() },
				getClass().getClassLoader())) {
			ApplicationContextRunner runner = this.contextRunner.withClassLoader(classLoader);
			runner.withPropertyValues("tradovate.websocket.enabled=true", "tradovate.websocket.headers.x-client=me")
				.run((context) -> assertThat(context).hasNotFailed());
			runner.withPropertyValues("tradovate.websocket.enabeld=true")
				.run((context) -> assertThat(unknown(context.getStartupFailure())).singleElement()
					.satisfies(
							(property) -> assertThat(property.suggestion()).isEqualTo("tradovate.websocket.enabled")));
		}
	}

	private static List<UnknownProperty> unknown(Throwable failure) {
		assertThat(failure).isInstanceOf(UnknownTradovatePropertiesException.class);
		return ((UnknownTradovatePropertiesException) failure).getProperties();
	}

}
