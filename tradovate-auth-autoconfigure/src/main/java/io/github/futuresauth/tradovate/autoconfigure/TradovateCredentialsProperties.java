package io.github.futuresauth.tradovate.autoconfigure;

import io.github.futuresauth.tradovate.auth.TradovateCredentials;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;
import org.springframework.validation.Errors;

/**
 * The properties that one Tradovate user logs in with: the flat {@code tradovate.*} ones
 * of the default user, and those of each {@code tradovate.users.<key>.*}. Checks of them
 * name the property (with its user's key) and never show a secret.
 */
public abstract class TradovateCredentialsProperties {

	/**
	 * User name to log in with.
	 */
	private @Nullable String name;

	/**
	 * Password to log in with.
	 */
	private @Nullable String password;

	/**
	 * Application id registered with the API key. Required with cid and sec.
	 */
	private @Nullable String appId;

	/**
	 * Application version sent with the login. Required with cid and sec.
	 */
	private @Nullable String appVersion;

	/**
	 * Id of this installation, sent with the login.
	 */
	private @Nullable String deviceId;

	/**
	 * Client id (cid) of the API key.
	 */
	private @Nullable String cid;

	/**
	 * Secret (sec) of the API key.
	 */
	private @Nullable String sec;

	public @Nullable String getName() {
		return this.name;
	}

	public void setName(@Nullable String name) {
		this.name = name;
	}

	public @Nullable String getPassword() {
		return this.password;
	}

	public void setPassword(@Nullable String password) {
		this.password = password;
	}

	public @Nullable String getAppId() {
		return this.appId;
	}

	public void setAppId(@Nullable String appId) {
		this.appId = appId;
	}

	public @Nullable String getAppVersion() {
		return this.appVersion;
	}

	public void setAppVersion(@Nullable String appVersion) {
		this.appVersion = appVersion;
	}

	public @Nullable String getDeviceId() {
		return this.deviceId;
	}

	public void setDeviceId(@Nullable String deviceId) {
		this.deviceId = deviceId;
	}

	public @Nullable String getCid() {
		return this.cid;
	}

	public void setCid(@Nullable String cid) {
		this.cid = cid;
	}

	public @Nullable String getSec() {
		return this.sec;
	}

	public void setSec(@Nullable String sec) {
		this.sec = sec;
	}

	/**
	 * Return the credentials that these properties describe.
	 * @param prefix the prefix of the properties, such as {@code tradovate} or
	 * {@code tradovate.users.alice}, for the messages
	 * @return the credentials
	 * @throws InvalidTradovateCredentialsException naming the properties to set or fix
	 */
	TradovateCredentials determineCredentials(String prefix) {
		ConcealingBindingResult errors = new ConcealingBindingResult(this, prefix);
		required(errors, prefix, "name", this.name);
		required(errors, prefix, "password", this.password);
		checkCredentials(errors, prefix);
		if (errors.hasErrors()) {
			throw new InvalidTradovateCredentialsException(errors.getFieldErrors());
		}
		return new TradovateCredentials(this.name, this.password, this.appId, this.appVersion, this.deviceId, this.cid,
				this.sec);
	}

