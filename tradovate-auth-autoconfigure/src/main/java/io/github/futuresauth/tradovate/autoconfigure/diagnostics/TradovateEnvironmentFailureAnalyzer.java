package io.github.futuresauth.tradovate.autoconfigure.diagnostics;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import io.github.futuresauth.tradovate.auth.TradovateEnvironment;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * A {@link org.springframework.boot.diagnostics.FailureAnalyzer} for a
 * {@code tradovate.environment} that names no Tradovate environment. It lists the values
 * as they are written in a property file ({@code demo}, {@code live}), where Spring
 * Boot's general report would list the enum's constants, and points to
 * {@code tradovate.base-url} for other servers.
 */
public class TradovateEnvironmentFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

	private static final ConfigurationPropertyName ENVIRONMENT = ConfigurationPropertyName.of("tradovate.environment");

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
		if (!ENVIRONMENT.equals(cause.getName())) {
			return null;
		}
		ConfigurationProperty property = cause.getProperty();
		StringBuilder description = new StringBuilder("tradovate.environment");
		if (property != null) {
			description.append(" is '").append(property.getValue()).append("', which");
		}
		description.append(" is not a Tradovate environment.");
		if (property != null && property.getOrigin() != null) {
			description.append(System.lineSeparator())
				.append(System.lineSeparator())
				.append(FailureMessages.INDENT)
				.append("Origin: ")
				.append(property.getOrigin());
		}
		String action = "Set tradovate.environment to " + values() + ", or remove it to use "
				+ TradovateEnvironment.DEMO.name().toLowerCase(Locale.ROOT)
				+ ". To connect to another server, such as a proxy or a test server, set tradovate.base-url instead.";
		return new FailureAnalysis(description.toString(), action, cause);
	}

	private static String values() {
		return Arrays.stream(TradovateEnvironment.values())
			.map((environment) -> environment.name().toLowerCase(Locale.ROOT) + " (" + environment.getBaseUrl() + ")")
			.collect(Collectors.joining(" or "));
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
