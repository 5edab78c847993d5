package io.github.futuresauth.tradovate.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.github.futuresauth.tradovate.auth.Hold;
import io.github.futuresauth.tradovate.auth.TokenStatus;

/**
 * The parts of a {@link TokenStatus} that the health indicator and the {@code tradovate}
 * endpoint both show, in one shape. Nothing in them is secret.
 */
public final class TokenStatusDetails {

	private TokenStatusDetails() {
	}

	/**
	 * Describe a hold on logins.
	 * @param hold the hold
	 * @return its {@code reason}, {@code until} and {@code message}
	 */
	public static Map<String, Object> hold(Hold hold) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("reason", hold.reason().name().toLowerCase(Locale.ROOT));
		details.put("until", hold.until().toString());
		details.put("message", hold.message());
		return details;
	}

	/**
	 * Describe the budget of requests to {@code /auth/*}: what each kind used in the last
	 * hour, and its limit.
	 * @param status the status
	 * @return {@code failedLogins}, {@code renewals} and {@code checks}, each with
	 * {@code used} and {@code limit}
	 */
	public static Map<String, Object> budget(TokenStatus status) {
		Map<String, Object> budget = new LinkedHashMap<>();
		budget.put("failedLogins", usage(status.failedLogins()));
		budget.put("renewals", usage(status.renewals()));
		budget.put("checks", usage(status.checks()));
		return budget;
	}

	private static Map<String, Integer> usage(TokenStatus.Usage usage) {
		Map<String, Integer> result = new LinkedHashMap<>();
		result.put("used", usage.used());
		result.put("limit", usage.limit());
		return result;
	}

}
