package io.github.futuresauth.tradovate.autoconfigure.diagnostics;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import io.github.futuresauth.tradovate.auth.TradovateEnvironment;

import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Wording shared by the failure analyzers.
 */
final class FailureMessages {

	/** The indentation Spring Boot uses for lists in failure reports. */
	static final String INDENT = "    ";

	private static final Pattern USER_INFO = Pattern.compile("(?i)(\\b[a-z][a-z0-9+.-]*://)[^/?#@\\s'\"]+@");

	private FailureMessages() {
	}

	/**
	 * Return the environment variable that sets a property, by Spring Boot's rules: upper
	 * case, dots replaced by underscores, dashes removed.
	 * @param property the property, such as {@code tradovate.app-id}
	 * @return the environment variable, such as {@code TRADOVATE_APPID}
	 */
	static String environmentVariable(String property) {
		return property.replace("-", "").replace('.', '_').toUpperCase(Locale.ROOT);
	}

	/**
	 * Hide the user information of any URL in a text, because it may hold a password.
	 * @param text the text
	 * @return the text, with {@code scheme://user:password@} shown as
	 * {@code scheme://******@}
	 */
	static String withoutUserInfo(String text) {
		return USER_INFO.matcher(text).replaceAll("$1******@");
	}

	/**
	 * Return the base URL that the application talks to, as configured in the
	 * environment.
	 * @param environment the environment
	 * @return the base URL, without user information
	 */
	static String baseUrl(Environment environment) {
		String baseUrl = environment.getProperty("tradovate.base-url");
		if (StringUtils.hasText(baseUrl)) {
			return withoutUserInfo(baseUrl.trim());
		}
		return tradovateEnvironment(environment).getBaseUrl().toString();
	}

	/**
	 * Return whether the base URL is the one of a Tradovate environment rather than one
	 * set with {@code tradovate.base-url}.
	 * @param environment the environment
	 * @return whether {@code tradovate.base-url} is not set
	 */
	static boolean usesNamedEnvironment(Environment environment) {
		return !StringUtils.hasText(environment.getProperty("tradovate.base-url"));
	}

	/**
	 * Return the Tradovate environment that the application uses, {@code demo} unless it
	 * says otherwise.
	 * @param environment the environment
	 * @return the Tradovate environment
	 */
	static TradovateEnvironment tradovateEnvironment(Environment environment) {
		String name = environment.getProperty("tradovate.environment");
		if (name != null) {
			for (TradovateEnvironment candidate : TradovateEnvironment.values()) {
				if (candidate.name().equalsIgnoreCase(name.trim())) {
					return candidate;
				}
			}
		}
		return TradovateEnvironment.DEMO;
	}

	/**
	 * Return whether the application logs in while it starts.
	 * @param environment the environment
	 * @return the value of {@code tradovate.login-at-startup}, {@code true} by default
	 */
	static boolean logsInAtStartup(Environment environment) {
		return !"false".equalsIgnoreCase(environment.getProperty("tradovate.login-at-startup", "true").trim());
	}

	/**
	 * Return whether any of the API key properties is set.
	 * @param environment the environment
	 * @return whether {@code tradovate.app-id}, {@code tradovate.cid} or
	 * {@code tradovate.sec} is set
	 */
	static boolean usesApiKey(Environment environment) {
		return List.of("tradovate.app-id", "tradovate.cid", "tradovate.sec")
			.stream()
			.anyMatch((property) -> StringUtils.hasText(environment.getProperty(property)));
	}

	/**
	 * Write a duration as it is best written in a property file.
	 * @param duration the duration
	 * @return the duration, such as {@code 15m} or {@code 500ms}
	 */
	static String format(Duration duration) {
		if (duration.isZero()) {
			return "0s";
		}
		if (duration.toMillis() % 1000 != 0) {
			return duration.toMillis() + "ms";
		}
		long seconds = duration.toSeconds();
		if (seconds % 3600 == 0) {
			return (seconds / 3600) + "h";
		}
		if (seconds % 60 == 0) {
			return (seconds / 60) + "m";
		}
		return seconds + "s";
	}

	/**
	 * Append lines as an indented list, after a blank line.
	 * @param builder where to append
	 * @param lines the lines
	 */
	static void appendList(StringBuilder builder, List<String> lines) {
		builder.append(System.lineSeparator());
		for (String line : lines) {
			builder.append(System.lineSeparator()).append(INDENT).append("- ").append(line);
		}
	}

	/**
	 * Return the advice to start without logging in, when the application logs in at
	 * startup.
	 * @param environment the environment
	 * @return the advice, starting with a space, or an empty string
	 */
	static String startWithoutLoggingIn(Environment environment) {
		if (!logsInAtStartup(environment)) {
			return "";
		}
		return " To start the application without logging in, set tradovate.login-at-startup=false: it then logs in"
				+ " at its first request to Tradovate.";
	}

}
