package io.github.futuresauth.tradovate.autoconfigure.actuate;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * A {@link SanitizingFunction} that hides {@code tradovate.password},
 * {@code tradovate.sec} (the API secret), the password and API secret of every user of
 * {@code tradovate.users}, whatever its key, the token encryption keys
 * {@code tradovate.fleet.encryption.keys.*} and the client secret of every OAuth client
 * registration ({@code spring.security.oauth2.client.registration.*.client-secret}) in
 * the {@code env} and {@code configprops} endpoints, also when they are set to show
 * values ({@code show-values=always}).
 * <p>
 * It recognizes the keys in the forms those endpoints use: {@code tradovate.password} in
 * a properties file, {@code TRADOVATE_PASSWORD} as an environment variable, and the
 * qualified bean property names of {@code configprops}. Other keys, such as
 * {@code other.sec} or {@code tradovate.name}, are left alone. It also hides the secrets
 * where they hide inside other values: the command line in {@code sun.java.command}
 * ({@code --tradovate.sec=...}) and the JSON of {@code SPRING_APPLICATION_JSON} or
 * {@code spring.application.json}, leaving the rest of those values readable.
 */
public class TradovateSanitizingFunction implements SanitizingFunction {

	private static final Set<String> SECRETS = Set.of("tradovate.password", "tradovate.sec");

	/**
	 * The password and API secret of each of {@code tradovate.users}, whatever its key: a
	 * key may hold dots ({@code tradovate.users[a.b].password} binds the key
	 * {@code a.b}), which the endpoints show as they are.
	 */
	private static final Pattern USER_SECRET = Pattern.compile("tradovate\\.users\\..+\\.(password|sec)");

	/** The client secret of every OAuth client registration, Tradovate's or another. */
	private static final Pattern CLIENT_SECRET = Pattern
		.compile("spring\\.security\\.oauth2\\.client\\.registration\\..+\\.clientsecret");

	private static final String COMMAND_LINE = "sun.java.command";

	private static final Set<String> APPLICATION_JSON = Set.of("spring.application.json", "spring_application_json");

	/**
	 * An argument such as {@code --tradovate.sec=value} or {@code -Dtradovate.sec=value}:
	 * its value runs to the next argument that starts with a dash, or to the end, because
	 * the command line shows arguments joined by spaces and a secret may contain one.
	 */
	private static final Pattern ARGUMENT = Pattern
		.compile("(?<=^|\\s)(--|-D)([A-Za-z0-9._\\-\\[\\]]+)=(.*?)(?=\\s-|$)");

	private static final JsonMapper jsonMapper = JsonMapper.builder().build();

	private static final String ENCRYPTION_KEYS = "tradovate.fleet.encryption.keys";

	@Override
	public SanitizableData apply(SanitizableData data) {
		if (isSecret(data.getKey())) {
			return data.withSanitizedValue();
		}
		if (data.getValue() instanceof String value) {
			String lowerCaseKey = data.getLowerCaseKey();
			if (COMMAND_LINE.equals(lowerCaseKey)) {
				return data.withValue(sanitizeCommandLine(value));
			}
			if (APPLICATION_JSON.contains(lowerCaseKey)) {
				return data.withValue(sanitizeJson(value));
			}
		}
		return data;
	}

	/**
	 * Return whether a key names one of the secret {@code tradovate.*} properties, in any
	 * of the forms that Spring Boot binds: dotted or underscored, any case, with or
	 * without dashes.
	 * @param key the key
	 * @return whether the value of the key must be hidden
	 */
	static boolean isSecret(String key) {
		String canonical = key.toLowerCase(Locale.ROOT)
			.replace("-", "")
			.replace('_', '.')
			.replace('[', '.')
			.replace("]", "");
		return SECRETS.contains(canonical) || USER_SECRET.matcher(canonical).matches()
				|| CLIENT_SECRET.matcher(canonical).matches() || canonical.equals(ENCRYPTION_KEYS)
				|| canonical.startsWith(ENCRYPTION_KEYS + ".");
	}

	private static String sanitizeCommandLine(String commandLine) {
		Matcher matcher = ARGUMENT.matcher(commandLine);
		StringBuilder result = new StringBuilder();
		while (matcher.find()) {
			String replacement = (isSecret(matcher.group(2)))
					? matcher.group(1) + matcher.group(2) + "=" + SanitizableData.SANITIZED_VALUE : matcher.group();
			matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
		}
		matcher.appendTail(result);
		return result.toString();
	}

	private static String sanitizeJson(String json) {
		try {
			JsonNode tree = jsonMapper.readTree(json);
			if (!(tree instanceof ObjectNode object)) {
				return json;
			}
			return (sanitize(object, "")) ? jsonMapper.writeValueAsString(object) : json;
		}
		catch (JacksonException ex) {
			// Not JSON that Spring Boot could read either; it might still hold a secret.
			return SanitizableData.SANITIZED_VALUE;
		}
	}

	private static boolean sanitize(ObjectNode object, String prefix) {
		boolean changed = false;
		for (Map.Entry<String, JsonNode> field : List.copyOf(object.properties())) {
			String path = prefix + field.getKey();
			if (field.getValue() instanceof ObjectNode nested) {
				changed |= sanitize(nested, path + ".");
			}
			else if (isSecret(path)) {
				object.put(field.getKey(), SanitizableData.SANITIZED_VALUE);
				changed = true;
			}
		}
		return changed;
	}

}
