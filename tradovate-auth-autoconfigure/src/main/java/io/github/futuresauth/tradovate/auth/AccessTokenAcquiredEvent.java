package io.github.futuresauth.tradovate.auth;

/**
 * Published when a login produced a new access token, opening a new session.
 */
public class AccessTokenAcquiredEvent extends AccessTokenEvent {

	private final AccessToken token;

	public AccessTokenAcquiredEvent(TokenProvider source, AccessToken token) {
		super(source);
		this.token = token;
	}

	/**
	 * Return the new token.
	 * @return the token
	 */
	public AccessToken getToken() {
		return this.token;
	}

}
