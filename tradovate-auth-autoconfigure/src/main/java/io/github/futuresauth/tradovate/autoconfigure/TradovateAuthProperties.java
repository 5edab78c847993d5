package io.github.futuresauth.tradovate.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.futuresauth.tradovate.auth.AuthLimits;
import io.github.futuresauth.tradovate.auth.TradovateCredentials;
import io.github.futuresauth.tradovate.auth.TradovateEnvironment;
import io.github.futuresauth.tradovate.auth.TradovateUsers;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.util.StringUtils;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties for authenticating to the Tradovate REST API.
 * <p>
 * The properties validate themselves when they are bound, so that a mistake fails startup
 * with a message naming the property. Those messages never show a value, because some are
 * secrets.
 */
@ConfigurationProperties("tradovate")
public class TradovateAuthProperties extends TradovateCredentialsProperties implements Validator {

	/**
	 * Time to wait for a connection when neither {@code tradovate.connect-timeout} nor
	 * {@code spring.http.clients.connect-timeout} is set.
	 */
	public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

	/**
	 * Time to wait for a response when neither {@code tradovate.read-timeout} nor
	 * {@code spring.http.clients.read-timeout} is set.
	 */
	public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);

	/**
	 * The key of the default user, the one of the flat {@code tradovate.*} properties,
	 * among {@link #getUsers() the users}.
	 */
	public static final String DEFAULT_USER = TradovateUsers.DEFAULT_USER;

	/**
	 * Tradovate environment to connect to.
	 */
	private TradovateEnvironment environment = TradovateEnvironment.DEMO;

	/**
	 * Base URL of the REST API, such as https://demo.tradovateapi.com/v1. Overrides the
	 * environment's; for proxies and test servers. Plain http is allowed to loopback
	 * addresses only.
	 */
	private @Nullable URI baseUrl;

	/**
	 * Whether to log in while the application starts, so that wrong credentials stop it
	 * at once rather than at its first request to Tradovate.
	 */
	private boolean loginAtStartup = true;

	/**
	 * How long before the token's expirationTime to renew it. Renewal never happens
	 * earlier than half-way through the token's remaining lifetime.
	 */
	private Duration renewalMargin = Duration.ofMinutes(15);

	/**
	 * Time to wait for a connection to Tradovate when logging in or renewing the token.
	 * Defaults to spring.http.clients.connect-timeout when that is set, else to 5s.
	 */
	private @Nullable Duration connectTimeout;

	/**
	 * Time to wait for Tradovate's response to a login, renewal or /auth/me request.
	 * Defaults to spring.http.clients.read-timeout when that is set, else to 10s.
	 */
	private @Nullable Duration readTimeout;

	/**
	 * SSL settings of the connections to Tradovate.
	 */
	private final Ssl ssl = new Ssl();

	/**
	 * Whether to start even when tradovate.* properties are set that nothing binds, such
	 * as a misspelt name. By default such properties stop the application with a report
	 * that suggests the right name.
	 */
	private boolean ignoreUnknownProperties;

	/**
	 * Retries of logins and renewals that failed for a reason that may pass (I/O errors,
	 * timeouts, 408, 429, 5xx).
	 */
	private final Retry retry = new Retry();

	/**
	 * How long a caller waits for a token while a login is in progress, before it gets an
	 * exception saying so. Callers never wait during a hold: they are answered at once.
	 */
	private Duration tokenWaitTimeout = Duration.ofSeconds(30);

	/**
	 * How many requests to Tradovate's /auth/* endpoints may go out, per rolling hour,
	 * and how far apart logins must be.
	 */
	private final Limits limits = new Limits();

	/**
	 * Further Tradovate users that the application acts for, by a key of its choosing.
	 * Each takes name, password, app-id, app-version, device-id, cid, sec, environment
	 * and base-url, as the default user does at tradovate.*; all share the network's
	 * limits.
	 */
	private final Map<String, TradovateUserProperties> users = new LinkedHashMap<>();

	public TradovateEnvironment getEnvironment() {
		return this.environment;
	}

	public void setEnvironment(TradovateEnvironment environment) {
		this.environment = environment;
	}

	public @Nullable URI getBaseUrl() {
		return this.baseUrl;
	}

	public void setBaseUrl(@Nullable URI baseUrl) {
		this.baseUrl = baseUrl;
	}

	public boolean isLoginAtStartup() {
		return this.loginAtStartup;
	}

	public void setLoginAtStartup(boolean loginAtStartup) {
		this.loginAtStartup = loginAtStartup;
	}

	public Duration getRenewalMargin() {
		return this.renewalMargin;
	}

	public void setRenewalMargin(Duration renewalMargin) {
		this.renewalMargin = renewalMargin;
	}

	public @Nullable Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(@Nullable Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public @Nullable Duration getReadTimeout() {
		return this.readTimeout;
	}

	public void setReadTimeout(@Nullable Duration readTimeout) {
		this.readTimeout = readTimeout;
	}

	public Ssl getSsl() {
		return this.ssl;
	}

	public boolean isIgnoreUnknownProperties() {
		return this.ignoreUnknownProperties;
	}

	public void setIgnoreUnknownProperties(boolean ignoreUnknownProperties) {
		this.ignoreUnknownProperties = ignoreUnknownProperties;
	}

	public Retry getRetry() {
		return this.retry;
	}

	public Duration getTokenWaitTimeout() {
		return this.tokenWaitTimeout;
	}

	public void setTokenWaitTimeout(Duration tokenWaitTimeout) {
		this.tokenWaitTimeout = tokenWaitTimeout;
	}

	public Map<String, TradovateUserProperties> getUsers() {
		return this.users;
	}

	public Limits getLimits() {
		return this.limits;
	}

	/**
	 * Return the base URL to use: {@link #getBaseUrl() base-url} when set, else the
	 * environment's.
	 * @return the base URL of the REST API
	 */
	public URI determineBaseUrl() {
		return (this.baseUrl != null) ? this.baseUrl : this.environment.getBaseUrl();
	}

	/**
	 * Return the credentials of the default user, the flat {@code tradovate.*} ones.
	 * @return the credentials
	 * @throws InvalidTradovateCredentialsException naming the properties to set or fix
	 */
	public TradovateCredentials determineCredentials() {
		return determineCredentials("tradovate");
	}

	/**
	 * Return whether the application has a default user: one set by the flat
	 * {@code tradovate.*} properties, or, when no {@code tradovate.users.*} are set, the
	 * one those properties must describe.
	 * @return whether there is a default user
	 */
	public boolean hasDefaultUser() {
		return this.users.isEmpty() || StringUtils.hasText(getName());
	}

	/**
	 * Return the environment of a user: its own, else {@code tradovate.environment}.
	 * @param user the user's properties
	 * @return the environment
	 */
	public TradovateEnvironment determineEnvironment(TradovateUserProperties user) {
		return (user.getEnvironment() != null) ? user.getEnvironment() : this.environment;
	}

	/**
	 * Return the base URL of a user: its own base URL, else its own environment's, else
	 * {@link #determineBaseUrl()}.
	 * @param user the user's properties
	 * @return the base URL of the REST API for that user
	 */
	public URI determineBaseUrl(TradovateUserProperties user) {
		if (user.getBaseUrl() != null) {
			return user.getBaseUrl();
		}
		return (user.getEnvironment() != null) ? user.getEnvironment().getBaseUrl() : determineBaseUrl();
	}

	@Override
	public boolean supports(Class<?> type) {
		return TradovateAuthProperties.class.isAssignableFrom(type);
	}

	/**
	 * Check the properties: an http base URL to another host than loopback, durations
	 * that are not positive, retry settings that make no sense, credentials that are
	 * unresolved placeholders or longer than Tradovate accepts, half an API key, and an
	 * API key without the application id and version that Tradovate checks with it. Each
	 * problem is a {@link org.springframework.validation.FieldError} whose code is a
	 * {@link TradovatePropertyError}; its rejected value never shows a secret. Whether
	 * the name and password are set is checked only when they are needed, by
	 * {@link #determineCredentials()}.
	 */
	@Override
	public void validate(Object target, Errors errors) {
		TradovateAuthProperties properties = (TradovateAuthProperties) target;
		ConcealingBindingResult result = new ConcealingBindingResult(properties, errors.getObjectName());
		new TradovatePropertiesCheck(properties, result).run();
		errors.addAllErrors(result);
	}

	/**
	 * SSL settings of the connections to Tradovate.
	 */
	public static class Ssl {

		/**
		 * Name of the SSL bundle (spring.ssl.bundle.*) to trust Tradovate or a proxy
		 * with, for logins, renewals and the tradovateRestClient bean. Overrides
		 * spring.http.clients.ssl.bundle for these connections.
		 */
		private @Nullable String bundle;

		public @Nullable String getBundle() {
			return this.bundle;
		}

		public void setBundle(@Nullable String bundle) {
			this.bundle = bundle;
		}

	}

	/**
	 * Retry settings, named as Spring Boot names them elsewhere.
	 */
	public static class Retry {

		/**
		 * Maximum number of retries of a failed call, after the first attempt.
		 */
		private long maxRetries = 3;

		/**
		 * Delay before the first retry.
		 */
		private Duration delay = Duration.ofSeconds(1);

		/**
		 * Multiplier of the delay before each further retry.
		 */
		private double multiplier = 2.0;

		/**
		 * Longest delay between two retries.
		 */
		private Duration maxDelay = Duration.ofSeconds(30);

		/**
		 * Largest random amount added to or taken from each delay, so that many instances
		 * do not retry in step.
		 */
		private Duration jitter = Duration.ZERO;

		public long getMaxRetries() {
			return this.maxRetries;
		}

		public void setMaxRetries(long maxRetries) {
			this.maxRetries = maxRetries;
		}

		public Duration getDelay() {
			return this.delay;
		}

		public void setDelay(Duration delay) {
			this.delay = delay;
		}

		public double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(double multiplier) {
			this.multiplier = multiplier;
		}

		public Duration getMaxDelay() {
			return this.maxDelay;
		}

		public void setMaxDelay(Duration maxDelay) {
			this.maxDelay = maxDelay;
		}

		public Duration getJitter() {
			return this.jitter;
		}

		public void setJitter(Duration jitter) {
			this.jitter = jitter;
		}

		/**
		 * Return a retry policy with these settings.
		 * @return the retry policy
		 */
		public RetryPolicy toRetryPolicy() {
			return RetryPolicy.builder()
				.maxRetries(this.maxRetries)
				.delay(this.delay)
				.multiplier(this.multiplier)
				.maxDelay(this.maxDelay)
				.jitter(this.jitter)
				.build();
		}

	}

	/**
	 * Limits on requests to Tradovate's /auth/* endpoints. The defaults, and the highest
	 * values allowed, are Tradovate's published limits per network address: instances
	 * behind one address share them, so lower them when several applications that do not
	 * share a token run behind one address.
	 */
	public static class Limits {

		/**
		 * Logins that return no token (refused, penalized, failed) allowed in any rolling
		 * hour. Tradovate locks the network out after 5.
		 */
		private int failedLoginsPerHour = AuthLimits.TRADOVATE.failedLoginsPerHour();

		/**
		 * Renewals, of any outcome, allowed in any rolling hour. Tradovate allows 15.
		 */
		private int renewalsPerHour = AuthLimits.TRADOVATE.renewalsPerHour();

		/**
		 * Checks of a token through /auth/me, made before a login is spent on a 401,
		 * allowed in any rolling hour. Tradovate allows 10 failed ones; every one is
		 * counted.
		 */
		private int checksPerHour = AuthLimits.TRADOVATE.checksPerHour();

		/**
		 * First spacing between logins that replace sessions closed by another client of
		 * the same user, once that happens again within an hour; it doubles with every
		 * further such session, up to 15 minutes. The first session closed is replaced at
		 * once.
		 */
		private Duration minLoginInterval = AuthLimits.TRADOVATE.minLoginInterval();

		/**
		 * How long every request to /auth/* is held after a 429 that carries no
		 * Retry-After. Tradovate asks for an hour; it can only be shortened.
		 */
		private Duration tooManyRequestsHold = AuthLimits.TOO_MANY_REQUESTS_HOLD;

		/**
		 * Whether Tradovate granted this network address higher limits than its published
		 * ones. Only then may failed-logins-per-hour, renewals-per-hour and
		 * checks-per-hour be set above them.
		 */
		private boolean granted;

		public int getFailedLoginsPerHour() {
			return this.failedLoginsPerHour;
		}

		public void setFailedLoginsPerHour(int failedLoginsPerHour) {
			this.failedLoginsPerHour = failedLoginsPerHour;
		}

		public int getRenewalsPerHour() {
			return this.renewalsPerHour;
		}

		public void setRenewalsPerHour(int renewalsPerHour) {
			this.renewalsPerHour = renewalsPerHour;
		}

		public int getChecksPerHour() {
			return this.checksPerHour;
		}

		public void setChecksPerHour(int checksPerHour) {
			this.checksPerHour = checksPerHour;
		}

		public Duration getMinLoginInterval() {
			return this.minLoginInterval;
		}

		public void setMinLoginInterval(Duration minLoginInterval) {
			this.minLoginInterval = minLoginInterval;
		}

		public boolean isGranted() {
			return this.granted;
		}

		public void setGranted(boolean granted) {
			this.granted = granted;
		}

		public Duration getTooManyRequestsHold() {
			return this.tooManyRequestsHold;
		}

		public void setTooManyRequestsHold(Duration tooManyRequestsHold) {
			this.tooManyRequestsHold = tooManyRequestsHold;
		}

		/**
		 * Return these limits for the token provider.
		 * @return the limits
		 */
		public AuthLimits toAuthLimits() {
			return new AuthLimits(this.failedLoginsPerHour, this.renewalsPerHour, this.checksPerHour,
					this.minLoginInterval, this.tooManyRequestsHold);
		}

	}

}
