package io.github.futuresauth.tradovate.autoconfigure.diagnostics;

import java.util.ArrayList;
import java.util.List;

import io.github.futuresauth.tradovate.autoconfigure.InvalidTradovateCredentialsException;
import io.github.futuresauth.tradovate.autoconfigure.TradovatePropertyError;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.util.ClassUtils;
import org.springframework.validation.FieldError;

/**
 * A {@link org.springframework.boot.diagnostics.FailureAnalyzer} for
 * {@link InvalidTradovateCredentialsException}: a {@code tradovate.*} credential property
 * is missing or longer than Tradovate accepts. The report names each property and the
 * environment variable that can set it, never a value. When the name or password is
 * missing where Spring Boot's test support is on the class path but this project's is
 * not, it says to add {@code tradovate-auth-test}, which gives every test context a
 * simulator.
 */
public class InvalidTradovateCredentialsFailureAnalyzer
		extends AbstractFailureAnalyzer<InvalidTradovateCredentialsException> implements Ordered {

	private static final String SPRING_BOOT_TEST = "org.springframework.boot.test.context.SpringBootTest";

	private static final String TRADOVATE_SIMULATOR = "io.github.futuresauth.tradovate.simulator.TradovateSimulator";

	private final @Nullable ClassLoader classLoader;

	/**
	 * Create an analyzer that looks for the test support on the class path of this class.
	 */
	public InvalidTradovateCredentialsFailureAnalyzer() {
		this(InvalidTradovateCredentialsFailureAnalyzer.class.getClassLoader());
	}

	InvalidTradovateCredentialsFailureAnalyzer(@Nullable ClassLoader classLoader) {
		this.classLoader = classLoader;
	}

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
		if (lacksNameOrPassword(cause) && isTestWithoutSimulator()) {
			action.append(System.lineSeparator())
				.append(System.lineSeparator())
				.append("If this is a test (Spring Boot's test support is on the class path): add ")
				.append("io.github.futuresauth:tradovate-auth-test with test scope. Every Spring Boot test context ")
				.append("then runs against its Tradovate simulator, with credentials of its own, and reaches no ")
				.append("real Tradovate environment.");
		}
		return new FailureAnalysis(description.toString(), action.toString(), cause);
	}

	private static boolean lacksNameOrPassword(InvalidTradovateCredentialsException cause) {
		return cause.getErrors()
			.stream()
			.anyMatch((error) -> TradovatePropertyError.of(error) == TradovatePropertyError.REQUIRED
					&& (error.getField().equals("name") || error.getField().equals("password")));
	}

	private boolean isTestWithoutSimulator() {
		return ClassUtils.isPresent(SPRING_BOOT_TEST, this.classLoader)
				&& !ClassUtils.isPresent(TRADOVATE_SIMULATOR, this.classLoader);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
