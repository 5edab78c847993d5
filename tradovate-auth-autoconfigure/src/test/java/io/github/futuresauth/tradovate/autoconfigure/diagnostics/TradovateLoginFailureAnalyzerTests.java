package io.github.futuresauth.tradovate.autoconfigure.diagnostics;

import java.io.IOException;

import io.github.futuresauth.tradovate.auth.CaptchaRequiredException;
import io.github.futuresauth.tradovate.auth.CredentialsRejectedException;
import io.github.futuresauth.tradovate.auth.TokenRejectedException;
import io.github.futuresauth.tradovate.auth.TradovateAuthException;
import io.github.futuresauth.tradovate.auth.TradovateUnavailableException;
import io.github.futuresauth.tradovate.auth.UserNotActiveException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TradovateLoginFailureAnalyzer}.
 */
class TradovateLoginFailureAnalyzerTests {

	private static final String PASSWORD = "Pa55-4e1b7c";

	private static final String SEC = "Sec-2a9d0f";

	private final MockEnvironment environment = new MockEnvironment().withProperty("tradovate.name", "trader")
		.withProperty("tradovate.password", PASSWORD);

	private final TradovateLoginFailureAnalyzer analyzer = new TradovateLoginFailureAnalyzer(this.environment);

	@Test
	void credentialsRejected() {
		FailureAnalysis analysis = analyze(
				new CredentialsRejectedException("trader", "Incorrect username or password."));
		assertThat(analysis.getDescription()).isEqualTo("Logging in to Tradovate at https://demo.tradovateapi.com/v1 "
				+ "failed while the application started. Tradovate refused the login of user 'trader': Incorrect "
				+ "username or password.");
		assertThat(analysis.getAction())
			.startsWith("Check tradovate.name and tradovate.password, and set "
					+ "tradovate.app-id, tradovate.cid and tradovate.sec if the user logs in with an API key.")
			.contains("Tradovate counts every refused login towards a temporary lock-out")
			.endsWith("To start the application without logging in, set tradovate.login-at-startup=false: it then "
					+ "logs in at its first request to Tradovate.");
		assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain(PASSWORD);
	}

	@Test
	void credentialsOfAnApiKeyRejected() {
		this.environment.setProperty("tradovate.environment", "LIVE");
		this.environment.setProperty("tradovate.app-id", "my-app");
		this.environment.setProperty("tradovate.sec", SEC);
		FailureAnalysis analysis = analyze(
				new CredentialsRejectedException("trader", "Incorrect username or password."));
		assertThat(analysis.getDescription()).startsWith("Logging in to Tradovate at https://live.tradovateapi.com/v1");
		assertThat(analysis.getAction()).startsWith("Check tradovate.name and tradovate.password, and "
				+ "tradovate.app-id, tradovate.cid and tradovate.sec, which must all belong to the same API key.");
		assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain(PASSWORD).doesNotContain(SEC);
	}

	@Test
	void findsTheExceptionBehindAnotherOne() {
		CaptchaRequiredException cause = new CaptchaRequiredException("trader");
		FailureAnalysis analysis = this.analyzer.analyze(new BeanCreationException("someBean", "Failed", cause));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getCause()).isSameAs(cause);
	}

	@Test
	void captchaRequired() {
		FailureAnalysis analysis = analyze(new CaptchaRequiredException("trader"));
		assertThat(analysis.getDescription()).contains("Tradovate requires a captcha before user 'trader'");
		assertThat(analysis.getAction())
			.startsWith("Log in once as this user on the Tradovate web site, from the same "
					+ "network as this application, and solve the captcha; or wait about an hour.")
			.contains("every login attempt prolongs the penalty")
			.contains("set tradovate.login-at-startup=false");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			UnconfirmedEmail | Confirm the user's e-mail address with the link that Tradovate sent
			TemporaryLocked  | Wait until Tradovate lifts the temporary lock
			Closed           | The user is closed: log in as another user by changing tradovate.name
			Initiated        | Finish opening the account on the Tradovate web site
			Suspended        | Resolve the user's status on the Tradovate web site
			""")
	void userNotActive(String status, String action) {
		FailureAnalysis analysis = analyze(new UserNotActiveException("trader", status));
		assertThat(analysis.getDescription()).contains("Tradovate user 'trader' has status '" + status + "'");
		assertThat(analysis.getAction()).startsWith(action).contains("then start the application again.");
	}

	@Test
	void tradovateUnreachable() {
		this.environment.setProperty("tradovate.base-url", "https://proxy-user:Proxy-Pa55@proxy.example.com/v1");
		FailureAnalysis analysis = analyze(new TradovateUnavailableException(
				"Could not reach Tradovate to log in: Connection refused", new IOException("Connection refused")));
		assertThat(analysis.getDescription())
			.isEqualTo("Authenticating to Tradovate at https://******@proxy.example.com/v1 failed while the "
					+ "application started. Could not reach Tradovate to log in: Connection refused.");
		assertThat(analysis.getAction()).startsWith("Check that tradovate.base-url names Tradovate's REST API, and "
				+ "that this host can reach it (network, DNS, proxy, firewall). If Tradovate answers slowly, raise "
				+ "tradovate.connect-timeout or tradovate.read-timeout.");
		assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain("Proxy-Pa55");
	}

	@Test
	void tradovateBusy() {
		FailureAnalysis analysis = analyze(
				new TradovateUnavailableException("Tradovate answered HTTP 429 when asked to log in", null));
		assertThat(analysis.getDescription()).endsWith("Tradovate answered HTTP 429 when asked to log in.");
		assertThat(analysis.getAction()).startsWith("Tradovate is busy or down, or limits the requests of this "
				+ "application (HTTP 429 can last up to an hour): start the application again later.");
	}

	@Test
	void otherFailure() {
		FailureAnalysis analysis = analyze(new TokenRejectedException("Tradovate answered HTTP 401"));
		assertThat(analysis.getAction()).startsWith("Check that tradovate.environment (or tradovate.base-url) names "
				+ "Tradovate's REST API, such as https://demo.tradovateapi.com/v1");
		analysis = analyze(new TradovateAuthException("Tradovate sent an empty response when asked to log in"));
		assertThat(analysis.getDescription()).endsWith("Tradovate sent an empty response when asked to log in.");
	}

	@Test
	void doesNotSuggestWhatIsAlreadySet() {
		this.environment.setProperty("tradovate.login-at-startup", "false");
		FailureAnalysis analysis = analyze(new CaptchaRequiredException("trader"));
		assertThat(analysis.getAction()).doesNotContain("tradovate.login-at-startup");
	}

	@Test
	void ignoresOtherFailures() {
		assertThat(this.analyzer.analyze(new IllegalStateException("Tradovate"))).isNull();
	}

	private FailureAnalysis analyze(TradovateAuthException failure) {
		FailureAnalysis analysis = this.analyzer.analyze(failure);
		assertThat(analysis).isNotNull();
		return analysis;
	}

}
