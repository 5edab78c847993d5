package io.github.futuresauth.tradovate.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.validation.FieldError;

/**
 * What is wrong with a {@code tradovate.*} property: the error code of the
 * {@link FieldError FieldErrors} that {@link TradovateAuthProperties} reports, whose
 * arguments carry the limit or default that the failure analyzers put into their advice.
 */
public enum TradovatePropertyError {

	/**
	 * A required property is not set.
	 */
	REQUIRED,

	/**
	 * A value is longer than Tradovate accepts. Arguments: the longest length, the actual
	 * length.
	 */
	TOO_LONG,

	/**
	 * A value is a placeholder that nothing resolved, such as
	 * {@code ${TRADOVATE_PASSWORD}} with no such environment variable. Arguments: the
	 * placeholder, the name it refers to.
	 */
	UNRESOLVED_PLACEHOLDER,

	/**
	 * One half of an API key is set without the other. Arguments: the property that is
	 * set.
	 */
	INCOMPLETE_API_KEY,

	/**
	 * An API key is set without the application it belongs to: Tradovate checks
	 * {@code appId} and {@code appVersion} with {@code cid} and {@code sec}. Arguments:
	 * the API key properties that are set.
	 */
	API_KEY_WITHOUT_APP,

	/**
	 * The base URL may not receive credentials. Arguments: none; the message says why.
	 */
	UNSAFE_BASE_URL,

	/**
	 * A duration is zero or negative. Arguments: the default.
	 */
	NOT_POSITIVE,

	/**
	 * A number or duration is negative. Arguments: the default.
	 */
	NEGATIVE,

	/**
	 * A multiplier is less than one. Arguments: the default.
	 */
	LESS_THAN_ONE,

	/**
	 * The longest retry delay is shorter than the first. Arguments: the defaults of both.
	 */
	SHORTER_THAN_DELAY,

	/**
	 * A number is outside the range allowed, such as a limit above Tradovate's published
	 * one. Arguments: the least and the most allowed.
	 */
	OUT_OF_RANGE,

	/**
	 * Two sets of properties log in as the same Tradovate user, or a user's key is taken.
	 * Arguments: the prefix of the other properties.
	 */
	DUPLICATE_USER;

	/**
	 * Return the kind of an error that {@link TradovateAuthProperties} reported.
	 * @param error the error
	 * @return the kind, or {@code null} when the error is of another origin
	 */
	public static @Nullable TradovatePropertyError of(FieldError error) {
		for (TradovatePropertyError candidate : values()) {
			if (candidate.name().equals(error.getCode())) {
				return candidate;
			}
		}
		return null;
	}

}
