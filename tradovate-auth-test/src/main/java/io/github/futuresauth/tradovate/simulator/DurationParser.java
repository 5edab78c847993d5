package io.github.futuresauth.tradovate.simulator;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads durations that people type: a whole number with a unit ({@code 500ms},
 * {@code 15s}, {@code 10m}, {@code 2h}, {@code 1d}) or ISO-8601 ({@code PT1H30M}), each
 * optionally negative. A number without a unit is refused, zero aside: {@code 120} next
 * to a default that reads {@code 90m} would leave the reader guessing which unit it is.
 */
final class DurationParser {

	private static final Pattern SIMPLE = Pattern.compile("(-?\\d+)(ms|s|m|h|d)?");

	private DurationParser() {
	}

	/**
	 * Read a duration.
	 * @param value the text
	 * @param name what the value is, for the error message
	 * @return the duration
	 * @throws IllegalArgumentException if the text is not a duration
	 */
	static Duration parse(String value, String name) {
		String text = value.trim().toLowerCase(Locale.ROOT);
		Matcher simple = SIMPLE.matcher(text);
		try {
			if (simple.matches()) {
				long amount = Long.parseLong(simple.group(1));
				String unit = simple.group(2);
				if (unit == null && amount != 0) {
					throw new IllegalArgumentException(name + " needs a unit, such as " + amount + "s or " + amount
							+ "m, but was '" + value + "'");
				}
				return switch ((unit != null) ? unit : "s") {
					case "ms" -> Duration.ofMillis(amount);
					case "m" -> Duration.ofMinutes(amount);
					case "h" -> Duration.ofHours(amount);
					case "d" -> Duration.ofDays(amount);
					default -> Duration.ofSeconds(amount);
				};
			}
			return Duration.parse(value.trim());
		}
		catch (NumberFormatException | DateTimeParseException | ArithmeticException ex) {
			throw new IllegalArgumentException(name + " must be a duration with a unit, such as 500ms, 15s, 10m, 2h, 1d"
					+ " or PT1H30M, but was '" + value + "'");
		}
	}

}
