package io.github.futuresauth.tradovate.simulator;

import java.time.Instant;

/**
 * A user that the simulator accepts, with the identifiers it reports for that user.
 *
 * @param name the user name
 * @param password the password
 * @param appId the application id a login must carry, or {@code null} to accept any
 * @param sec the API secret a login must carry, or {@code null} to accept any
 * @param apiKey the API key whose four fields a login must carry, or {@code null} to
 * check only {@code appId} and {@code sec}, as far as they are given
 * @param userId the user's id
 * @param accountId the id of the user's single account
 * @param createdAt when the user and its account were created, for {@code timestamp}
 * fields
 */
record SimulatedUser(String name, String password, String appId, String sec, ApiKey apiKey, long userId, long accountId,
		Instant createdAt) {

	@Override
	public String toString() {
		// Never print the password or the secret, not even in a failing assertion.
		return "SimulatedUser[name=" + this.name + ", userId=" + this.userId + "]";
	}

}
