package io.github.futuresauth.tradovate.simulator;

/**
 * How the {@link TradovateSimulator} classified and answered a request, as recorded in its
 * {@link Journal}.
 */
public enum RequestKind {

	/**
	 * A login that succeeded and opened a session.
	 */
	LOGIN,

	/**
	 * A login that was answered with an {@code errorText}, for example a wrong password, or
	 * that could not be read at all.
	 */
	LOGIN_REJECTED,

	/**
	 * A login that was answered with a time penalty ({@code p-ticket} and {@code p-time}).
	 */
	LOGIN_PENALIZED,

	/**
	 * A login that was answered with a penalty that requires a captcha.
	 */
	LOGIN_CAPTCHA,

	/**
	 * A renewal that issued a new access token.
	 */
	RENEWAL,

	/**
	 * A renewal that was refused with 401 because its token was missing, unknown, expired or
	 * belonged to a closed session.
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
	 * A request to a bearer-protected endpoint other than renewal that was refused with 401.
	 */
	UNAUTHORIZED,

	/**
	 * A request for which the simulator has no endpoint (404).
	 */
	NOT_FOUND,

	/**
	 * A request that was answered by an injected fault (an error status or a dropped
	 * connection) instead of the endpoint, or, with 500, one the simulator failed to answer.
	 */
	FAULT

}
