package io.github.futuresauth.tradovate.simulator;

/**
 * The fields of an {@code accesstokenrequest} body that the simulator looks at. Other
 * fields are accepted and ignored.
 *
 * @param name the user name, or {@code null}
 * @param password the password, or {@code null}
 * @param appId the application id, or {@code null}
 * @param appVersion the application version, or {@code null}
 * @param cid the client id of an API key, as text, or {@code null}
 * @param sec the API secret, or {@code null}
 * @param penaltyTicket the {@code p-ticket} of an earlier penalized login, or
 * {@code null}
 */
record LoginRequest(String name, String password, String appId, String appVersion, String cid, String sec,
		String penaltyTicket) {

	@Override
	public String toString() {
		return "LoginRequest[name=" + this.name + "]";
	}

}
