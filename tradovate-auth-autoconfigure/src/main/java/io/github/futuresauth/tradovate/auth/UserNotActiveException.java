package io.github.futuresauth.tradovate.auth;

/**
 * Thrown when a login succeeds but the user's status is not {@code Active} (for example
 * {@code TemporaryLocked} or {@code UnconfirmedEmail}), so that the token would not be of
 * use.
 */
public class UserNotActiveException extends TradovateAuthException {

	private final String userStatus;

	public UserNotActiveException(String name, String userStatus) {
		super("Tradovate user '" + name + "' has status '" + userStatus
				+ "', not 'Active'; resolve it on the Tradovate web site");
		this.userStatus = userStatus;
	}

	/**
	 * Return the status that Tradovate reported.
	 * @return the {@code userStatus} of the response
	 */
	public String getUserStatus() {
		return this.userStatus;
	}

}
