package io.github.futuresauth.tradovate.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.futuresauth.tradovate.auth.TradovateAuthClient;
import io.github.futuresauth.tradovate.auth.TradovateCredentials;
import io.github.futuresauth.tradovate.auth.TradovateEnvironment;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties for authenticating to the Tradovate REST API.
 * <p>
 * The properties validate themselves when they are bound, so that a mistake fails startup with
 * a message naming the property. Those messages never show a value, because some are secrets.
 */
@ConfigurationProperties("tradovate")
public class TradovateAuthProperties implements Validator {

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
	 * Tradovate environment to connect to.
	 */
	private TradovateEnvironment environment = TradovateEnvironment.DEMO;

	/**
	 * Base URL of the REST API, such as https://demo.tradovateapi.com/v1. Overrides the
	 * environment's; for proxies and test servers. Plain http is allowed to loopback addresses
	 * only.
	 */
	private @Nullable URI baseUrl;

	/**
	 * User name to log in with.
	 */
	private @Nullable String name;

	/**
	 * Password to log in with.
	 */
	private @Nullable String password;

	/**
	 * Application id registered with the API key.
	 */
	private @Nullable String appId;

	/**
	 * Application version sent with the login.
	 */
	private @Nullable String appVersion;

	/**
	 * Id of this installation, sent with the login.
	 */
	private @Nullable String deviceId;

	/**
	 * Client id (cid) of the API key.
	 */
	private @Nullable String cid;

	/**
	 * Secret (sec) of the API key.
	 */
	private @Nullable String sec;

	/**
	 * Whether to log in while the application starts, so that wrong credentials stop it at once
	 * rather than at its first request to Tradovate.
	 */
	private boolean loginAtStartup = true;

	/**
	 * How long before the token's expirationTime to renew it. Renewal never happens earlier than
	 * half-way through the token's remaining lifetime.
	 */
	private Duration renewalMargin = Duration.ofMinutes(15);

	/**
	 * Time to wait for a connection to Tradovate when logging in or renewing the token.
	 * Defaults to spring.http.clients.connect-timeout when that is set, else to 5s.
	 */
	private @Nullable Duration connectTimeout;

	/**
	 * Time to wait for Tradovate's response to a login, renewal or /auth/me request. Defaults
	 * to spring.http.clients.read-timeout when that is set, else to 10s.
	 */
	private @Nullable Duration readTimeout;

	/**
	 * SSL settings of the connections to Tradovate.
	 */
	private final Ssl ssl = new Ssl();

	/**
	 * Retries of logins and renewals that failed for a reason that may pass (I/O errors,
	 * timeouts, 408, 429, 5xx).
	 */
	private final Retry retry = new Retry();

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

	public @Nullable String getName() {
		return this.name;
	}

	public void setName(@Nullable String name) {
		this.name = name;
	}

	public @Nullable String getPassword() {
		return this.password;
	}

	public void setPassword(@Nullable String password) {
		this.password = password;
	}

	public @Nullable String getAppId() {
		return this.appId;
	}

	public void setAppId(@Nullable String appId) {
		this.appId = appId;
	}

	public @Nullable String getAppVersion() {
		return this.appVersion;
	}

	public void setAppVersion(@Nullable String appVersion) {
		this.appVersion = appVersion;
	}

	public @Nullable String getDeviceId() {
		return this.deviceId;
	}

	public void setDeviceId(@Nullable String deviceId) {
		this.deviceId = deviceId;
	}

	public @Nullable String getCid() {
		return this.cid;
	}

	public void setCid(@Nullable String cid) {
		this.cid = cid;
	}

	public @Nullable String getSec() {
		return this.sec;
	}

	public void setSec(@Nullable String sec) {
		this.sec = sec;
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

	public Retry getRetry() {
		return this.retry;
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
	 * Return the credentials that these properties describe.
	 * @return the credentials
	 * @throws InvalidTradovateCredentialsException naming the properties to set or fix
	 */
	public TradovateCredentials determineCredentials() {
		List<String> problems = TradovateCredentials.problems(this.name, this.password, this.appId, this.appVersion,
				this.deviceId, this.cid, this.sec);
		if (!problems.isEmpty()) {
			throw new InvalidTradovateCredentialsException(problems.stream().map((problem) -> "tradovate." + problem).toList());
		}
		return new TradovateCredentials(this.name, this.password, this.appId, this.appVersion, this.deviceId, this.cid,
				this.sec);
	}

	@Override
	public boolean supports(Class<?> type) {
		return TradovateAuthProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		TradovateAuthProperties properties = (TradovateAuthProperties) target;
		for (String problem : properties.problems()) {
			errors.reject("tradovate.invalid", problem);
		}
	}

	private List<String> problems() {
		List<String> problems = new ArrayList<>();
		if (this.baseUrl != null) {
			try {
				TradovateAuthClient.requireSafeBaseUrl(this.baseUrl);
			}
			catch (IllegalArgumentException ex) {
				problems.add("tradovate.base-url: " + ex.getMessage());
			}
		}
		positive(problems, "tradovate.renewal-margin", this.renewalMargin);
		if (this.connectTimeout != null) {
			positive(problems, "tradovate.connect-timeout", this.connectTimeout);
		}
		if (this.readTimeout != null) {
			positive(problems, "tradovate.read-timeout", this.readTimeout);
		}
		this.retry.addProblems(problems);
		return problems;
	}

	private static void positive(List<String> problems, String property, @Nullable Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			problems.add(property + " must be a positive duration, such as 10s");
		}
	}

	/**
	 * SSL settings of the connections to Tradovate.
	 */
	public static class Ssl {

		/**
		 * Name of the SSL bundle (spring.ssl.bundle.*) to trust Tradovate or a proxy with, for
		 * logins, renewals and the tradovateRestClient bean. Overrides
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
		 * Largest random amount added to or taken from each delay, so that many instances do not
		 * retry in step.
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

		void addProblems(List<String> problems) {
			if (this.maxRetries < 0) {
				problems.add("tradovate.retry.max-retries must be zero or more");
			}
			positive(problems, "tradovate.retry.delay", this.delay);
			if (this.multiplier < 1) {
				problems.add("tradovate.retry.multiplier must be 1 or more");
			}
			positive(problems, "tradovate.retry.max-delay", this.maxDelay);
			if (this.delay != null && this.maxDelay != null && this.maxDelay.compareTo(this.delay) < 0) {
				problems.add("tradovate.retry.max-delay must not be shorter than tradovate.retry.delay");
			}
			if (this.jitter == null || this.jitter.isNegative()) {
				problems.add("tradovate.retry.jitter must be zero or a positive duration");
			}
		}

	}

}
