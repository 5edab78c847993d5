package io.github.futuresauth.tradovate.auth;

/**
 * Published when a login or renewal failed, after any retries.
 */
public class AccessTokenFailedEvent extends AccessTokenEvent {

	private final Operation operation;

	private final TradovateAuthException exception;

	public AccessTokenFailedEvent(TokenProvider source, Operation operation, TradovateAuthException exception) {
		super(source);
		this.operation = operation;
		this.exception = exception;
	}

	/**
	 * Return what failed.
	 * @return the operation
	 */
	public Operation getOperation() {
		return this.operation;
	}

	/**
	 * Return why it failed.
	 * @return the exception
	 */
	public TradovateAuthException getException() {
		return this.exception;
	}

	/**
	 * What the provider was doing when it failed.
	 */
	public enum Operation {

		/** Logging in for a new token. */
		LOGIN,

		/** Renewing the current token. */
		RENEWAL

	}

}
