package io.github.futuresauth.tradovate.autoconfigure;

import io.github.futuresauth.tradovate.auth.CaptchaRequiredException;
import io.github.futuresauth.tradovate.auth.CredentialsRejectedException;
import io.github.futuresauth.tradovate.auth.TimePenaltyException;
import io.github.futuresauth.tradovate.auth.TokenRejectedException;
import io.github.futuresauth.tradovate.auth.TradovateUnavailableException;
import io.github.futuresauth.tradovate.auth.UserNotActiveException;
import org.jspecify.annotations.Nullable;

/**
 * Why a login or renewal failed, shared by the health indicator's {@code cause} detail
 * and the {@code cause} tag of the {@code tradovate.auth.failures} meter, which show its
 * {@link #getCode() code}.
 */
public enum TradovateFailureCause {

	/** Tradovate refused the name, password, application id or secret. */
	CREDENTIALS_REJECTED("credentials_rejected"),

	/** Tradovate requires a captcha, which no API client can solve. */
	CAPTCHA("captcha"),

	/** Tradovate imposed a time penalty on a login. */
	PENALTY("penalty"),

	/** The user's status is not {@code Active}. */
	USER_NOT_ACTIVE("user_not_active"),

	/** Tradovate no longer accepts the token. */
	TOKEN_REJECTED("token_rejected"),

	/** Tradovate could not be reached or cannot serve the request now. */
	UNAVAILABLE("unavailable"),

	/** Any other failure. */
	OTHER("other");

	private final String code;

	TradovateFailureCause(String code) {
		this.code = code;
	}

	/**
	 * Return the code of this cause, as health details and metric tags show it.
	 * @return the code, such as {@code credentials_rejected}
	 */
	public String getCode() {
		return this.code;
	}

	/**
	 * Return the cause of a failure.
	 * @param failure the failure, such as the exception of an
	 * {@code AccessTokenFailedEvent}
	 * @return the cause, {@link #OTHER} when the failure is none of the known kinds
	 */
	public static TradovateFailureCause of(@Nullable Throwable failure) {
		if (failure instanceof CredentialsRejectedException) {
			return CREDENTIALS_REJECTED;
		}
		if (failure instanceof CaptchaRequiredException) {
			return CAPTCHA;
		}
		if (failure instanceof TimePenaltyException) {
			return PENALTY;
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
