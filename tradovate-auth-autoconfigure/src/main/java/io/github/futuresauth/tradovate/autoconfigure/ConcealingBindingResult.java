package io.github.futuresauth.tradovate.autoconfigure;

import java.net.URI;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.validation.BeanPropertyBindingResult;

/**
 * A binding result for the {@code tradovate.*} properties whose errors never carry a
 * secret as their rejected value: the password, the API secret and a base URL with user
 * information are recorded as {@code ******}, because errors end up in exception messages
 * and logs.
 */
final class ConcealingBindingResult extends BeanPropertyBindingResult {

	private static final Set<String> SECRETS = Set.of("password", "sec");

	private static final String CONCEALED = "******";

	ConcealingBindingResult(Object target, String objectName) {
		super(target, objectName);
	}

	@Override
	protected @Nullable Object getActualFieldValue(String field) {
		Object value = super.getActualFieldValue(field);
		if (value == null) {
			return null;
		}
		if (SECRETS.contains(field.substring(field.lastIndexOf('.') + 1))
				|| (value instanceof URI uri && uri.getRawUserInfo() != null)) {
			return CONCEALED;
		}
		return value;
	}

}
