package io.github.futuresauth.tradovate.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the configuration metadata of {@link TradovateAuthProperties} that the
 * annotation processor generates, merged with
 * {@code additional-spring-configuration-metadata.json}.
 */
class TradovateAuthPropertiesMetadataTests {

	private static final String DURATION = "java.time.Duration";

	private static final List<String> PROPERTIES = List.of("tradovate.environment", "tradovate.base-url",
			"tradovate.name", "tradovate.password", "tradovate.app-id", "tradovate.app-version", "tradovate.device-id",
			"tradovate.cid", "tradovate.sec", "tradovate.login-at-startup", "tradovate.renewal-margin",
			"tradovate.connect-timeout", "tradovate.read-timeout", "tradovate.retry.max-retries",
			"tradovate.retry.delay", "tradovate.retry.multiplier", "tradovate.retry.max-delay",
			"tradovate.retry.jitter", "tradovate.ssl.bundle");

	private final JsonNode metadata = readMetadata();

	private final Map<String, JsonNode> properties = byName(this.metadata.path("properties"));

	@Test
	void describesEveryProperty() {
		assertThat(this.properties.keySet()).containsAll(PROPERTIES);
		for (String name : this.properties.keySet()) {
			assertThat(this.properties.get(name).path("description").asString("")).as("description of %s", name)
				.isNotBlank();
		}
	}

	@Test
	void recordsDefaults() {
		assertThat(defaultOf("tradovate.environment")).isEqualTo("demo");
		assertThat(defaultOf("tradovate.renewal-margin")).isEqualTo("15m");
		assertThat(defaultOf("tradovate.login-at-startup")).isEqualTo("true");
		assertThat(defaultOf("tradovate.retry.max-retries")).isEqualTo("3");
		assertThat(defaultOf("tradovate.retry.delay")).isEqualTo("1s");
		assertThat(this.properties.get("tradovate.retry.multiplier").path("defaultValue").asDouble()).isEqualTo(2.0);
		assertThat(defaultOf("tradovate.retry.max-delay")).isEqualTo("30s");
		assertThat(defaultOf("tradovate.retry.jitter")).isIn("0", "0s", "0ms");
		for (String name : List.of("tradovate.base-url", "tradovate.name", "tradovate.password", "tradovate.sec")) {
			assertThat(this.properties.get(name).has("defaultValue")).as("default of %s", name).isFalse();
		}
	}

	@Test
	void timeoutsDefaultToSpringBootsThenToTheirOwn() {
		assertThat(this.properties.get("tradovate.connect-timeout").has("defaultValue")).isFalse();
		assertThat(this.properties.get("tradovate.read-timeout").has("defaultValue")).isFalse();
		assertThat(this.properties.get("tradovate.connect-timeout").path("description").asString())
			.contains("spring.http.clients.connect-timeout", "5s");
		assertThat(this.properties.get("tradovate.read-timeout").path("description").asString())
			.contains("spring.http.clients.read-timeout", "10s");
	}

	@Test
	void describesTheHealthIndicatorSwitch() {
		JsonNode enabled = this.properties.get("management.health.tradovate.enabled");
		assertThat(enabled).as("management.health.tradovate.enabled").isNotNull();
		assertThat(enabled.path("type").asString()).isEqualTo("java.lang.Boolean");
		assertThat(enabled.path("defaultValue").asBoolean(false)).isTrue();
	}

	@Test
	void typesDurationsAsDurations() {
		for (String name : List.of("tradovate.renewal-margin", "tradovate.connect-timeout", "tradovate.read-timeout",
				"tradovate.retry.delay", "tradovate.retry.max-delay", "tradovate.retry.jitter")) {
			assertThat(typeOf(name)).as("type of %s", name).isEqualTo(DURATION);
		}
		assertThat(typeOf("tradovate.base-url")).isEqualTo("java.net.URI");
		assertThat(typeOf("tradovate.login-at-startup")).isEqualTo("java.lang.Boolean");
	}

	@Test
	void hintsTheEnvironments() {
		List<JsonNode> hints = new ArrayList<>();
		this.metadata.path("hints").values().forEach(hints::add);
		JsonNode environmentHint = hints.stream()
			.filter((hint) -> "tradovate.environment".equals(hint.path("name").asString("")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No hint for tradovate.environment"));
		Map<String, String> values = new LinkedHashMap<>();
		environmentHint.path("values")
			.values()
			.forEach((value) -> values.put(value.path("value").asString(""), value.path("description").asString("")));
		assertThat(values).containsOnlyKeys("live", "demo");
		assertThat(values.get("live")).contains("https://live.tradovateapi.com/v1");
		assertThat(values.get("demo")).contains("https://demo.tradovateapi.com/v1");
	}

	private String defaultOf(String name) {
		JsonNode defaultValue = this.properties.get(name).path("defaultValue");
		assertThat(defaultValue.isMissingNode()).as("default of %s", name).isFalse();
		return defaultValue.asString();
	}

	private String typeOf(String name) {
		return this.properties.get(name).path("type").asString("");
	}

	private static Map<String, JsonNode> byName(JsonNode nodes) {
		Map<String, JsonNode> byName = new LinkedHashMap<>();
		nodes.values().forEach((node) -> byName.put(node.path("name").asString(""), node));
		return byName;
	}

	private static JsonNode readMetadata() {
		JsonMapper mapper = JsonMapper.builder().build();
		List<JsonNode> found = new ArrayList<>();
		try {
			for (URL url : Collections.list(TradovateAuthPropertiesMetadataTests.class.getClassLoader()
				.getResources("META-INF/spring-configuration-metadata.json"))) {
				try (InputStream stream = url.openStream()) {
					JsonNode metadata = mapper.readTree(stream);
					if (byName(metadata.path("groups")).containsKey("tradovate")) {
						found.add(metadata);
					}
				}
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not read the configuration metadata", ex);
		}
		assertThat(found).as("metadata that describes the tradovate group").hasSize(1);
		return found.get(0);
	}

}
