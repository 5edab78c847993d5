package io.github.futuresauth.tradovate.autoconfigure.diagnostics;

import io.github.futuresauth.tradovate.auth.CaptchaRequiredException;
import io.github.futuresauth.tradovate.auth.CredentialsRejectedException;
import io.github.futuresauth.tradovate.auth.TradovateAuthException;
import io.github.futuresauth.tradovate.auth.TradovateUnavailableException;
import io.github.futuresauth.tradovate.auth.UserNotActiveException;
import io.github.futuresauth.tradovate.autoconfigure.TradovateUserLoginException;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * A {@link org.springframework.boot.diagnostics.FailureAnalyzer} for a
 * {@link TradovateAuthException} that stopped the application while it started, most
 * often because the login at startup ({@code tradovate.login-at-startup}) was refused:
 * wrong credentials ({@link CredentialsRejectedException}), a captcha penalty
 * ({@link CaptchaRequiredException}), a user who is not active
 * ({@link UserNotActiveException}), or Tradovate could not be reached
 * ({@link TradovateUnavailableException}).
 * <p>
 * The report names the user and the base URL, never the password, the API secret or a
 * token.
 */
public class TradovateLoginFailureAnalyzer extends AbstractFailureAnalyzer<TradovateAuthException> implements Ordered {

	private final Environment environment;

	/**
	 * Create an analyzer that reads the {@code tradovate.*} properties from the given
	 * environment.
	 * @param environment the application's environment
	 */
	public TradovateLoginFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, TradovateAuthException cause) {
		TradovateUserLoginException user = findCause(rootFailure, TradovateUserLoginException.class);
		String description = (isRefusedLogin(cause) ? "Logging in to" : "Authenticating to") + " Tradovate "
				+ ((user != null) ? "as the user of tradovate.users." + user.getKey() + " "
						: "at " + FailureMessages.baseUrl(this.environment) + " ")
				+ "failed while the application started. " + FailureMessages.withoutUserInfo(sentence(cause));
		return new FailureAnalysis(description,
				action(cause, user) + FailureMessages.startWithoutLoggingIn(this.environment), cause);
	}

	private String action(TradovateAuthException cause, @Nullable TradovateUserLoginException user) {
		if (cause instanceof CredentialsRejectedException) {
			return (user != null) ? credentialsRejected("tradovate.users." + user.getKey() + ".")
					: credentialsRejected();
		}
		if (cause instanceof CaptchaRequiredException) {
			return "Log in once as this user on the Tradovate web site, from the same network as this application, "
					+ "and solve the captcha; or wait about an hour. Do not restart the application in a loop "
					+ "meanwhile: every login attempt prolongs the penalty.";
		}
		if (cause instanceof UserNotActiveException notActive) {
			return userNotActive(notActive.getUserStatus());
		}
		if (cause instanceof TradovateUnavailableException) {
			return unavailable(cause);
		}
		return "Check that " + baseUrlProperty() + " names Tradovate's REST API, such as "
				+ "https://demo.tradovateapi.com/v1, and try again later if the failure persists.";
	}

	private static String credentialsRejected(String prefix) {
		return "Check " + prefix + "name and " + prefix + "password, and " + prefix + "app-id, " + prefix + "cid and "
				+ prefix + "sec if the user logs in with an API key. Tradovate counts every refused login towards a"
				+ " temporary lock-out, so correct the properties before starting the application again.";
	}

	private String credentialsRejected() {
		StringBuilder action = new StringBuilder("Check tradovate.name and tradovate.password");
		if (FailureMessages.usesApiKey(this.environment)) {
			action.append(", and tradovate.app-id, tradovate.cid and tradovate.sec, which must all belong to the same "
					+ "API key");
		}
		else {
			action.append(", and set tradovate.app-id, tradovate.cid and tradovate.sec if the user logs in with an API "
					+ "key");
		}
		action.append('.');
		action.append(" Tradovate counts every refused login towards a temporary lock-out, so correct the")
			.append(" properties before starting the application again.");
		return action.toString();
	}

	private String userNotActive(String status) {
		String advice = switch (status) {
			case "UnconfirmedEmail" -> "Confirm the user's e-mail address with the link that Tradovate sent";
			case "TemporaryLocked" -> "Wait until Tradovate lifts the temporary lock, which follows too many failed "
					+ "logins, or ask Tradovate's support to lift it";
			case "Closed" ->
				"The user is closed: log in as another user by changing tradovate.name and " + "tradovate.password";
			case "Initiated" -> "Finish opening the account on the Tradovate web site";
			default -> "Resolve the user's status on the Tradovate web site";
		};
		return advice + ", then start the application again.";
	}

	private String unavailable(TradovateAuthException cause) {
		if (cause.getCause() == null) {
			return "Tradovate is busy or down, or limits the requests of this application (HTTP 429 can last up to "
					+ "an hour): start the application again later. How often a failed login is retried is set with "
					+ "tradovate.retry.*.";
		}
		return "Check that " + baseUrlProperty() + " names Tradovate's REST API, and that this host can reach it "
				+ "(network, DNS, proxy, firewall). If Tradovate answers slowly, raise tradovate.connect-timeout or "
				+ "tradovate.read-timeout.";
	}

	private String baseUrlProperty() {
		return (FailureMessages.usesNamedEnvironment(this.environment))
				? "tradovate.environment (or tradovate.base-url)" : "tradovate.base-url";
	}

	private static boolean isRefusedLogin(TradovateAuthException cause) {
		return cause instanceof CredentialsRejectedException || cause instanceof CaptchaRequiredException
				|| cause instanceof UserNotActiveException;
	}

	private static String sentence(TradovateAuthException cause) {
		String message = (cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getSimpleName();
		return (message.endsWith(".")) ? message : message + ".";
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