	/**
	 * Check the credentials that are set: unresolved placeholders, values longer than
	 * Tradovate accepts, half an API key, and an API key without the application id and
	 * version that Tradovate checks with it.
	 * @param errors where to report, at the path of these properties
	 * @param prefix the prefix of the properties, for the messages
	 */
	void checkCredentials(Errors errors, String prefix) {
		placeholder(errors, prefix, "name", this.name);
		placeholder(errors, prefix, "password", this.password);
		placeholder(errors, prefix, "appId", this.appId);
		placeholder(errors, prefix, "appVersion", this.appVersion);
		placeholder(errors, prefix, "deviceId", this.deviceId);
		placeholder(errors, prefix, "cid", this.cid);
		placeholder(errors, prefix, "sec", this.sec);
		maxLength(errors, prefix, "name", this.name, TradovateCredentials.MAX_NAME_LENGTH);
		maxLength(errors, prefix, "password", this.password, TradovateCredentials.MAX_PASSWORD_LENGTH);
		maxLength(errors, prefix, "appId", this.appId, TradovateCredentials.MAX_ID_LENGTH);
		maxLength(errors, prefix, "appVersion", this.appVersion, TradovateCredentials.MAX_ID_LENGTH);
		maxLength(errors, prefix, "deviceId", this.deviceId, TradovateCredentials.MAX_ID_LENGTH);
		maxLength(errors, prefix, "cid", this.cid, TradovateCredentials.MAX_ID_LENGTH);
		maxLength(errors, prefix, "sec", this.sec, TradovateCredentials.MAX_SEC_LENGTH);
		String cidProperty = property(prefix, "cid");
		String secProperty = property(prefix, "sec");
		if (StringUtils.hasText(this.cid) && !StringUtils.hasText(this.sec)) {
			errors.rejectValue("sec", TradovatePropertyError.INCOMPLETE_API_KEY.name(), new Object[] { cidProperty },
					secProperty + " is required when " + cidProperty
							+ " is set: an API key has both a client id and a secret");
		}
		if (StringUtils.hasText(this.sec) && !StringUtils.hasText(this.cid)) {
			errors.rejectValue("cid", TradovatePropertyError.INCOMPLETE_API_KEY.name(), new Object[] { secProperty },
					cidProperty + " is required when " + secProperty
							+ " is set: an API key has both a client id and a secret");
		}
		if (StringUtils.hasText(this.cid) || StringUtils.hasText(this.sec)) {
			String apiKey = (StringUtils.hasText(this.cid) && StringUtils.hasText(this.sec))
					? cidProperty + " and " + secProperty : StringUtils.hasText(this.cid) ? cidProperty : secProperty;
			appOfApiKey(errors, prefix, "appId", this.appId, apiKey);
			appOfApiKey(errors, prefix, "appVersion", this.appVersion, apiKey);
		}
	}

	private static void appOfApiKey(Errors errors, String prefix, String field, @Nullable String value, String apiKey) {
		if (!StringUtils.hasText(value) && !errors.hasFieldErrors(field)) {
			errors.rejectValue(field, TradovatePropertyError.API_KEY_WITHOUT_APP.name(), new Object[] { apiKey },
					property(prefix, field) + " is required when " + apiKey
							+ ((apiKey.contains(" and ")) ? " are" : " is")
							+ " set: Tradovate checks an API key together with the application id and version it was"
							+ " issued for, and refuses the login (counting towards a lock-out) without them");
		}
	}

	private static void required(Errors errors, String prefix, String field, @Nullable String value) {
		if (!StringUtils.hasText(value)) {
			errors.rejectValue(field, TradovatePropertyError.REQUIRED.name(), null,
					property(prefix, field) + " is required");
		}
	}

	private static void placeholder(Errors errors, String prefix, String field, @Nullable String value) {
		if (value == null || errors.hasFieldErrors(field)) {
			return;
		}
		int start = value.indexOf("${");
		int end = (start >= 0) ? value.indexOf('}', start) : -1;
		if (end < 0) {
			return;
		}
		String placeholder = value.substring(start, end + 1);
		String reference = placeholder.substring(2, placeholder.length() - 1);
		int defaultSeparator = reference.indexOf(':');
		String variable = ((defaultSeparator >= 0) ? reference.substring(0, defaultSeparator) : reference).trim();
		errors.rejectValue(field, TradovatePropertyError.UNRESOLVED_PLACEHOLDER.name(),
				new Object[] { placeholder, variable },
				property(prefix, field) + " is the placeholder " + placeholder
						+ ", which nothing resolved: neither an environment variable nor a property named " + variable
						+ " is set");
	}

	private static void maxLength(Errors errors, String prefix, String field, @Nullable String value, int maxLength) {
		if (value != null && value.length() > maxLength && !errors.hasFieldErrors(field)) {
			errors.rejectValue(field, TradovatePropertyError.TOO_LONG.name(),
					new Object[] { maxLength, value.length() }, property(prefix, field) + " must be at most "
							+ maxLength + " characters long, but has " + value.length());
		}
	}

	/**
	 * Return the name of a property, such as {@code tradovate.users.alice.app-id}.
	 * @param prefix the prefix, such as {@code tradovate.users.alice}
	 * @param field the field, such as {@code appId}
	 * @return the property
	 */
	static String property(String prefix, String field) {
		StringBuilder property = new StringBuilder(prefix).append('.');
		for (char c : field.toCharArray()) {
			if (Character.isUpperCase(c)) {
				property.append('-').append(Character.toLowerCase(c));
			}
			else {
				property.append(c);
			}
		}
		return property.toString();
	}

}
