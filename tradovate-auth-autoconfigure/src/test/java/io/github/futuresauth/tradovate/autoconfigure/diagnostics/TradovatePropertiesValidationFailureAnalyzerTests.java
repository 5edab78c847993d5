package io.github.futuresauth.tradovate.autoconfigure.diagnostics;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import io.github.futuresauth.tradovate.autoconfigure.TradovateAuthProperties;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Tests for {@link TradovatePropertiesValidationFailureAnalyzer}, with failures from a
 * real {@link Binder}.
 */
class TradovatePropertiesValidationFailureAnalyzerTests {

	private final TradovatePropertiesValidationFailureAnalyzer analyzer = new TradovatePropertiesValidationFailureAnalyzer();

	@Test
	void insecureBaseUrl() {
		FailureAnalysis analysis = analyze(Map.of("tradovate.base-url", "http://tradovate.example.com/v1"));
		assertThat(analysis.getDescription()).startsWith("The tradovate.* properties are not valid:")
			.contains("- tradovate.base-url: Base URL 'http://tradovate.example.com/v1' must use https");
		assertThat(analysis.getAction())
			.contains("- Set tradovate.base-url to an https URL without user information, such as "
					+ "https://demo.tradovateapi.com/v1, or remove "
					+ "it and choose the Tradovate environment with tradovate.environment (live or demo)");
	}

	@Test
	void namesTheKeyOfAUserThatIsNotValid() {
		FailureAnalysis analysis = analyze(Map.of("tradovate.users.alice.name", "alice", "tradovate.users.alice.cid",
				"7", "tradovate.users.alice.sec", "Sec-7a8b", "tradovate.users.bob.name", "bob",
				"tradovate.users.bob.password", "Pa55-bob", "tradovate.users.bob.base-url", "http://example.com/v1"));
		assertThat(analysis.getDescription()).contains("- tradovate.users.alice.password is required")
			.contains("- tradovate.users.alice.app-id is required when tradovate.users.alice.cid and "
					+ "tradovate.users.alice.sec are set")
			.contains("- tradovate.users.bob.base-url: Base URL 'http://example.com/v1' must use https")
			.doesNotContain("Sec-7a8b", "Pa55-bob");
		assertThat(analysis.getAction()).contains("- Set tradovate.users.alice.password, for example in "
				+ "application.properties or as the environment variable TRADOVATE_USERS_ALICE_PASSWORD");
	}

	@Test
	void hidesTheUserInformationOfTheBaseUrl() {
		FailureAnalysis analysis = analyze(Map.of("tradovate.base-url", "https://me:Pa55-in-url@example.com/v1"));
		assertThat(analysis.getDescription())
			.contains("- tradovate.base-url: Base URL must not carry user information (user:password@)")
			.doesNotContain("Pa55-in-url");
	}

	@Test
	void namesTheDefaultsOfDurations() {
		FailureAnalysis analysis = analyze(Map.of("tradovate.connect-timeout", "0s", "tradovate.read-timeout", "-5s",
				"tradovate.retry.jitter", "-1ms"));
		assertThat(analysis.getDescription()).contains("- tradovate.connect-timeout must be a positive duration",
				"- tradovate.read-timeout must be a positive duration",
				"- tradovate.retry.jitter must be zero or a positive duration");
		assertThat(analysis.getAction()).contains("- Set tradovate.connect-timeout to a positive duration, such as 5s",
				"- Set tradovate.read-timeout to a positive duration, such as 10s",
				"- Set tradovate.retry.jitter to zero or a positive duration, or remove it to use the default, 0s");
	}

	@Test
	void retrySettings() {
		FailureAnalysis analysis = analyze(Map.of("tradovate.retry.max-retries", "-1", "tradovate.retry.multiplier",
				"0.5", "tradovate.retry.delay", "10s", "tradovate.retry.max-delay", "5s"));
		assertThat(analysis.getDescription()).contains("- tradovate.retry.max-retries must be zero or more",
				"- tradovate.retry.multiplier must be 1 or more",
				"- tradovate.retry.max-delay must not be shorter than tradovate.retry.delay");
		assertThat(analysis.getAction()).contains(
				"- Set tradovate.retry.max-retries to zero or more, or remove it to use the default, 3",
				"- Set tradovate.retry.multiplier to 1 or more, or remove it to use the default, 2.0",
				"- Set tradovate.retry.max-delay to a positive duration that is not shorter than "
						+ "tradovate.retry.delay, or remove both to use the defaults, 30s and 1s");
	}

