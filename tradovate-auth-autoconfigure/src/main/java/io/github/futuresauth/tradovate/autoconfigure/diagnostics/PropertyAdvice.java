package io.github.futuresauth.tradovate.autoconfigure.diagnostics;

import java.time.Duration;

import io.github.futuresauth.tradovate.autoconfigure.TradovatePropertyError;
import org.jspecify.annotations.Nullable;

import org.springframework.validation.FieldError;

/**
 * What to do about a {@code tradovate.*} property that {@code TradovateAuthProperties}
 * found wrong, from the error's field, {@link TradovatePropertyError kind} and arguments.
 */
final class PropertyAdvice {

	private PropertyAdvice() {
	}

	/**
	 * Return the name of the property that an error is about.
	 * @param error the error, such as one on field {@code retry.maxDelay} of object
	 * {@code tradovate}
	 * @return the property, such as {@code tradovate.retry.max-delay}
	 */
	static String property(FieldError error) {
		StringBuilder property = new StringBuilder(error.getObjectName()).append('.');
		for (char c : error.getField().toCharArray()) {
			if (c == '[') {
				property.append('.');
			}
			else if (c == ']') {
				continue;
			}
			else if (Character.isUpperCase(c)) {
				property.append('-').append(Character.toLowerCase(c));
			}
			else {
				property.append(c);
			}
		}
		return property.toString();
	}

	/**
	 * Return what to change to correct an error.
	 * @param error the error
	 * @return the advice, starting with a verb
	 */
	static String action(FieldError error) {
		String property = property(error);
		TradovatePropertyError kind = TradovatePropertyError.of(error);
		Object[] arguments = (error.getArguments() != null) ? error.getArguments() : new Object[0];
		if (kind == null) {
			return "Correct " + property;
		}
		return switch (kind) {
			case REQUIRED -> "Set " + property + ", for example in application.properties or as the environment "
					+ "variable " + FailureMessages.environmentVariable(property);
			case TOO_LONG -> "Shorten " + property + " to at most " + argument(arguments, 0)
					+ " characters, the most that Tradovate accepts; check that it holds the intended value";
			case UNRESOLVED_PLACEHOLDER -> "Set the environment variable " + argument(arguments, 1)
					+ " where the application runs, or give " + property + " its value in another way. Never let "
					+ "the application send the text of a placeholder to Tradovate as a credential: every refused "
					+ "login counts towards a lock-out";
			case INCOMPLETE_API_KEY -> "Set " + property + " to go with " + argument(arguments, 0)
					+ ", or remove both to log in with the name and password alone";
			case API_KEY_WITHOUT_APP -> "Set " + property + " to the value registered with the API key in Tradovate's"
					+ " API access settings, or remove " + argument(arguments, 0) + " to log in with the name and"
					+ " password alone";
			case UNSAFE_BASE_URL -> "Set " + property + " to an https URL without user information, such as "
					+ "https://demo.tradovateapi.com/v1, or remove it and choose the Tradovate environment with "
					+ "tradovate.environment (live or demo). Plain http is accepted only to localhost, 127.0.0.1 "
					+ "or [::1]";
			case NOT_POSITIVE -> "Set " + property + " to a positive duration, such as "
					+ format(argument(arguments, 0)) + " (the default, used when the property is not set)";
			case NEGATIVE -> "Set " + property + " to "
					+ ((argument(arguments, 0) instanceof Duration) ? "zero or a positive duration" : "zero or more")
					+ ", or remove it to use the default, " + format(argument(arguments, 0));
			case LESS_THAN_ONE ->
				"Set " + property + " to 1 or more, or remove it to use the default, " + format(argument(arguments, 0));
			case SHORTER_THAN_DELAY -> "Set " + property + " to a positive duration that is not shorter than "
					+ "tradovate.retry.delay, or remove both to use the defaults, " + format(argument(arguments, 0))
					+ " and " + format(argument(arguments, 1));
			case DUPLICATE_USER -> "Set each Tradovate user once: remove " + property + " or the properties at "
					+ argument(arguments, 0) + ", or give them another key";
			case OUT_OF_RANGE ->
				"Set " + property + " to a number from " + argument(arguments, 0) + " to " + argument(arguments, 1)
						+ ", or remove it to use Tradovate's published limit, " + argument(arguments, 1)
						+ ((property.endsWith("-per-hour")) ? ". Above it only with limits that Tradovate granted to"
								+ " this network address, and tradovate.limits.granted=true" : "");
		};
	}

	private static @Nullable Object argument(Object[] arguments, int index) {
		return (index < arguments.length) ? arguments[index] : null;
	}

	private static String format(@Nullable Object value) {
		return (value instanceof Duration duration) ? FailureMessages.format(duration) : String.valueOf(value);
	}

}
