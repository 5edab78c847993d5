package io.github.futuresauth.tradovate.autoconfigure.diagnostics;

import java.util.ArrayList;
import java.util.List;

import io.github.futuresauth.tradovate.autoconfigure.UnknownTradovatePropertiesException;
import io.github.futuresauth.tradovate.autoconfigure.UnknownTradovatePropertiesException.UnknownProperty;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * A {@link org.springframework.boot.diagnostics.FailureAnalyzer} for
 * {@link UnknownTradovatePropertiesException}: {@code tradovate.*} properties that
 * nothing binds, most often misspelt. The report names each property, where it is set and
 * the property that was probably meant; never a value.
 */
public class UnknownTradovatePropertiesFailureAnalyzer
		extends AbstractFailureAnalyzer<UnknownTradovatePropertiesException> implements Ordered {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnknownTradovatePropertiesException cause) {
		List<String> problems = new ArrayList<>();
		List<String> actions = new ArrayList<>();
		for (UnknownProperty property : cause.getProperties()) {
			problems.add((property.origin() != null) ? property.name() + System.lineSeparator() + FailureMessages.INDENT
					+ "  Origin: " + property.origin() : property.name());
			actions.add((property.suggestion() != null) ? "Rename " + property.name() + " to " + property.suggestion()
					: "Remove " + property.name() + ", or correct its name");
		}
		StringBuilder description = new StringBuilder(
				"These tradovate.* properties are set, but nothing binds them, so they would be ignored:");
		FailureMessages.appendList(description, problems);
		StringBuilder action = new StringBuilder("Update your application's configuration:");
		FailureMessages.appendList(action, actions);
		action.append(System.lineSeparator())
			.append(System.lineSeparator())
			.append("Your IDE lists the known properties as you type tradovate. in application.properties or ")
			.append("application.yml. If another library reads these properties, set ")
			.append("tradovate.ignore-unknown-properties=true to start anyway.");
		return new FailureAnalysis(description.toString(), action.toString(), cause);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
