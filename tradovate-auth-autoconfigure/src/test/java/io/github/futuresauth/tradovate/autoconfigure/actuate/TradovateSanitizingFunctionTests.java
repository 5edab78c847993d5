package io.github.futuresauth.tradovate.autoconfigure.actuate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.Sanitizer;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.actuate.env.EnvironmentEndpoint.EnvironmentEntryDescriptor;
import org.springframework.boot.actuate.env.EnvironmentEndpoint.PropertySourceDescriptor;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TradovateSanitizingFunction}.
 */
class TradovateSanitizingFunctionTests {

	private final Sanitizer sanitizer = new Sanitizer(List.of(new TradovateSanitizingFunction()));

	@ParameterizedTest
	@ValueSource(strings = { "tradovate.password", "tradovate.sec", "TRADOVATE_PASSWORD", "TRADOVATE_SEC",
			"Tradovate.Sec", "tradovate.pass-word", "tradovate.fleet.encryption.keys.k1",
			"TRADOVATE_FLEET_ENCRYPTION_KEYS_K1", "tradovate.fleet.encryption.keys" })
	void hidesTheSecretsEvenWhenValuesAreShown(String key) {
		assertThat(this.sanitizer.sanitize(new SanitizableData(null, key, "Secret-1f2e"), true)).isEqualTo("******");
	}

	@ParameterizedTest
	@ValueSource(strings = { "tradovate.name", "tradovate.app-id", "tradovate.cid", "tradovate.base-url",
			"tradovate.security", "tradovate.retry.sec", "other.sec", "other.tradovate.sec", "sec",
			"spring.security.sec", "TRADOVATE_NAME", "tradovate.fleet.encryption.key-id",
			"tradovate.fleet.key-prefix" })
	void leavesOtherKeysAlone(String key) {
		assertThat(this.sanitizer.sanitize(new SanitizableData(null, key, "Value-3c4d"), true)).isEqualTo("Value-3c4d");
	}

	@Test
	void hidesTheSecretsInTheEnvEndpointWhateverTheirSource() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("application",
					Map.of("tradovate.name", "trader", "tradovate.password", "Pa55-app", "tradovate.sec", "Sec-app",
							"other.sec", "Other-sec")));
		environment.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource("variables",
					Map.of("TRADOVATE_PASSWORD", "Pa55-variable", "TRADOVATE_SEC", "Sec-variable")));
		EnvironmentEndpoint endpoint = new EnvironmentEndpoint(environment, List.of(new TradovateSanitizingFunction()),
				Show.ALWAYS);
		Map<String, Object> application = values(endpoint, "application");
		assertThat(application).containsEntry("tradovate.name", "trader")
			.containsEntry("tradovate.password", "******")
			.containsEntry("tradovate.sec", "******")
			.containsEntry("other.sec", "Other-sec");
		assertThat(values(endpoint, "variables")).containsEntry("TRADOVATE_PASSWORD", "******")
			.containsEntry("TRADOVATE_SEC", "******");
		for (String key : List.of("tradovate.sec", "tradovate.password")) {
			EnvironmentEntryDescriptor entry = endpoint.environmentEntry(key);
			assertThat(entry.getProperty()).isNotNull();
			assertThat(entry.getProperty().getValue()).isEqualTo("******");
			assertThat(entry.getPropertySources()).allSatisfy((source) -> {
				if (source.getProperty() != null) {
					assertThat(source.getProperty().getValue()).isEqualTo("******");
				}
			});
		}
	}

	private static Map<String, Object> values(EnvironmentEndpoint endpoint, String propertySource) {
		PropertySourceDescriptor descriptor = endpoint.environment(null)
			.getPropertySources()
			.stream()
			.filter((candidate) -> candidate.getName().equals(propertySource))
			.findFirst()
			.orElseThrow();
		Map<String, Object> values = new LinkedHashMap<>();
		descriptor.getProperties().forEach((key, value) -> values.put(key, value.getValue()));
		return values;
	}

}
