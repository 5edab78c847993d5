package io.github.futuresauth.tradovate.autoconfigure.diagnostics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.futuresauth.tradovate.autoconfigure.TradovateAuthProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.core.Ordered;
import org.springframework.validation.ObjectError;

/**
 * A {@link org.springframework.boot.diagnostics.FailureAnalyzer} for
 * {@link TradovateAuthProperties} that failed their own validation, such as an http base URL to
 * another host than loopback or a duration that is not positive. It runs before Spring Boot's
 * general analyzer for validation failures, and tells for each property where it was set and
 * what to set it to.
 */
public class TradovatePropertiesValidationFailureAnalyzer extends AbstractFailureAnalyzer<BindValidationException>
		implements Ordered {

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindValidationException cause) {
		if (!isForTradovateProperties(rootFailure, cause)) {
			return null;
		}
		List<String> problems = new ArrayList<>();
		Map<String, String> actions = new LinkedHashMap<>();
		for (ObjectError error : cause.getValidationErrors().getAllErrors()) {
			String problem = FailureMessages
				.withoutUserInfo((error.getDefaultMessage() != null) ? error.getDefaultMessage() : error.toString());
			String property = FailureMessages.propertyOf(problem);
			String origin = (property != null) ? origin(cause, property) : null;
			problems.add((origin != null)
					? problem + System.lineSeparator() + FailureMessages.INDENT + "  Origin: " + origin : problem);
			if (property != null) {
				actions.putIfAbsent(property, action(property));
			}
		}
		StringBuilder description = new StringBuilder("The tradovate.* properties are not valid:");
		FailureMessages.appendList(description, problems);
		StringBuilder action = new StringBuilder("Update your application's configuration:");
		FailureMessages.appendList(action,
				(actions.isEmpty()) ? List.of("Correct the tradovate.* properties named above")
						: List.copyOf(actions.values()));
		return new FailureAnalysis(description.toString(), action.toString(), cause);
	}

	private boolean isForTradovateProperties(Throwable rootFailure, BindValidationException cause) {
		BindException bindException = findCause(rootFailure, BindException.class);
		if (bindException != null) {
			Class<?> type = bindException.getTarget().getType().resolve();
			return type != null && TradovateAuthProperties.class.isAssignableFrom(type);
		}
		return "tradovate".equals(cause.getValidationErrors().getName().toString());
	}

	private static @Nullable String origin(BindValidationException cause, String property) {
		for (ConfigurationProperty bound : cause.getValidationErrors().getBoundProperties()) {
			if (property.equals(bound.getName().toString())) {
				Origin origin = bound.getOrigin();
				return (origin != null) ? origin.toString() : null;
			}
		}
		return null;
	}

	private static String action(String property) {
		TradovateAuthProperties defaults = new TradovateAuthProperties();
		TradovateAuthProperties.Retry retry = defaults.getRetry();
		return switch (property) {
			case "tradovate.base-url" -> "Set tradovate.base-url to an https URL without user information, such as "
					+ "https://demo.tradovateapi.com/v1, or remove it and choose the Tradovate environment with "
					+ "tradovate.environment (live or demo). Plain http is accepted only to localhost, 127.0.0.1 "
					+ "or [::1]";
			case "tradovate.renewal-margin" -> positive(property, defaults.getRenewalMargin());
			case "tradovate.connect-timeout" -> positive(property, TradovateAuthProperties.DEFAULT_CONNECT_TIMEOUT);
			case "tradovate.read-timeout" -> positive(property, TradovateAuthProperties.DEFAULT_READ_TIMEOUT);
			case "tradovate.retry.max-retries" -> "Set tradovate.retry.max-retries to zero or more, or remove it to "
					+ "use the default, " + retry.getMaxRetries();
			case "tradovate.retry.delay" -> positive(property, retry.getDelay());
			case "tradovate.retry.multiplier" -> "Set tradovate.retry.multiplier to 1 or more, or remove it to use "
					+ "the default, " + retry.getMultiplier();
			case "tradovate.retry.max-delay" -> "Set tradovate.retry.max-delay to a positive duration that is not "
					+ "shorter than tradovate.retry.delay, or remove both to use the defaults, "
					+ FailureMessages.format(retry.getMaxDelay()) + " and " + FailureMessages.format(retry.getDelay());
			case "tradovate.retry.jitter" -> "Set tradovate.retry.jitter to zero or a positive duration, or remove it "
					+ "to use the default, " + FailureMessages.format(retry.getJitter());
			default -> "Correct " + property;
		};
	}

	private static String positive(String property, Duration defaultValue) {
		return "Set " + property + " to a positive duration, such as " + FailureMessages.format(defaultValue)
				+ " (the default, used when the property is not set)";
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
