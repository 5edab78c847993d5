package io.github.futuresauth.tradovate.simulator;

/**
 * The API key of a simulated user: the four fields that Tradovate checks, besides name
 * and password, when a user logs in with an API key. A login for a user with an API key
 * must carry all four, each equal to the registered value.
 *
 * @param appId the application id ({@code appId})
 * @param appVersion the application version ({@code appVersion})
 * @param cid the client id of the key ({@code cid}), as text; a login may send it as a
 * number
 * @param sec the key's secret ({@code sec})
 */
public record ApiKey(String appId, String appVersion, String cid, String sec) {

	/**
	 * The application id of the {@link #DEFAULT default key}.
	 */
	public static final String DEFAULT_APP_ID = "tradovate-auth-test";

	/**
	 * The application version of the {@link #DEFAULT default key}.
	 */
	public static final String DEFAULT_APP_VERSION = "1.0";

	/**
	 * The client id of the {@link #DEFAULT default key}.
	 */
	public static final String DEFAULT_CID = "8";

	/**
	 * The secret of the {@link #DEFAULT default key}.
	 */
	public static final String DEFAULT_SEC = "simulated-api-secret";

	/**
	 * The key that test contexts and the standalone simulator give their user unless told
	 * otherwise.
	 */
	public static final ApiKey DEFAULT = new ApiKey(DEFAULT_APP_ID, DEFAULT_APP_VERSION, DEFAULT_CID, DEFAULT_SEC);

	/**
	 * Create an API key.
	 * @param appId the application id
	 * @param appVersion the application version
	 * @param cid the client id
	 * @param sec the secret
	 * @throws IllegalArgumentException if a field is blank
	 */
	public ApiKey {
		requireText(appId, "appId");
		requireText(appVersion, "appVersion");
		requireText(cid, "cid");
		requireText(sec, "sec");
		cid = cid.trim();
	}

	private static void requireText(String value, String name) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException("'" + name + "' of an API key must not be blank");
		}
	}

	/**
	 * Return whether a login carries this key: all four fields present and equal.
	 * @param request the login
	 * @return whether the key matches
	 */
	boolean matches(LoginRequest request) {
		return this.appId.equals(request.appId()) && this.appVersion.equals(request.appVersion())
				&& request.cid() != null && this.cid.equals(request.cid().trim())
				&& Secrets.equal(this.sec, request.sec());
	}

	@Override
	public String toString() {
		// Never the secret, not even in a failing assertion.
		return "ApiKey[appId=" + this.appId + ", appVersion=" + this.appVersion + ", cid=" + this.cid + "]";
	}

}
