package io.github.futuresauth.tradovate.auth;

/**
 * Published when the access token was renewed, extending its session. Holders of the
 * previous token, such as a WebSocket, may want to switch to the new one.
 */
public class AccessTokenRenewedEvent extends AccessTokenEvent {

	private final AccessToken token;

	public AccessTokenRenewedEvent(TokenProvider source, AccessToken token) {
		super(source);
		this.token = token;
	}

	/**
	 * Return the renewed token.
	 * @return the token
	 */
	public AccessToken getToken() {
		return this.token;
	}

}
