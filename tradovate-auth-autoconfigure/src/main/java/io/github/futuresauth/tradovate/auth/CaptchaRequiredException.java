package io.github.futuresauth.tradovate.auth;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when Tradovate answers a login with a time penalty that requires a captcha
 * ({@code p-captcha}). No API client can clear it: a person must log in on the Tradovate
 * web site from the same network, or wait about an hour. It is never retried, because
 * more logins only prolong it.
 */
public class CaptchaRequiredException extends TradovateAuthException {

	public CaptchaRequiredException(String name) {
		super("Tradovate requires a captcha before user '" + name + "' can log in again from this network, "
				+ "after too many logins; log in once on the Tradovate web site, or wait about an hour");
	}

	/**
	 * Create an exception for a lock-out that Tradovate answered with a status of its own
	 * ({@code 423}), rather than with a captcha penalty.
	 * @param message what happened and what to do
	 * @param cause the cause, or {@code null}
	 */
	public CaptchaRequiredException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
