package io.github.futuresauth.tradovate.auth;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * A client for Tradovate's authentication endpoints: {@code /auth/accesstokenrequest},
 * {@code /auth/renewaccesstoken} and {@code /auth/me}.
 * <p>
 * It uses a {@link RestClient} of its own, never one that carries the Bearer interceptor, so that
 * logging in cannot recurse into itself. Every call is sent once; failures become a
 * {@link TradovateAuthException} whose {@link TradovateAuthException#isTransient() isTransient()}
 * tells the caller whether to retry. The one thing it does wait for is a time penalty
 * ({@code p-ticket}): it waits {@code p-time} seconds and sends the login again with the ticket,
 * as the API asks, for up to five minutes. A penalty that requires a captcha fails at once with
 * {@link CaptchaRequiredException}.
 * <p>
 * Unknown fields in responses are ignored, so newer API versions do not break it.
 *
 * @see TokenProvider
 */
public class TradovateAuthClient implements ApplicationEventPublisherAware {

	/**
	 * How many time penalties in a row one login honours before it gives up. Tradovate hands out a
	 * new ticket when the previous one came back too early; more than a few means something is
	 * wrong with the clock or the network, and waiting forever would hide it.
	 */
	static final int MAX_PENALTIES = 3;

	/**
	 * Longest time penalty that a login waits out. Longer ones fail at once: the caller, and every
	 * caller waiting for the same login, would otherwise block for as long.
	 */
	static final Duration MAX_PENALTY_WAIT = Duration.ofMinutes(5);

	/** How long before the password expires the client starts to warn about it. */
	static final Duration PASSWORD_EXPIRY_WARNING = Duration.ofDays(14);

	private static final Pattern DIGITS = Pattern.compile("\\d{1,18}");

	private static final Log logger = LogFactory.getLog(TradovateAuthClient.class);

	private final RestClient restClient;

	private Sleeper sleeper = (duration) -> Thread.sleep(duration.toMillis());

	private Clock clock = Clock.systemUTC();

	private @Nullable ApplicationEventPublisher eventPublisher;

	/**
	 * Create a client that sends its requests through the given {@link RestClient}, whose base URL
	 * must be the API's base URL (such as {@code https://demo.tradovateapi.com/v1}).
	 * @param restClient the client to use; it must not add an {@code Authorization} header of
	 * its own
	 */
	public TradovateAuthClient(RestClient restClient) {
		Assert.notNull(restClient, "RestClient must not be null");
		this.restClient = restClient;
	}

	/**
	 * Create a client for the given base URL, on the JDK's HTTP client.
	 * @param baseUrl the API's base URL; see {@link #requireSafeBaseUrl(URI)}
	 * @param connectTimeout how long to wait for a connection
	 * @param readTimeout how long to wait for a response
	 * @return the client
	 */
	public static TradovateAuthClient create(URI baseUrl, Duration connectTimeout, Duration readTimeout) {
		HttpClient httpClient = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
		JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(httpClient);
		requestFactory.setReadTimeout(readTimeout);
		RestClient restClient = RestClient.builder()
			.baseUrl(requireSafeBaseUrl(baseUrl).toString())
			.requestFactory(requestFactory)
			.defaultHeader(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE)
			.build();
		return new TradovateAuthClient(restClient);
	}

	/**
	 * Check that a base URL is fit to receive credentials and tokens: {@code https}, or
	 * {@code http} to a loopback address (a local proxy or a test server), and without user
	 * information.
	 * @param baseUrl the URL to check
	 * @return the same URL
	 * @throws IllegalArgumentException saying what to change
	 */
	public static URI requireSafeBaseUrl(URI baseUrl) {
		Assert.notNull(baseUrl, "Base URL must not be null");
		if (baseUrl.getRawUserInfo() != null) {
			// Checked first, so that no message below can show what the user information holds.
			throw new IllegalArgumentException("Base URL must not carry user information (user:password@)");
		}
		String scheme = baseUrl.getScheme();
		String host = baseUrl.getHost();
		if (scheme == null || host == null) {
			throw new IllegalArgumentException(
					"Base URL '" + baseUrl + "' must be absolute, such as https://demo.tradovateapi.com/v1");
		}
		if ("https".equalsIgnoreCase(scheme) || ("http".equalsIgnoreCase(scheme) && isLoopback(host))) {
			return baseUrl;
		}
		throw new IllegalArgumentException("Base URL '" + baseUrl
				+ "' must use https: credentials and tokens may travel over plain http only to a loopback address"
				+ " (localhost, 127.0.0.1 or [::1])");
	}

	private static boolean isLoopback(String host) {
		if ("localhost".equalsIgnoreCase(host)) {
			return true;
		}
		String literal = (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
		// Only IP literals are parsed: a host name is never looked up, so DNS cannot vouch for it.
		if (!literal.contains(":") && !literal.matches("[0-9.]+")) {
			return false;
		}
		try {
			return InetAddress.getByName(literal).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

	/**
	 * Set what waits out a time penalty. Defaults to {@link Thread#sleep(long)}.
	 * @param sleeper the sleeper to use
	 */
	public void setSleeper(Sleeper sleeper) {
		Assert.notNull(sleeper, "Sleeper must not be null");
		this.sleeper = sleeper;
	}

	/**
	 * Set the clock used to tell whether the password expires soon. Defaults to the system clock.
	 * @param clock the clock to use
	 */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "Clock must not be null");
		this.clock = clock;
	}

	/**
	 * Set the publisher of {@link LoginPenaltyEvent}s.
	 * @param eventPublisher the publisher to use
	 */
	@Override
	public void setApplicationEventPublisher(ApplicationEventPublisher eventPublisher) {
		this.eventPublisher = eventPublisher;
	}

	/**
	 * Log in, opening a new session on the server. Honours time penalties.
	 * @param credentials the credentials to log in with
	 * @return the new token
	 * @throws CredentialsRejectedException when Tradovate refuses the credentials
	 * @throws UserNotActiveException when the user's status is not {@code Active}
	 * @throws CaptchaRequiredException when Tradovate requires a captcha
	 * @throws TradovateUnavailableException when Tradovate cannot be reached or is unavailable
	 * @throws TradovateAuthException for any other failure
	 */
	public AccessToken login(TradovateCredentials credentials) {
		LoginRequest body = LoginRequest.of(credentials);
		for (int penalties = 0;; penalties++) {
			AccessTokenResponse response = send(this.restClient.post()
				.uri("/auth/accesstokenrequest")
				.contentType(MediaType.APPLICATION_JSON)
				.body(body), "log in", AccessTokenResponse.class);
			if (Boolean.TRUE.equals(response.penaltyCaptcha())) {
				throw new CaptchaRequiredException(credentials.name());
			}
			if (response.penaltyTicket() == null) {
				return toToken(credentials.name(), response);
			}
			if (penalties == MAX_PENALTIES) {
				throw new TradovateAuthException("Tradovate imposed " + (penalties + 1)
						+ " time penalties in a row on the login of user '" + credentials.name() + "'; giving up");
			}
			long seconds = (response.penaltySeconds() != null) ? response.penaltySeconds() : 0;
			Duration wait = Duration.ofSeconds(Math.max(0, seconds));
			if (wait.compareTo(MAX_PENALTY_WAIT) > 0) {
				throw new TradovateAuthException("Tradovate asked to wait " + wait.toSeconds()
						+ "s before logging in user '" + credentials.name() + "' again, longer than a login waits ("
						+ MAX_PENALTY_WAIT.toSeconds() + "s); try again later");
			}
			logger.warn("Tradovate asked to wait " + wait.toSeconds() + "s before logging in user '"
					+ credentials.name() + "' again (time penalty for too many logins); waiting");
			if (this.eventPublisher != null) {
				this.eventPublisher.publishEvent(new LoginPenaltyEvent(this, credentials.name(), wait));
			}
			sleep(wait);
			body = body.withPenaltyTicket(response.penaltyTicket());
		}
	}

	/**
	 * Renew a token, extending its session without opening a new one.
	 * @param token the token to renew; it must still be valid
	 * @return the renewed token, keeping what the renewal response left out
	 * @throws TokenRejectedException when Tradovate no longer accepts the token
	 * @throws TradovateUnavailableException when Tradovate cannot be reached or is unavailable
	 * @throws TradovateAuthException for any other failure
	 */
	public AccessToken renew(AccessToken token) {
		AccessTokenResponse response = get("/auth/renewaccesstoken", token, "renew the access token",
				AccessTokenResponse.class);
		if (StringUtils.hasText(response.errorText())) {
			throw new TokenRejectedException("Tradovate refused to renew the access token: " + response.errorText());
		}
		return token.renewedBy(toToken(token.name(), response));
	}

	/**
	 * Describe the user that a token belongs to.
	 * @param token a valid token
	 * @return the user
	 * @throws TokenRejectedException when Tradovate does not accept the token
	 * @throws TradovateUnavailableException when Tradovate cannot be reached or is unavailable
	 * @throws TradovateAuthException for any other failure
	 */
	public TradovateUser me(AccessToken token) {
		MeResponse response = get("/auth/me", token, "describe the user", MeResponse.class);
		if (StringUtils.hasText(response.errorText())) {
			throw new TradovateAuthException("Tradovate could not describe the user: " + response.errorText());
		}
		if (response.userId() == null || response.name() == null) {
			throw new TradovateAuthException("Tradovate described the user without a userId or name");
		}
		return new TradovateUser(response.userId(), response.name(), response.fullName(), response.email(),
				Boolean.TRUE.equals(response.emailVerified()), Boolean.TRUE.equals(response.isTrial()));
	}

	private AccessToken toToken(@Nullable String name, AccessTokenResponse response) {
		String user = (response.name() != null) ? response.name() : String.valueOf(name);
		if (StringUtils.hasText(response.errorText())) {
			throw new CredentialsRejectedException(user, response.errorText());
		}
		if (response.userStatus() != null && !"Active".equals(response.userStatus())) {
			throw new UserNotActiveException(user, response.userStatus());
		}
		if (!StringUtils.hasText(response.accessToken()) || !StringUtils.hasText(response.expirationTime())) {
			throw new TradovateAuthException("Tradovate answered without an accessToken or expirationTime");
		}
		warnAboutPassword(user, response);
		return new AccessToken(response.accessToken(), response.mdAccessToken(),
				parseInstant("expirationTime", response.expirationTime()), response.userId(), response.name(),
				response.userStatus());
	}

	private void warnAboutPassword(String user, AccessTokenResponse response) {
		if (response.hibpHint() != null) {
			logger.warn("Tradovate reports that the password of user '" + user
					+ "' appears in a known data breach (" + response.hibpHint() + "); change it");
		}
		if (StringUtils.hasText(response.passwordExpirationTime())) {
			Instant expiry = parseInstant("passwordExpirationTime", response.passwordExpirationTime());
			if (expiry.isBefore(this.clock.instant().plus(PASSWORD_EXPIRY_WARNING))) {
				logger.warn("The Tradovate password of user '" + user + "' expires at " + expiry + "; change it");
			}
		}
	}

	private static Instant parseInstant(String field, String value) {
		try {
			return Instant.parse(value);
		}
		catch (DateTimeParseException ex) {
			throw new TradovateAuthException("Tradovate sent a " + field + " that is not an ISO-8601 instant: " + value, ex);
		}
	}

	private <T> T get(String path, AccessToken token, String action, Class<T> responseType) {
		return send(this.restClient.get().uri(path).headers((headers) -> headers.setBearerAuth(token.accessToken())),
				action, responseType);
	}

	/** Sends a prepared request and reads its response, turning every failure into ours. */
	private <T> T send(RestClient.RequestHeadersSpec<?> request, String action, Class<T> responseType) {
		@Nullable T response;
		try {
			response = request.retrieve().onStatus(HttpStatusCode::isError, (sent, reply) -> {
				throw statusException(action, reply.getStatusCode());
			}).body(responseType);
		}
		catch (ResourceAccessException ex) {
			throw new TradovateUnavailableException("Could not reach Tradovate to " + action + ": "
					+ ((ex.getMostSpecificCause().getMessage() != null) ? ex.getMostSpecificCause().getMessage()
							: ex.getMostSpecificCause().getClass().getSimpleName()),
					ex);
		}
		catch (TradovateAuthException ex) {
			throw ex;
		}
		catch (RestClientException ex) {
			throw new TradovateAuthException("Tradovate sent a response that could not be read when asked to " + action,
					ex);
		}
		if (response == null) {
			throw new TradovateAuthException("Tradovate sent an empty response when asked to " + action);
		}
		return response;
	}

	private static TradovateAuthException statusException(String action, HttpStatusCode status) {
		String message = "Tradovate answered HTTP " + status.value() + " when asked to " + action;
		if (status.value() == HttpStatus.UNAUTHORIZED.value()) {
			return new TokenRejectedException(message + ": the token is invalid, expired, or its session was closed");
		}
		if (status.is5xxServerError() || status.value() == HttpStatus.REQUEST_TIMEOUT.value()
				|| status.value() == HttpStatus.TOO_MANY_REQUESTS.value()) {
			return new TradovateUnavailableException(message, null);
		}
		return new TradovateAuthException(message);
	}

	private void sleep(Duration duration) {
		try {
			this.sleeper.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new TradovateAuthException("Interrupted while waiting out a Tradovate time penalty", ex);
		}
	}

	/**
	 * Waits out a time penalty.
	 */
	@FunctionalInterface
	public interface Sleeper {

		/**
		 * Return after the given time has passed.
		 * @param duration how long to wait
		 * @throws InterruptedException when the thread is interrupted while it waits
		 */
		void sleep(Duration duration) throws InterruptedException;

	}

	/**
	 * The body of {@code /auth/accesstokenrequest}. Its {@code toString()} hides the secrets,
	 * because HTTP clients log request bodies at debug level.
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record LoginRequest(String name, String password, @Nullable String appId, @Nullable String appVersion,
			@Nullable String deviceId, @Nullable Object cid, @Nullable String sec,
			@JsonProperty("p-ticket") @Nullable String penaltyTicket) {

		static LoginRequest of(TradovateCredentials credentials) {
			String cid = credentials.cid();
			// The schema types cid as a string, but the official examples send a number, which
			// is what the service is known to accept.
			Object cidValue = (cid != null && DIGITS.matcher(cid).matches()) ? Long.valueOf(cid) : cid;
			return new LoginRequest(credentials.name(), credentials.password(), credentials.appId(),
					credentials.appVersion(), credentials.deviceId(), cidValue, credentials.sec(), null);
		}

		LoginRequest withPenaltyTicket(@Nullable String ticket) {
			return new LoginRequest(this.name, this.password, this.appId, this.appVersion, this.deviceId, this.cid,
					this.sec, ticket);
		}

		@Override
		public String toString() {
			return "LoginRequest[name=" + this.name + ", password=******, appId=" + this.appId + ", cid=" + this.cid
					+ ", sec=" + ((this.sec != null) ? "******" : null) + ", p-ticket="
					+ ((this.penaltyTicket != null) ? "******" : null) + "]";
		}

	}

	/**
	 * The response of {@code /auth/accesstokenrequest} and {@code /auth/renewaccesstoken}. Its
	 * {@code toString()} hides the tokens.
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record AccessTokenResponse(@Nullable String errorText, @Nullable String hibpHint, @Nullable String accessToken,
			@Nullable String mdAccessToken, @Nullable String expirationTime, @Nullable String passwordExpirationTime,
			@Nullable String userStatus, @Nullable Long userId, @Nullable String name,
			@JsonProperty("p-ticket") @Nullable String penaltyTicket,
			@JsonProperty("p-time") @Nullable Long penaltySeconds,
			@JsonProperty("p-captcha") @Nullable Boolean penaltyCaptcha) {

		@Override
		public String toString() {
			return "AccessTokenResponse[errorText=" + this.errorText + ", expirationTime=" + this.expirationTime
					+ ", userStatus=" + this.userStatus + ", userId=" + this.userId + ", name=" + this.name + "]";
		}

	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record MeResponse(@Nullable String errorText, @Nullable Long userId, @Nullable String name,
			@Nullable String fullName, @Nullable String email, @Nullable Boolean emailVerified,
			@Nullable Boolean isTrial) {

	}

}
