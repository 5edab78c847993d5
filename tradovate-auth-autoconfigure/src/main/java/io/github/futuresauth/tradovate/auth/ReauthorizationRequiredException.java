package io.github.futuresauth.tradovate.auth;

/**
 * Thrown when the token of a user who authorized the application through OAuth can be
 * neither renewed nor refreshed: only the user can restore it, by authorizing the
 * application again. Like refused credentials, it holds that user's logins alone, and
 * nothing is sent to Tradovate for it, so it counts against no limit.
 */
public class ReauthorizationRequiredException extends CredentialsRejectedException {

	public ReauthorizationRequiredException(String name, String reason) {
		super(name, reason + "; the user must authorize the application again");
	}

}
