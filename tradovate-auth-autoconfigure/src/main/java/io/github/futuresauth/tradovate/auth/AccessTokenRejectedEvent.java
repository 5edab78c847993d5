package io.github.futuresauth.tradovate.auth;

/**
 * Published when a token is reported as rejected by Tradovate through
 * {@link TokenProvider#invalidate(AccessToken)}, once per token.
 */
public class AccessTokenRejectedEvent extends AccessTokenEvent {

	private final AccessToken token;

	public AccessTokenRejectedEvent(TokenProvider source, AccessToken token) {
		super(source);
		this.token = token;
	}

	/**
	 * Return the rejected token.
	 * @return the token
	 */
	public AccessToken getToken() {
		return this.token;
	}

}
