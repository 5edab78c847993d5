package io.github.futuresauth.tradovate.simulator;

/**
 * How the {@link TradovateSimulator} classified and answered a request, as recorded in
 * its {@link Journal}.
 */
public enum RequestKind {

	/**
	 * A login that succeeded and opened a session.
	 */
	LOGIN,

	/**
	 * A login that was answered with an {@code errorText}, for example a wrong password,
	 * or that could not be read at all.
	 */
	LOGIN_REJECTED,

	/**
	 * A login that was answered with a time penalty ({@code p-ticket} and
	 * {@code p-time}).
	 */
	LOGIN_PENALIZED,

	/**
	 * A login that was answered with a penalty that requires a captcha.
	 */
	LOGIN_CAPTCHA,

	/**
	 * A login that was answered with a time penalty because its caller exceeded the
	 * hourly limit of failed logins, or that came back too early or without the ticket of
	 * such a penalty.
	 */
	LOGIN_RATE_LIMITED,

	/**
	 * A login refused with 423, a reCAPTCHA lock-out, by
	 * {@link TradovateSimulator#lockOutLogins(java.time.Duration)} or
	 * {@link TradovateSimulator#lockOutNextLogins(int)}.
	 */
	LOGIN_LOCKED_OUT,

	/**
	 * A request of a user, a login for that user or a request with any of its access
	 * tokens, refused with 429 and an empty body while the user is
	 * {@link TradovateSimulator#rateLimitUser(String, java.time.Duration) rate limited}.
	 */
	USER_RATE_LIMITED,

	/**
	 * A renewal that issued a new access token.
	 */
	RENEWAL,

	/**
	 * A renewal that was refused with 401 because its token was missing, unknown, expired
	 * or belonged to a closed session.
	 */
	RENEWAL_REJECTED,

	/**
	 * A successful {@code /auth/me} request.
	 */
	ME,

	/**
	 * A successful request to one of the other bearer-protected endpoints.
	 */
	API,

	/**
	 * A request to a bearer-protected endpoint other than renewal that was refused with
	 * 401.
	 */
	UNAUTHORIZED,

	/**
	 * A request with a token of a closed session that was refused with the
	 * {@link TradovateSimulator#closedSessionStatus(int) closed-session status} other
	 * than 401.
	 */
	SESSION_CLOSED,

	/**
	 * A renewal or {@code /auth/me} request that was refused with 429 because its caller
	 * exceeded the endpoint's hourly limit.
	 */
	RATE_LIMITED,

	/**
	 * A request with a valid token to an endpoint that the user is not entitled to,
	 * refused with 401 as Tradovate does: {@link TradovateSimulator#NOT_ENTITLED_PATH}.
	 */
	NOT_ENTITLED,

	/**
	 * A {@code GET} of the {@link SimulatedOAuth OAuth authorize page} that showed the
	 * form where a user approves or denies the application.
	 */
	OAUTH_AUTHORIZE,

	/**
	 * A request to the OAuth authorize page answered with an error page (400) because its
	 * client or redirect URI is not registered or its form cannot be matched to a page
	 * shown to the same browser, or redirected back with an error such as
	 * {@code unsupported_response_type}.
	 */
	OAUTH_AUTHORIZE_REJECTED,

	/**
	 * A post of the OAuth authorize page's form to allow, with a wrong user name or
	 * password: the form is shown again.
	 */
	OAUTH_LOGIN_FAILED,

	/**
	 * An OAuth authorization that a user approved, redirected back to the application
	 * with a code.
	 */
	OAUTH_APPROVED,

	/**
	 * An OAuth authorization that a user denied, redirected back to the application with
	 * {@code error=access_denied}.
	 */
	OAUTH_DENIED,

	/**
	 * A code exchanged for an access token at {@code /auth/oauthtoken}.
	 */
	OAUTH_TOKEN,

	/**
	 * A refresh token exchanged for a new access token at {@code /auth/oauthtoken}.
	 */
	OAUTH_REFRESH,

	/**
	 * A request to {@code /auth/oauthtoken} answered with an {@code error}: a client that
	 * failed to authenticate, or a code or refresh token that is unknown, used, expired
	 * or not the client's.
	 */
	OAUTH_TOKEN_REJECTED,

	/**
	 * A request for which the simulator has no endpoint (404).
	 */
	NOT_FOUND,

	/**
	 * A request that was answered by an injected fault (an error status or a dropped
	 * connection) instead of the endpoint, or, with 500, one the simulator failed to
	 * answer.
	 */
	FAULT

}