	@Test
	void unresolvedPlaceholders() {
		FailureAnalysis analysis = analyze(Map.of("tradovate.password", "${TRADOVATE_PASSWORD}", "tradovate.cid", "8",
				"tradovate.sec", "${TRADOVATE_SEC:}"));
		assertThat(analysis.getDescription())
			.contains("- tradovate.password is the placeholder ${TRADOVATE_PASSWORD}, which nothing resolved")
			.contains("- tradovate.sec is the placeholder ${TRADOVATE_SEC:}, which nothing resolved: neither an "
					+ "environment variable nor a property named TRADOVATE_SEC is set");
		assertThat(analysis.getAction()).contains("- Set the environment variable TRADOVATE_PASSWORD",
				"- Set the environment variable TRADOVATE_SEC");
	}

	@Test
	void halfAnApiKey() {
		FailureAnalysis cidOnly = analyze(
				Map.of("tradovate.cid", "8", "tradovate.app-id", "my-app", "tradovate.app-version", "1.0"));
		assertThat(cidOnly.getDescription()).contains("- tradovate.sec is required when tradovate.cid is set");
		assertThat(cidOnly.getAction()).contains("- Set tradovate.sec to go with tradovate.cid, or remove both to log "
				+ "in with the name and password alone");
		FailureAnalysis secOnly = analyze(Map.of("tradovate.sec", "Sec-4d2a"));
		assertThat(secOnly.getDescription()).contains("- tradovate.cid is required when tradovate.sec is set")
			.doesNotContain("Sec-4d2a");
		assertThat(secOnly.getAction()).contains("- Set tradovate.cid to go with tradovate.sec");
	}

	@Test
	void apiKeyWithoutItsApplication() {
		FailureAnalysis analysis = analyze(Map.of("tradovate.cid", "8", "tradovate.sec", "Sec-4d2a"));
		assertThat(analysis.getDescription())
			.contains("- tradovate.app-id is required when tradovate.cid and tradovate.sec are set: Tradovate checks"
					+ " an API key together with the application id and version it was issued for")
			.contains("- tradovate.app-version is required when tradovate.cid and tradovate.sec are set")
			.doesNotContain("Sec-4d2a");
		assertThat(analysis.getAction())
			.contains("- Set tradovate.app-id to the value registered with the API key in Tradovate's API access"
					+ " settings, or remove tradovate.cid and tradovate.sec to log in with the name and password alone")
			.contains("- Set tradovate.app-version to the value registered with the API key");
		FailureAnalysis versionOnly = analyze(
				Map.of("tradovate.cid", "8", "tradovate.sec", "Sec-4d2a", "tradovate.app-id", "my-app"));
		assertThat(versionOnly.getDescription()).contains("tradovate.app-version is required")
			.doesNotContain("tradovate.app-id is required");
	}

	@Test
	void errorsNeverCarryASecretAsTheirValue() {
		Throwable failure = bindFailure(Map.of("tradovate.password", "p".repeat(513) + "${X}", "tradovate.sec",
				"Sec-4d2a", "tradovate.base-url", "http://me:Pa55-in-url@example.com/v1"));
		assertThat(failure).hasStackTraceContaining("tradovate.cid is required");
		assertThat(stackTrace(failure)).doesNotContain("Sec-4d2a")
			.doesNotContain("ppppp")
			.doesNotContain("Pa55-in-url");
	}

	@Test
	void ignoresTheValidationOfOtherProperties() {
		OtherProperties other = new OtherProperties();
		Binder binder = new Binder(new MapConfigurationPropertySource(Map.of("other.sec", "x")));
		Throwable failure = catchThrowable(
				() -> binder.bind("other", Bindable.ofInstance(other), new ValidationBindHandler(other)));
		assertThat(failure).isNotNull();
		assertThat(this.analyzer.analyze(failure)).isNull();
	}

	@Test
	void ignoresOtherFailures() {
		assertThat(this.analyzer.analyze(new IllegalArgumentException("tradovate.base-url"))).isNull();
	}

	private FailureAnalysis analyze(Map<String, String> properties) {
		Throwable failure = bindFailure(properties);
		FailureAnalysis analysis = this.analyzer.analyze(failure);
		assertThat(analysis).isNotNull();
		return analysis;
	}

	private static Throwable bindFailure(Map<String, String> properties) {
		TradovateAuthProperties target = new TradovateAuthProperties();
		Binder binder = new Binder(new MapConfigurationPropertySource(properties));
		Throwable failure = catchThrowable(
				() -> binder.bind("tradovate", Bindable.ofInstance(target), new ValidationBindHandler(target)));
		assertThat(failure).isNotNull();
		return failure;
	}

	private static String stackTrace(Throwable failure) {
		StringWriter writer = new StringWriter();
		failure.printStackTrace(new PrintWriter(writer));
		return writer.toString();
	}

	static class OtherProperties implements Validator {

		private String sec = "";

		public String getSec() {
			return this.sec;
		}

		public void setSec(String sec) {
			this.sec = sec;
		}

		@Override
		public boolean supports(Class<?> type) {
			return OtherProperties.class.equals(type);
		}

		@Override
		public void validate(Object target, Errors errors) {
			errors.reject("other.invalid", "other.sec is never valid");
		}

	}

}
