package io.github.futuresauth.tradovate.auth;

/**
 * Why logins to Tradovate are held.
 */
public enum HoldReason {

	/**
	 * Tradovate imposed a time penalty ({@code p-ticket}): the next login must carry the
	 * ticket, and may go out only once {@code p-time} has passed.
	 */
	PENALTY,

	/**
	 * Tradovate asks for a captcha, which only a person can solve: logins stay held until
	 * someone clears the hold, with a single probe about once an hour.
	 */
	CAPTCHA,

	/**
	 * Tradovate refused the credentials, or the user is not active: the hold grows with
	 * every refusal and ends early only for different credentials.
	 */
	REFUSED,

	/**
	 * Tradovate could not be reached or answered that it could not serve the login: held
	 * with back-off, for at least as long as it asked ({@code Retry-After}). Also a
	 * request that the ledger of the network address could not record, which is held for
	 * a few seconds rather than sent unrecorded.
	 */
	UNAVAILABLE,

	/**
	 * The published hourly limit of an endpoint has been reached: held until the oldest
	 * request counted leaves the hour.
	 */
	LIMIT,

	/**
	 * Tradovate answered {@code 429 Too Many Requests}: it stopped handling this user's
	 * requests for a period, which no client can shorten. Every request to
	 * {@code /auth/*} is held until {@code Retry-After}, or an hour, has passed, and none
	 * leads to a login.
	 */
	RATE_LIMITED,

	/**
	 * Sessions of this user keep being closed by another client soon after they open: the
	 * login that replaces the latest one waits, escalating from one minute up to 15.
	 */
	INTERVAL

}
