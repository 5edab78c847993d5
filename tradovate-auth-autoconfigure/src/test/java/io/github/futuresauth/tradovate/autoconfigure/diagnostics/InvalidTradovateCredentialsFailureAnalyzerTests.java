package io.github.futuresauth.tradovate.autoconfigure.diagnostics;

import java.util.List;

import io.github.futuresauth.tradovate.autoconfigure.InvalidTradovateCredentialsException;
import io.github.futuresauth.tradovate.autoconfigure.TradovateAuthProperties;
import io.github.futuresauth.tradovate.simulator.TradovateSimulator;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.validation.FieldError;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Tests for {@link InvalidTradovateCredentialsFailureAnalyzer}.
 */
class InvalidTradovateCredentialsFailureAnalyzerTests {

	private final InvalidTradovateCredentialsFailureAnalyzer analyzer = new InvalidTradovateCredentialsFailureAnalyzer();

	@Test
	void namesEveryMissingPropertyAndItsEnvironmentVariable() {
		TradovateAuthProperties properties = new TradovateAuthProperties();
		properties.setAppId("a".repeat(65));
		properties.setSec("Sec-0f9e8d7c6b");
		FailureAnalysis analysis = this.analyzer.analyze(catchThrowable(properties::determineCredentials));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription())
			.startsWith("The tradovate.* properties do not hold credentials that Tradovate could accept:")
			.contains("- tradovate.name is required", "- tradovate.password is required",
					"- tradovate.app-id must be at most 64 characters long, but has 65")
			.doesNotContain("Sec-0f9e8d7c6b")
			.doesNotContain("a".repeat(65));
		assertThat(analysis.getAction()).contains(
				"- Set tradovate.name, for example in application.properties or as the environment variable "
						+ "TRADOVATE_NAME",
				"- Set tradovate.password, for example in application.properties or as the environment variable "
						+ "TRADOVATE_PASSWORD",
				"- Shorten tradovate.app-id to at most 64 characters",
				"The application needs the credentials even when tradovate.login-at-startup=false.");
	}

	@Test
	void saysToAddTheTestSupportToATestWithoutIt() {
		InvalidTradovateCredentialsFailureAnalyzer analyzer = new InvalidTradovateCredentialsFailureAnalyzer(
				new FilteredClassLoader(TradovateSimulator.class));
		FailureAnalysis analysis = analyzer
			.analyze(catchThrowable(new TradovateAuthProperties()::determineCredentials));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getAction()).endsWith("If this is a test (Spring Boot's test support is on the class path):"
				+ " add io.github.futuresauth:tradovate-auth-test with test scope. Every Spring Boot test context then"
				+ " runs against its Tradovate simulator, with credentials of its own, and reaches no real Tradovate"
				+ " environment.");
	}

	@Test
	void saysNothingAboutTestsWhereTheTestSupportIsPresentOrSpringBootTestIsNot() {
		Throwable failure = catchThrowable(new TradovateAuthProperties()::determineCredentials);
		assertThat(this.analyzer.analyze(failure).getAction()).doesNotContain("tradovate-auth-test");
		InvalidTradovateCredentialsFailureAnalyzer production = new InvalidTradovateCredentialsFailureAnalyzer(
				new FilteredClassLoader(TradovateSimulator.class, SpringBootTest.class));
		assertThat(production.analyze(failure).getAction()).doesNotContain("tradovate-auth-test");
	}

	@Test
	void findsTheExceptionBehindABeanCreationFailure() {
		InvalidTradovateCredentialsException cause = new InvalidTradovateCredentialsException(
				List.of(error("password", "REQUIRED", "tradovate.password is required")));
		FailureAnalysis analysis = this.analyzer
			.analyze(new BeanCreationException("tradovateTokenProvider", "Failed to instantiate", cause));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getCause()).isSameAs(cause);
		assertThat(analysis.getAction()).contains("TRADOVATE_PASSWORD");
	}

	@Test
	void namesThePropertyOfAProblemItDoesNotKnow() {
		FailureAnalysis analysis = this.analyzer.analyze(new InvalidTradovateCredentialsException(
				List.of(error("cid", "typeMismatch", "tradovate.cid must be a number"))));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getAction()).contains("- Correct tradovate.cid");
	}

	@Test
	void namesTheVariableOfAnUnresolvedPlaceholder() {
		TradovateAuthProperties properties = new TradovateAuthProperties();
		properties.setName("trader");
		properties.setPassword("${TRADOVATE_PASSWORD}");
		FailureAnalysis analysis = this.analyzer.analyze(catchThrowable(properties::determineCredentials));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("- tradovate.password is the placeholder "
				+ "${TRADOVATE_PASSWORD}, which nothing resolved: neither an environment variable nor a property named "
				+ "TRADOVATE_PASSWORD is set");
		assertThat(analysis.getAction()).contains("- Set the environment variable TRADOVATE_PASSWORD where the "
				+ "application runs, or give tradovate.password its value in another way.");
	}

	@Test
	void ignoresOtherFailures() {
		assertThat(this.analyzer.analyze(new IllegalStateException("tradovate.password is required"))).isNull();
	}

	private static FieldError error(String field, String code, String message) {
		return new FieldError("tradovate", field, null, false, new String[] { code }, null, message);
	}

	@Test
	void environmentVariablesFollowSpringBootsRules() {
		assertThat(FailureMessages.environmentVariable("tradovate.password")).isEqualTo("TRADOVATE_PASSWORD");
		assertThat(FailureMessages.environmentVariable("tradovate.app-id")).isEqualTo("TRADOVATE_APPID");
		assertThat(FailureMessages.environmentVariable("tradovate.retry.max-delay"))
			.isEqualTo("TRADOVATE_RETRY_MAXDELAY");
	}

}
