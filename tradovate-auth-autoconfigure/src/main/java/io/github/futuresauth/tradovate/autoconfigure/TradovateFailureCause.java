package io.github.futuresauth.tradovate.autoconfigure;

import io.github.futuresauth.tradovate.auth.CaptchaRequiredException;
import io.github.futuresauth.tradovate.auth.CredentialsRejectedException;
import io.github.futuresauth.tradovate.auth.TokenRejectedException;
import io.github.futuresauth.tradovate.auth.TradovateUnavailableException;
import io.github.futuresauth.tradovate.auth.UserNotActiveException;
import org.jspecify.annotations.Nullable;

/**
 * Short codes for why a login or renewal failed, shared by the health indicator's
 * {@code cause} detail and the {@code cause} tag of the {@code tradovate.auth.failures} meter:
 * {@value #CREDENTIALS_REJECTED}, {@value #CAPTCHA}, {@value #USER_NOT_ACTIVE},
 * {@value #TOKEN_REJECTED}, {@value #UNAVAILABLE} or {@value #OTHER}.
 */
public final class TradovateFailureCause {

	/** Tradovate refused the name, password, application id or secret. */
	public static final String CREDENTIALS_REJECTED = "credentials_rejected";

	/** Tradovate requires a captcha, which no API client can solve. */
	public static final String CAPTCHA = "captcha";

	/** The user's status is not {@code Active}. */
	public static final String USER_NOT_ACTIVE = "user_not_active";

	/** Tradovate no longer accepts the token. */
	public static final String TOKEN_REJECTED = "token_rejected";

	/** Tradovate could not be reached or cannot serve the request now. */
	public static final String UNAVAILABLE = "unavailable";

	/** Any other failure. */
	public static final String OTHER = "other";

	private TradovateFailureCause() {
	}

	/**
	 * Return the code for a failure.
	 * @param failure the failure, such as the exception of an {@code AccessTokenFailedEvent}
	 * @return the code, {@value #OTHER} when the failure is none of the known kinds
	 */
	public static String of(@Nullable Throwable failure) {
		if (failure instanceof CredentialsRejectedException) {
			return CREDENTIALS_REJECTED;
		}
		if (failure instanceof CaptchaRequiredException) {
			return CAPTCHA;
		}
		if (failure instanceof UserNotActiveException) {
			return USER_NOT_ACTIVE;
		}
		if (failure instanceof TokenRejectedException) {
			return TOKEN_REJECTED;
		}
		if (failure instanceof TradovateUnavailableException) {
			return UNAVAILABLE;
		}
		return OTHER;
	}

}
