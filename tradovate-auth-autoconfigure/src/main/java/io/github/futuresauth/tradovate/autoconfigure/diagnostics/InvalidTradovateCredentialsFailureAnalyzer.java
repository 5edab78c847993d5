package io.github.futuresauth.tradovate.autoconfigure.diagnostics;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.futuresauth.tradovate.autoconfigure.InvalidTradovateCredentialsException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * A {@link org.springframework.boot.diagnostics.FailureAnalyzer} for
 * {@link InvalidTradovateCredentialsException}: a {@code tradovate.*} credential property is
 * missing or longer than Tradovate accepts. The report names each property and the environment
 * variable that can set it, never a value.
 */
public class InvalidTradovateCredentialsFailureAnalyzer
		extends AbstractFailureAnalyzer<InvalidTradovateCredentialsException> implements Ordered {

	private static final Pattern REQUIRED = Pattern.compile("^(tradovate\\.[a-z.-]+) is required$");

	private static final Pattern TOO_LONG = Pattern
		.compile("^(tradovate\\.[a-z.-]+) must be at most (\\d+) characters long.*");

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidTradovateCredentialsException cause) {
		StringBuilder description = new StringBuilder(
				"The tradovate.* properties do not hold credentials that Tradovate could accept:");
		FailureMessages.appendList(description, cause.getProblems());
		List<String> actions = new ArrayList<>();
		for (String problem : cause.getProblems()) {
			actions.add(action(problem));
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

	private static String action(String problem) {
		Matcher required = REQUIRED.matcher(problem);
		if (required.matches()) {
			String property = required.group(1);
			return "Set " + property + ", for example in application.properties or as the environment variable "
					+ FailureMessages.environmentVariable(property);
		}
		Matcher tooLong = TOO_LONG.matcher(problem);
		if (tooLong.matches()) {
			return "Shorten " + tooLong.group(1) + " to at most " + tooLong.group(2)
					+ " characters, the most that Tradovate accepts; check that it holds the intended value";
		}
		String property = FailureMessages.propertyOf(problem);
		return (property != null) ? "Correct " + property : "Correct the tradovate.* credential properties";
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
