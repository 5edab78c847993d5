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
	@ValueSource(
			strings = { "tradovate.password", "tradovate.sec", "TRADOVATE_PASSWORD", "TRADOVATE_SEC", "Tradovate.Sec",
					"tradovate.pass-word", "tradovate.fleet.encryption.keys.k1", "TRADOVATE_FLEET_ENCRYPTION_KEYS_K1",
					"tradovate.fleet.encryption.keys", "tradovate.users.alice.password", "tradovate.users.alice.sec",
					"TRADOVATE_USERS_ALICE_PASSWORD", "tradovate.users[bob].sec", "tradovate.users[a.b].password",
					"tradovate.users[a.b].sec", "tradovate.users.a.b.password", "tradovate.users.a.b.c.sec",
					"TRADOVATE_USERS_A_B_SEC", "spring.security.oauth2.client.registration.tradovate.client-secret",
					"spring.security.oauth2.client.registration.github.clientSecret",
					"spring.security.oauth2.client.registration[my.app].client-secret",
					"SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_TRADOVATE_CLIENTSECRET" })
	void hidesTheSecretsEvenWhenValuesAreShown(String key) {
		assertThat(this.sanitizer.sanitize(new SanitizableData(null, key, "Secret-1f2e"), true)).isEqualTo("******");
	}

	@ParameterizedTest
	@ValueSource(strings = { "tradovate.name", "tradovate.app-id", "tradovate.cid", "tradovate.base-url",
			"tradovate.security", "tradovate.retry.sec", "other.sec", "other.tradovate.sec", "sec",
			"spring.security.sec", "TRADOVATE_NAME", "tradovate.fleet.encryption.key-id", "tradovate.fleet.key-prefix",
			"tradovate.users.alice.name", "tradovate.users.alice.cid", "tradovate.users.password.name",
			"tradovate.users[a.b].name", "tradovate.users[sec.password].app-id",
			"spring.security.oauth2.client.registration.tradovate.client-id",
			"spring.security.oauth2.client.provider.tradovate.token-uri", "other.registration.x.client-secret" })
	void leavesOtherKeysAlone(String key) {
		assertThat(this.sanitizer.sanitize(new SanitizableData(null, key, "Value-3c4d"), true)).isEqualTo("Value-3c4d");
	}

	@Test
	void hidesTheSecretsInTheEnvEndpointWhateverTheirSource() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("application", Map.of("tradovate.name", "trader", "tradovate.password",
					"Pa55-app", "tradovate.sec", "Sec-app", "other.sec", "Other-sec")));
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

	@Test
	void hidesEveryUsersSecretsAndTheOAuthClientSecretInTheEnvEndpointWhateverTheKey() {
		StandardEnvironment environment = new StandardEnvironment();
		Map<String, Object> application = new LinkedHashMap<>();
		application.put("tradovate.users[a.b].name", "alice");
		application.put("tradovate.users[a.b].password", "Pa55-bracket");
		application.put("tradovate.users.c.d.sec", "Sec-dotted");
		application.put("spring.security.oauth2.client.registration.tradovate.client-id", "client-9");
		application.put("spring.security.oauth2.client.registration.tradovate.client-secret", "Client-secret");
		environment.getPropertySources().addFirst(new MapPropertySource("application", application));
		environment.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource("variables",
					Map.of("TRADOVATE_USERS_E_F_PASSWORD", "Pa55-variable",
							"SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_TRADOVATE_CLIENTSECRET", "Client-variable")));
		EnvironmentEndpoint endpoint = new EnvironmentEndpoint(environment, List.of(new TradovateSanitizingFunction()),
				Show.ALWAYS);
		assertThat(values(endpoint, "application")).containsEntry("tradovate.users[a.b].name", "alice")
			.containsEntry("tradovate.users[a.b].password", "******")
			.containsEntry("tradovate.users.c.d.sec", "******")
			.containsEntry("spring.security.oauth2.client.registration.tradovate.client-id", "client-9")
			.containsEntry("spring.security.oauth2.client.registration.tradovate.client-secret", "******");
		assertThat(values(endpoint, "variables")).containsEntry("TRADOVATE_USERS_E_F_PASSWORD", "******")
			.containsEntry("SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_TRADOVATE_CLIENTSECRET", "******");
		assertThat(endpoint.environmentEntry("tradovate.users[a.b].password").getProperty().getValue())
			.isEqualTo("******");
	}

	@Test
	void hidesTheSecretsInsideTheCommandLineAndTheApplicationJsonOfTheEnvEndpoint() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME,
					new MapPropertySource(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME,
							Map.of("sun.java.command",
									"app.jar --tradovate.name=trader --tradovate.sec=Sec-cmd --server.port=0 "
											+ "--tradovate.password=Pa55 with spaces --debug",
									"spring.application.json", "{\"tradovate.sec\":\"Sec-property\"}")));
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
							Map.of("SPRING_APPLICATION_JSON",
									"{\"tradovate\":{\"name\":\"trader\",\"password\":\"Pa55-json\"},"
											+ "\"tradovate.sec\":\"Sec-json\",\"server\":{\"port\":0}}")));
		EnvironmentEndpoint endpoint = new EnvironmentEndpoint(environment, List.of(new TradovateSanitizingFunction()),
				Show.ALWAYS);
		Map<String, Object> properties = values(endpoint, StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
		assertThat(properties.get("sun.java.command")).isEqualTo("app.jar --tradovate.name=trader "
				+ "--tradovate.sec=****** --server.port=0 --tradovate.password=****** --debug");
		assertThat(properties.get("spring.application.json")).isEqualTo("{\"tradovate.sec\":\"******\"}");
		Object json = values(endpoint, StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)
			.get("SPRING_APPLICATION_JSON");
		assertThat(json).isEqualTo("{\"tradovate\":{\"name\":\"trader\",\"password\":\"******\"},"
				+ "\"tradovate.sec\":\"******\",\"server\":{\"port\":0}}");
		assertThat(endpoint.environmentEntry("sun.java.command").getProperty().getValue().toString())
			.doesNotContain("Sec-cmd")
			.doesNotContain("Pa55");
	}

	@ParameterizedTest
	@ValueSource(strings = { "app.jar --TRADOVATE_SEC=Secret-1f2e", "app.jar -Dtradovate.password=Secret-1f2e",
			"app.jar --tradovate.users[a.b].password=Secret-1f2e",
			"app.jar --spring.security.oauth2.client.registration.tradovate.client-secret=Secret-1f2e",
			"app.jar --tradovate.sec=Secret-1f2e --tradovate.sec=Secret-1f2e" })
	void hidesEveryFormOfTheSecretsOnTheCommandLine(String commandLine) {
		assertThat(this.sanitizer.sanitize(new SanitizableData(null, "sun.java.command", commandLine), true)).asString()
			.doesNotContain("Secret-1f2e")
			.contains("=******");
	}

	@Test
	void leavesCommandLinesAndJsonWithoutSecretsAlone() {
		String commandLine = "app.jar --tradovate.name=trader --other.sec=Other-sec";
		assertThat(this.sanitizer.sanitize(new SanitizableData(null, "sun.java.command", commandLine), true))
			.isEqualTo(commandLine);
		String json = "{\"other\":{\"sec\":\"Other-sec\"}, \"tradovate\": {\"name\": \"trader\"}}";
		assertThat(this.sanitizer.sanitize(new SanitizableData(null, "SPRING_APPLICATION_JSON", json), true))
			.isEqualTo(json);
	}

	@Test
	void hidesApplicationJsonThatCannotBeRead() {
		assertThat(this.sanitizer
			.sanitize(new SanitizableData(null, "SPRING_APPLICATION_JSON", "{\"tradovate.sec\":\"Secret-1f2e\""), true))
			.isEqualTo("******");
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
