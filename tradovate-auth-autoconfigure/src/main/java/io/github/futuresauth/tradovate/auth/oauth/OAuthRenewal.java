package io.github.futuresauth.tradovate.auth.oauth;

/**
 * How the token of a user who authorized the application through OAuth was last kept
 * alive. Tradovate does not document whether {@code /auth/renewaccesstoken} accepts OAuth
 * tokens, nor whether its token endpoint returns a refresh token, so each is tried in
 * turn and the one that worked is reported.
 */
public enum OAuthRenewal {

	/** Not renewed yet. */
	NONE,

	/** {@code /auth/renewaccesstoken} renewed the token. */
	RENEW,

	/** The refresh-token grant of {@code /auth/oauthtoken} replaced the token. */
	REFRESH,

	/** Neither worked: the user must authorize the application again. */
	REAUTHORIZE

}
