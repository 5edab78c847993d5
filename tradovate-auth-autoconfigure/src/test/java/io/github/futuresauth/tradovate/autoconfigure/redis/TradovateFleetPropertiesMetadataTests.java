package io.github.futuresauth.tradovate.autoconfigure.redis;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the configuration metadata of {@link TradovateFleetProperties} that the
 * annotation processor generates.
 */
class TradovateFleetPropertiesMetadataTests {

	private final Map<String, JsonNode> properties = readProperties();

	@Test
	void describesEveryFleetProperty() {
		assertThat(this.properties).containsKeys("tradovate.fleet.enabled", "tradovate.fleet.key-prefix",
				"tradovate.fleet.lease-time", "tradovate.fleet.poll-interval", "tradovate.fleet.command-timeout",
				"tradovate.fleet.encryption.key-id", "tradovate.fleet.encryption.keys");
		this.properties.forEach(
				(name, property) -> assertThat(property.path("description").asString("")).as("description of %s", name)
					.isNotBlank());
	}

	@Test
	void recordsDefaultsAndTypes() {
		assertThat(this.properties.get("tradovate.fleet.enabled").path("defaultValue").asBoolean(true)).isFalse();
		assertThat(this.properties.get("tradovate.fleet.key-prefix").path("defaultValue").asString())
			.isEqualTo("tradovate");
		assertThat(this.properties.get("tradovate.fleet.poll-interval").path("defaultValue").asString())
			.isEqualTo("1s");
		assertThat(this.properties.get("tradovate.fleet.command-timeout").path("defaultValue").asString())
			.isEqualTo("2s");
		assertThat(this.properties.get("tradovate.fleet.lease-time").path("defaultValue").asString()).isEqualTo("2m");
		for (String name : List.of("tradovate.fleet.lease-time", "tradovate.fleet.poll-interval",
				"tradovate.fleet.command-timeout")) {
			assertThat(this.properties.get(name).path("type").asString("")).as("type of %s", name)
				.isEqualTo("java.time.Duration");
		}
	}

	private static Map<String, JsonNode> readProperties() {
		JsonMapper mapper = JsonMapper.builder().build();
		Map<String, JsonNode> properties = new LinkedHashMap<>();
		try {
			for (URL url : Collections.list(TradovateFleetPropertiesMetadataTests.class.getClassLoader()
				.getResources("META-INF/spring-configuration-metadata.json"))) {
				try (InputStream stream = url.openStream()) {
					mapper.readTree(stream).path("properties").values().forEach((property) -> {
						String name = property.path("name").asString("");
						if (name.startsWith("tradovate.fleet.")) {
							properties.put(name, property);
						}
					});
				}
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return properties;
	}

}
