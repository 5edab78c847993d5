package io.github.futuresauth.tradovate.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.github.futuresauth.tradovate.auth.AuthLimits;
import io.github.futuresauth.tradovate.auth.TradovateAuthClient;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;
import org.springframework.validation.Errors;

/**
 * The checks of bound {@link TradovateAuthProperties}, each reported as a field error
 * whose code is a {@link TradovatePropertyError} and whose message names the property and
 * what to set instead.
 */
final class TradovatePropertiesCheck {

	private static final TradovateAuthProperties DEFAULTS = new TradovateAuthProperties();

	private final TradovateAuthProperties properties;

	private final Errors errors;

	TradovatePropertiesCheck(TradovateAuthProperties properties, Errors errors) {
		this.properties = properties;
		this.errors = errors;
	}

	void run() {
		if (this.properties.getBaseUrl() != null) {
			safeBaseUrl("tradovate", this.properties.getBaseUrl());
		}
		positive("renewalMargin", this.properties.getRenewalMargin(), DEFAULTS.getRenewalMargin());
		if (this.properties.getConnectTimeout() != null) {
			positive("connectTimeout", this.properties.getConnectTimeout(),
					TradovateAuthProperties.DEFAULT_CONNECT_TIMEOUT);
		}
		if (this.properties.getReadTimeout() != null) {
			positive("readTimeout", this.properties.getReadTimeout(), TradovateAuthProperties.DEFAULT_READ_TIMEOUT);
		}
		retry(this.properties.getRetry(), DEFAULTS.getRetry());
		positive("tokenWaitTimeout", this.properties.getTokenWaitTimeout(), DEFAULTS.getTokenWaitTimeout());
		limits(this.properties.getLimits());
		this.properties.checkCredentials(this.errors, "tradovate");
		users();
	}

	private void retry(TradovateAuthProperties.Retry retry, TradovateAuthProperties.Retry defaults) {
		if (retry.getMaxRetries() < 0) {
			this.errors.rejectValue("retry.maxRetries", TradovatePropertyError.NEGATIVE.name(),
					new Object[] { defaults.getMaxRetries() }, "tradovate.retry.max-retries must be zero or more");
		}
		positive("retry.delay", retry.getDelay(), defaults.getDelay());
		if (retry.getMultiplier() < 1) {
			this.errors.rejectValue("retry.multiplier", TradovatePropertyError.LESS_THAN_ONE.name(),
					new Object[] { defaults.getMultiplier() }, "tradovate.retry.multiplier must be 1 or more");
		}
		positive("retry.maxDelay", retry.getMaxDelay(), defaults.getMaxDelay());
		if (retry.getDelay() != null && retry.getMaxDelay() != null
				&& retry.getMaxDelay().compareTo(retry.getDelay()) < 0) {
			this.errors.rejectValue("retry.maxDelay", TradovatePropertyError.SHORTER_THAN_DELAY.name(),
					new Object[] { defaults.getMaxDelay(), defaults.getDelay() },
					"tradovate.retry.max-delay must not be shorter than tradovate.retry.delay");
		}
		if (retry.getJitter() == null || retry.getJitter().isNegative()) {
			this.errors.rejectValue("retry.jitter", TradovatePropertyError.NEGATIVE.name(),
					new Object[] { defaults.getJitter() },
					"tradovate.retry.jitter must be zero or a positive duration");
		}
	}

