package io.github.futuresauth.tradovate.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;

/**
 * The {@code tradovate.*} properties that the application's
 * {@code @ConfigurationProperties} classes bind, as the configuration metadata processor
 * recorded them in every {@code META-INF/spring-configuration-metadata.json} on the class
 * path: so a group that a module adds, such as {@code tradovate.websocket.*}, is known as
 * soon as it is on the class path.
 */
final class KnownTradovateProperties {

	private static final String METADATA = "META-INF/spring-configuration-metadata.json";

	static final ConfigurationPropertyName PREFIX = ConfigurationPropertyName.of("tradovate");

	private static final ConfigurationPropertyName USERS = ConfigurationPropertyName.of("tradovate.users");

	/** The properties that each of {@code tradovate.users.<key>} takes. */
	private static final List<String> USER_PROPERTIES = List.of("name", "password", "app-id", "app-version",
			"device-id", "cid", "sec", "environment", "base-url");

	/**
	 * Names that people write for a property, by the last element of the property they
	 * mean.
	 */
	private static final Map<String, String> SYNONYMS = synonyms();

	/**
	 * The known properties, each with whether it takes keys below it (maps, lists,
	 * arrays).
	 */
	private final Map<ConfigurationPropertyName, Boolean> properties;

	private KnownTradovateProperties(Map<ConfigurationPropertyName, Boolean> properties) {
		this.properties = properties;
	}

	/**
	 * Read the known properties from the metadata that the class loader sees.
	 * @param classLoader the class loader
	 * @return the known properties, empty when no metadata describes any
	 */
	static KnownTradovateProperties load(@Nullable ClassLoader classLoader) {
		JsonMapper mapper = JsonMapper.builder().build();
		Map<ConfigurationPropertyName, Boolean> properties = new LinkedHashMap<>();
		try {
			ClassLoader loader = (classLoader != null) ? classLoader : KnownTradovateProperties.class.getClassLoader();
			for (URL url : Collections.list(loader.getResources(METADATA))) {
				try (InputStream stream = url.openStream()) {
					for (JsonNode property : mapper.readTree(stream).path("properties").values()) {
						ConfigurationPropertyName name = ConfigurationPropertyName
							.ofIfValid(property.path("name").asString(""));
						if (name != null && PREFIX.isAncestorOf(name)) {
							properties.put(name, takesKeys(property.path("type").asString("")));
						}
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read the configuration metadata", ex);
		}
		return new KnownTradovateProperties(properties);
	}

	/**
	 * Return whether any property is known, which is not the case when the metadata is
	 * missing, for example from a jar that was repackaged without it.
	 * @return whether any property is known
	 */
	boolean isEmpty() {
		return this.properties.isEmpty();
	}

	/**
	 * Return whether a property that is set is one that is bound.
	 * @param name the property
	 * @return whether it is known
	 */
	boolean isKnown(ConfigurationPropertyName name) {
		if (USERS.isAncestorOf(name)) {
			return name.getNumberOfElements() == USERS.getNumberOfElements() + 2
					&& USER_PROPERTIES.contains(name.getLastElement(ConfigurationPropertyName.Form.DASHED));
		}
		for (Map.Entry<ConfigurationPropertyName, Boolean> known : this.properties.entrySet()) {
			if (known.getKey().equals(name) || (known.getValue() && known.getKey().isAncestorOf(name))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Return the known property that was probably meant by an unknown one: a known
	 * synonym, or the one whose name is nearest, if it is near enough.
	 * @param name the unknown property
	 * @return the suggestion, or {@code null}
	 */
	@Nullable String suggest(ConfigurationPropertyName name) {
		if (USERS.isAncestorOf(name)) {
			return suggestForUser(name);
		}
		String synonym = SYNONYMS.get(name.getLastElement(ConfigurationPropertyName.Form.DASHED));
		if (synonym != null && !name.getParent().isEmpty()) {
			ConfigurationPropertyName candidate = name.getParent().append(synonym);
			if (this.properties.containsKey(candidate)) {
				return candidate.toString();
			}
		}
		String written = name.toString();
		return this.properties.keySet()
			.stream()
			.map(ConfigurationPropertyName::toString)
			.min(Comparator.<String>comparingInt((known) -> distance(written, known))
				.thenComparing(
						Comparator.<String>comparingInt((known) -> commonPrefixLength(written, known)).reversed()))
			.filter((known) -> distance(written, known) <= Math.max(2, lastElementLength(known) / 3))
			.orElse(null);
	}

	private static @Nullable String suggestForUser(ConfigurationPropertyName name) {
		if (name.getNumberOfElements() < USERS.getNumberOfElements() + 2) {
			return null;
		}
		ConfigurationPropertyName user = name.chop(USERS.getNumberOfElements() + 1);
		String written = name.getLastElement(ConfigurationPropertyName.Form.DASHED);
		String synonym = SYNONYMS.get(written);
		if (synonym != null && USER_PROPERTIES.contains(synonym)) {
			return user.append(synonym).toString();
		}
		return USER_PROPERTIES.stream()
			.min(Comparator.comparingInt((known) -> distance(written, known)))
			.filter((known) -> distance(written, known) <= Math.max(2, known.length() / 3))
			.map((known) -> user.append(known).toString())
			.orElse(null);
	}

	private static boolean takesKeys(String type) {
		return type.startsWith("java.util.Map") || type.startsWith("java.util.List") || type.startsWith("java.util.Set")
				|| type.startsWith("java.util.Collection") || type.endsWith("[]");
	}

	private static int lastElementLength(String property) {
		return property.length() - property.lastIndexOf('.') - 1;
	}

	private static int commonPrefixLength(String a, String b) {
		int length = 0;
		while (length < a.length() && length < b.length() && a.charAt(length) == b.charAt(length)) {
			length++;
		}
		return length;
	}

	private static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

	private static Map<String, String> synonyms() {
		Map<String, String> synonyms = new LinkedHashMap<>();
		for (String secret : List.of("secret", "app-secret", "api-secret", "client-secret", "api-key-secret",
				"appsecret", "apisecret", "key-secret")) {
			synonyms.put(secret, "sec");
		}
		for (String clientId : List.of("client-id", "clientid", "api-key", "apikey", "key-id")) {
			synonyms.put(clientId, "cid");
		}
		for (String user : List.of("user", "username", "user-name", "login")) {
			synonyms.put(user, "name");
		}
		for (String password : List.of("pass", "passwd", "pwd", "pass-word")) {
			synonyms.put(password, "password");
		}
		for (String url : List.of("url", "uri", "base-uri", "baseurl", "host", "endpoint", "api-url")) {
			synonyms.put(url, "base-url");
		}
		for (String environment : List.of("env", "mode", "server")) {
			synonyms.put(environment, "environment");
		}
		synonyms.put("application-id", "app-id");
		synonyms.put("application-version", "app-version");
		synonyms.put("device", "device-id");
		return Collections.unmodifiableMap(synonyms);
	}

}
