package io.github.futuresauth.tradovate.autoconfigure;

import java.util.List;
import java.util.Objects;

import org.springframework.validation.FieldError;

/**
 * Thrown when the {@code tradovate.*} properties do not describe credentials that
 * Tradovate could accept: a required property is missing, or a value is longer than the
 * API allows. The message names the properties, never their values.
 */
public class InvalidTradovateCredentialsException extends RuntimeException {

	private final List<FieldError> errors;

	/**
	 * Create an exception for the given errors.
	 * @param errors what is wrong, one error per property, each with a
	 * {@link TradovatePropertyError} as its code and a message that names the property
	 */
	public InvalidTradovateCredentialsException(List<FieldError> errors) {
		super("Cannot log in to Tradovate: " + String.join("; ", messages(errors))
				+ ". Set the credentials as tradovate.* properties, for example in application.yml or as the "
				+ "environment variables TRADOVATE_NAME and TRADOVATE_PASSWORD.");
		this.errors = List.copyOf(errors);
	}

	/**
	 * Return what is wrong, one error per property.
	 * @return the errors
	 */
	public List<FieldError> getErrors() {
		return this.errors;
	}

	/**
	 * Return what is wrong, one message per property.
	 * @return the messages
	 */
	public List<String> getProblems() {
		return messages(this.errors);
	}

	private static List<String> messages(List<FieldError> errors) {
		return errors.stream().map((error) -> Objects.toString(error.getDefaultMessage(), error.getField())).toList();
	}

}