	private void limits(TradovateAuthProperties.Limits limits) {
		AuthLimits published = AuthLimits.TRADOVATE;
		range("limits.failedLoginsPerHour", limits.getFailedLoginsPerHour(), published.failedLoginsPerHour(),
				limits.isGranted());
		range("limits.renewalsPerHour", limits.getRenewalsPerHour(), published.renewalsPerHour(), limits.isGranted());
		range("limits.checksPerHour", limits.getChecksPerHour(), published.checksPerHour(), limits.isGranted());
		if (limits.getMinLoginInterval() == null || limits.getMinLoginInterval().isNegative()) {
			this.errors.rejectValue("limits.minLoginInterval", TradovatePropertyError.NEGATIVE.name(),
					new Object[] { published.minLoginInterval() },
					"tradovate.limits.min-login-interval must be zero or a positive duration");
		}
		Duration hold = limits.getTooManyRequestsHold();
		if (hold == null || hold.isNegative() || hold.isZero()
				|| hold.compareTo(AuthLimits.TOO_MANY_REQUESTS_HOLD) > 0) {
			this.errors.rejectValue("limits.tooManyRequestsHold", TradovatePropertyError.OUT_OF_RANGE.name(),
					new Object[] { "1ms", AuthLimits.TOO_MANY_REQUESTS_HOLD },
					"tradovate.limits.too-many-requests-hold must be positive and at most 1h, the wait that"
							+ " Tradovate asks for after a 429");
		}
	}

	private void range(String field, int value, int published, boolean granted) {
		if (value < 1 || (value > published && !granted)) {
			this.errors.rejectValue(field, TradovatePropertyError.OUT_OF_RANGE.name(), new Object[] { 1, published },
					TradovateCredentialsProperties.property("tradovate", field) + " must be between 1 and " + published
							+ ", Tradovate's published limit, unless Tradovate granted more to this network"
							+ " address and tradovate.limits.granted is true");
		}
	}

	private void users() {
		Map<String, String> keysByLogin = new LinkedHashMap<>();
		String defaultName = this.properties.getName();
		if (StringUtils.hasText(defaultName)) {
			keysByLogin.put(login(this.properties.determineBaseUrl(), defaultName, this.properties.getCid()),
					"tradovate");
		}
		this.properties.getUsers().forEach((key, user) -> {
			String prefix = "tradovate.users." + key;
			this.errors.pushNestedPath("users[" + key + "]");
			if (TradovateAuthProperties.DEFAULT_USER.equals(key) && StringUtils.hasText(defaultName)) {
				this.errors.rejectValue("name", TradovatePropertyError.DUPLICATE_USER.name(),
						new Object[] { "tradovate" },
						"tradovate.users.default is the key of the user of the flat tradovate.name and password;"
								+ " give this user another key");
			}
			if (user.getBaseUrl() != null) {
				safeBaseUrl(prefix, user.getBaseUrl());
			}
			try {
				user.determineCredentials(prefix);
				String other = keysByLogin
					.putIfAbsent(login(this.properties.determineBaseUrl(user), user.getName(), user.getCid()), prefix);
				if (other != null && !this.errors.hasFieldErrors("name")) {
					this.errors.rejectValue("name", TradovatePropertyError.DUPLICATE_USER.name(),
							new Object[] { other },
							prefix + ".name logs in as the same Tradovate user as " + other
									+ ".name: both would keep a session of that user, and each of its tokens; set"
									+ " each Tradovate user once");
				}
			}
			catch (InvalidTradovateCredentialsException ex) {
				ex.getErrors()
					.forEach((error) -> this.errors.rejectValue(error.getField(),
							Objects.requireNonNull(error.getCode()), error.getArguments(),
							Objects.requireNonNull(error.getDefaultMessage())));
			}
			this.errors.popNestedPath();
		});
	}

	private static String login(URI baseUrl, @Nullable String name, @Nullable String cid) {
		return baseUrl + " " + name + " " + cid;
	}

	private void safeBaseUrl(String prefix, URI baseUrl) {
		try {
			TradovateAuthClient.requireSafeBaseUrl(baseUrl);
		}
		catch (IllegalArgumentException ex) {
			this.errors.rejectValue("baseUrl", TradovatePropertyError.UNSAFE_BASE_URL.name(), null,
					prefix + ".base-url: " + ex.getMessage());
		}
	}

	private void positive(String field, @Nullable Duration value, Duration defaultValue) {
		if (value == null || value.isNegative() || value.isZero()) {
			this.errors.rejectValue(field, TradovatePropertyError.NOT_POSITIVE.name(), new Object[] { defaultValue },
					TradovateCredentialsProperties.property("tradovate", field) + " must be a positive duration,"
							+ " such as 10s");
		}
	}

}
