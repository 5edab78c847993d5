package io.github.futuresauth.tradovate.autoconfigure.actuate;

import java.util.Locale;
import java.util.Set;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * A {@link SanitizingFunction} that hides {@code tradovate.password}, {@code tradovate.sec} (the
 * API secret) and the token encryption keys {@code tradovate.fleet.encryption.keys.*} in the {@code env} and {@code configprops} endpoints, also when they are set to
 * show values ({@code show-values=always}).
 * <p>
 * It recognizes the keys in the forms those endpoints use: {@code tradovate.password} in a
 * properties file, {@code TRADOVATE_PASSWORD} as an environment variable, and the qualified bean
 * property names of {@code configprops}. Other keys, such as {@code other.sec} or
 * {@code tradovate.name}, are left alone.
 */
public class TradovateSanitizingFunction implements SanitizingFunction {

	private static final Set<String> SECRETS = Set.of("tradovate.password", "tradovate.sec");

	private static final String ENCRYPTION_KEYS = "tradovate.fleet.encryption.keys";

	@Override
	public SanitizableData apply(SanitizableData data) {
		return (isSecret(data.getKey())) ? data.withSanitizedValue() : data;
	}

	/**
	 * Return whether a key names one of the secret {@code tradovate.*} properties, in any of the
	 * forms that Spring Boot binds: dotted or underscored, any case, with or without dashes.
	 * @param key the key
	 * @return whether the value of the key must be hidden
	 */
	static boolean isSecret(String key) {
		String canonical = key.toLowerCase(Locale.ROOT).replace("-", "").replace('_', '.');
		return SECRETS.contains(canonical) || canonical.equals(ENCRYPTION_KEYS)
				|| canonical.startsWith(ENCRYPTION_KEYS + ".");
	}

}
