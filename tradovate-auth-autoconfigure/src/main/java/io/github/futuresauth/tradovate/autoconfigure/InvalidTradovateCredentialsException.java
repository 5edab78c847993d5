package io.github.futuresauth.tradovate.autoconfigure;

import java.util.List;

/**
 * Thrown when the {@code tradovate.*} properties do not describe credentials that Tradovate
 * could accept: a required property is missing, or a value is longer than the API allows. The
 * message names the properties, never their values.
 */
public class InvalidTradovateCredentialsException extends RuntimeException {

	private final List<String> problems;

	public InvalidTradovateCredentialsException(List<String> problems) {
		super("Cannot log in to Tradovate: " + String.join("; ", problems)
				+ ". Set the credentials as tradovate.* properties, for example in application.yml or as the "
				+ "environment variables TRADOVATE_NAME and TRADOVATE_PASSWORD.");
		this.problems = List.copyOf(problems);
	}

	/**
	 * Return what is wrong, one entry per property.
	 * @return the problems
	 */
	public List<String> getProblems() {
		return this.problems;
	}

}
