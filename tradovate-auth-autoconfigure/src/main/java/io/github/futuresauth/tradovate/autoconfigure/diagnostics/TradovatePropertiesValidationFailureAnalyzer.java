package io.github.futuresauth.tradovate.autoconfigure.diagnostics;

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
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * A {@link org.springframework.boot.diagnostics.FailureAnalyzer} for
 * {@link TradovateAuthProperties} that failed their own validation, such as an http base
 * URL to another host than loopback or a duration that is not positive. It runs before
 * Spring Boot's general analyzer for validation failures, and tells for each property
 * where it was set and what to set it to.
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
			if (error instanceof FieldError fieldError) {
				String property = PropertyAdvice.property(fieldError);
				String origin = origin(cause, property);
				problems.add((origin != null)
						? problem + System.lineSeparator() + FailureMessages.INDENT + "  Origin: " + origin : problem);
				actions.putIfAbsent(property, PropertyAdvice.action(fieldError));
			}
			else {
				problems.add(problem);
			}
		}
		StringBuilder description = new StringBuilder("The tradovate.* properties are not valid:");
		FailureMessages.appendList(description, problems);
		StringBuilder action = new StringBuilder("Update your application's configuration:");
		FailureMessages.appendList(action, (actions.isEmpty())
				? List.of("Correct the tradovate.* properties named above") : List.copyOf(actions.values()));
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

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
