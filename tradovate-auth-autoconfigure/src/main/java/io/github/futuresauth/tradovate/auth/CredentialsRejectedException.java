package io.github.futuresauth.tradovate.auth;

/**
 * Thrown when Tradovate refuses a login with an {@code errorText}, most often because the
 * name, password, application id or secret is wrong. Sending the same credentials again
 * cannot help and brings the account closer to a lock-out, so it is never retried.
 */
public class CredentialsRejectedException extends TradovateAuthException {

	private final String errorText;

	public CredentialsRejectedException(String name, String errorText) {
		super("Tradovate refused the login of user '" + name + "': " + errorText);
		this.errorText = errorText;
	}

	/**
	 * Return the reason that Tradovate gave.
	 * @return the {@code errorText} of the response
	 */
	public String getErrorText() {
		return this.errorText;
	}

}
