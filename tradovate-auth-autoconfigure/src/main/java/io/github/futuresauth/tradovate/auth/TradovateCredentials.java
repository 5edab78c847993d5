package io.github.futuresauth.tradovate.auth;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What {@code /auth/accesstokenrequest} needs to log in: the user's name and password
 * and, for API keys, the application's id, version, device id, client id ({@code cid})
 * and secret ({@code sec}).
 * <p>
 * The length limits are the ones the API documents; values that break them are refused
 * here, before they reach Tradovate, because every rejected login counts towards a
 * lock-out. {@link #toString()} never shows the password or the secret.
 *
 * @param name the user name (required, at most 64 characters)
 * @param password the password (required, at most 512 characters)
 * @param appId the application id registered with the API key, or {@code null}
 * @param appVersion the application version, or {@code null}
 * @param deviceId an id for this installation, or {@code null}
 * @param cid the client id of the API key, or {@code null}
 * @param sec the API secret, or {@code null} (at most 8192 characters)
 */
public record TradovateCredentials(String name, String password, @Nullable String appId, @Nullable String appVersion,
		@Nullable String deviceId, @Nullable String cid, @Nullable String sec) {

	/** Longest user name the API accepts. */
	public static final int MAX_NAME_LENGTH = 64;

	/** Longest password the API accepts. */
	public static final int MAX_PASSWORD_LENGTH = 512;

	/**
	 * Longest {@code appId}, {@code appVersion}, {@code deviceId} and {@code cid} the API
	 * accepts.
	 */
	public static final int MAX_ID_LENGTH = 64;

	/** Longest API secret the API accepts. */
	public static final int MAX_SEC_LENGTH = 8192;

	/**
	 * Create credentials, checking them against the API's documented limits.
	 * @throws IllegalArgumentException naming the field to fix (never its value)
	 */
	public TradovateCredentials {
		List<String> problems = problems(name, password, appId, appVersion, deviceId, cid, sec);
		if (!problems.isEmpty()) {
			throw new IllegalArgumentException("Invalid Tradovate credentials: " + String.join("; ", problems));
		}
	}

	/**
	 * Create credentials with a user name and password only.
	 * @param name the user name
	 * @param password the password
	 * @return the credentials
	 */
	public static TradovateCredentials of(String name, String password) {
		return new TradovateCredentials(name, password, null, null, null, null, null);
	}

	/**
	 * Describe what is wrong with the given values, one entry per field, naming the field
	 * but never showing a value. Used both here and where configuration is validated, so
	 * that the two never disagree.
	 * @return the problems, empty when the values are valid
	 */
	public static List<String> problems(@Nullable String name, @Nullable String password, @Nullable String appId,
			@Nullable String appVersion, @Nullable String deviceId, @Nullable String cid, @Nullable String sec) {
		List<String> problems = new ArrayList<>();
		required(problems, "name", name, MAX_NAME_LENGTH);
		required(problems, "password", password, MAX_PASSWORD_LENGTH);
		optional(problems, "app-id", appId, MAX_ID_LENGTH);
		optional(problems, "app-version", appVersion, MAX_ID_LENGTH);
		optional(problems, "device-id", deviceId, MAX_ID_LENGTH);
		optional(problems, "cid", cid, MAX_ID_LENGTH);
		optional(problems, "sec", sec, MAX_SEC_LENGTH);
		return problems;
	}

	private static void required(List<String> problems, String field, @Nullable String value, int maxLength) {
		if (value == null || value.isBlank()) {
			problems.add(field + " is required");
		}
		else {
			optional(problems, field, value, maxLength);
		}
	}

	private static void optional(List<String> problems, String field, @Nullable String value, int maxLength) {
		if (value != null && value.length() > maxLength) {
			problems.add(field + " must be at most " + maxLength + " characters long, but has " + value.length());
		}
	}

	@Override
	public String toString() {
		return "TradovateCredentials[name=" + this.name + ", password=******, appId=" + this.appId + ", appVersion="
				+ this.appVersion + ", deviceId=" + this.deviceId + ", cid=" + this.cid + ", sec="
				+ ((this.sec != null) ? "******" : null) + "]";
	}

}
