package io.github.futuresauth.tradovate.autoconfigure.diagnostics;

import java.util.ArrayList;
import java.util.List;

import io.github.futuresauth.tradovate.autoconfigure.InvalidTradovateCredentialsException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.validation.FieldError;

/**
 * A {@link org.springframework.boot.diagnostics.FailureAnalyzer} for
 * {@link InvalidTradovateCredentialsException}: a {@code tradovate.*} credential property
 * is missing or longer than Tradovate accepts. The report names each property and the
 * environment variable that can set it, never a value.
 */
public class InvalidTradovateCredentialsFailureAnalyzer
		extends AbstractFailureAnalyzer<InvalidTradovateCredentialsException> implements Ordered {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidTradovateCredentialsException cause) {
		StringBuilder description = new StringBuilder(
				"The tradovate.* properties do not hold credentials that Tradovate could accept:");
		FailureMessages.appendList(description, cause.getProblems());
		List<String> actions = new ArrayList<>();
		for (FieldError error : cause.getErrors()) {
			actions.add(PropertyAdvice.action(error));
		}
		StringBuilder action = new StringBuilder("Update your application's configuration:");
		FailureMessages.appendList(action, actions);
		action.append(System.lineSeparator())
			.append(System.lineSeparator())
			.append("Keep the password and the API secret (tradovate.sec) out of source control, for example in ")
			.append("environment variables. The application needs the credentials even when ")
			.append("tradovate.login-at-startup=false.");
		return new FailureAnalysis(description.toString(), action.toString(), cause);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
