package io.github.futuresauth.tradovate.auth;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

import javax.net.ssl.SSLException;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
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
 * It uses a {@link RestClient} of its own, never one that carries the Bearer interceptor,
 * so that logging in cannot recurse into itself. Every call is sent once and never waits:
 * failures become a {@link TradovateAuthException} whose
 * {@link TradovateAuthException#isTransient() isTransient()} tells the caller whether to
 * try again, a time penalty becomes a {@link TimePenaltyException} carrying the ticket
 * for the next login, and a penalty that requires a captcha a
 * {@link CaptchaRequiredException}. Deciding when to send what is the caller's job (see
 * {@link AuthBudget}).
 * <p>
 * The {@code Date} header of every answer is reported to the {@link ServerClock}, if one
 * is set, so that expiry can be judged in Tradovate's time. Unknown fields in responses
 * are ignored, so newer API versions do not break it.
 *
 * @see TokenProvider
 */
public class TradovateAuthClient {

	/** How long before the password expires the client starts to warn about it. */
	static final Duration PASSWORD_EXPIRY_WARNING = Duration.ofDays(14);

	private static final String LOG_IN = "log in";

	/**
	 * An endpoint that answers {@code 401} at once to a request without a token whenever
	 * Tradovate is up, and whose calls count against no {@code /auth/*} limit.
	 */
	static final String PROBE_PATH = "/account/list";

	private static final Pattern DIGITS = Pattern.compile("\\d{1,18}");

	private static final Log logger = LogFactory.getLog(TradovateAuthClient.class);

	private final RestClient restClient;

	private final @Nullable URI baseUrl;

	private @Nullable Duration readTimeout;

	private ServerClock serverClock = new ServerClock(Clock.systemUTC());

	/**
	 * Create a client that sends its requests through the given {@link RestClient}, whose
	 * base URL must be the API's base URL (such as
	 * {@code https://demo.tradovateapi.com/v1}).
	 * @param restClient the client to use; it must not add an {@code Authorization}
	 * header of its own
	 */
	public TradovateAuthClient(RestClient restClient) {
		this(restClient, null);
	}

	/**
	 * Create a client that sends its requests through the given {@link RestClient}.
	 * @param restClient the client to use, whose base URL is {@code baseUrl}; it must not
	 * add an {@code Authorization} header of its own
	 * @param baseUrl the API's base URL, named in messages about failed connections, or
	 * {@code null}
	 */
	public TradovateAuthClient(RestClient restClient, @Nullable URI baseUrl) {
		Assert.notNull(restClient, "RestClient must not be null");
		this.restClient = restClient;
		this.baseUrl = baseUrl;
	}

	/**
	 * Create a client for the given base URL, on the JDK's HTTP client.
	 * @param baseUrl the API's base URL; see {@link #requireSafeBaseUrl(URI)}
	 * @param connectTimeout how long to wait for a connection
	 * @param readTimeout how long to wait for a response
	 * @return the client
	 */
	public static TradovateAuthClient create(URI baseUrl, Duration connectTimeout, Duration readTimeout) {
		LazyClientHttpRequestFactory requestFactory = new LazyClientHttpRequestFactory(() -> {
			HttpClient httpClient = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
			JdkClientHttpRequestFactory jdkRequestFactory = new JdkClientHttpRequestFactory(httpClient);
			jdkRequestFactory.setReadTimeout(readTimeout);
			return jdkRequestFactory;
		});
		RestClient restClient = RestClient.builder()
			.baseUrl(requireSafeBaseUrl(baseUrl).toString())
			.requestFactory(requestFactory)
			.defaultHeader(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE)
			.build();
		TradovateAuthClient client = new TradovateAuthClient(restClient, baseUrl);
		client.setReadTimeout(readTimeout);
		return client;
	}

	/**
	 * Check that a base URL is fit to receive credentials and tokens: {@code https}, or
	 * {@code http} to a loopback address (a local proxy or a test server), and without
	 * user information.
	 * @param baseUrl the URL to check
	 * @return the same URL
	 * @throws IllegalArgumentException saying what to change
	 */
	public static URI requireSafeBaseUrl(URI baseUrl) {
		Assert.notNull(baseUrl, "Base URL must not be null");
		if (baseUrl.getRawUserInfo() != null) {
			// Checked first, so that no message below can show what the user information
			// holds.
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
		// Only IP literals are parsed: a host name is never looked up, so DNS cannot
		// vouch for it.
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
	 * Set the clock that measures Tradovate's time from the {@code Date} header of its
	 * answers, and tells whether the password expires soon. Defaults to one on the system
	 * clock.
	 * @param serverClock the clock to use
	 */
	public void setServerClock(ServerClock serverClock) {
		Assert.notNull(serverClock, "ServerClock must not be null");
		this.serverClock = serverClock;
	}

	ServerClock getServerClock() {
		return this.serverClock;
	}

	/**
	 * Set the read timeout of the underlying client, to name it in messages about
	 * requests that timed out.
	 * @param readTimeout the read timeout
	 */
	public void setReadTimeout(Duration readTimeout) {
		this.readTimeout = readTimeout;
	}

	/**
	 * Return what {@link #login(TradovateCredentials, String)} sends, so that it is
	 * counted and held by the limits of the endpoint it goes to. A subclass that logs in
	 * another way says so here.
	 * @return {@link AuthRequest#ACCESS_TOKEN_REQUEST}
	 */
	public AuthRequest loginRequest() {
		return AuthRequest.ACCESS_TOKEN_REQUEST;
	}

	/**
	 * Return what {@link #renew(AccessToken)} sends first, so that a renewal is counted
	 * only when {@code /auth/renewaccesstoken} is asked. A subclass that renews another
	 * way says so here.
	 * @return {@link AuthRequest#RENEW_ACCESS_TOKEN}
	 */
	public AuthRequest renewalRequest() {
		return AuthRequest.RENEW_ACCESS_TOKEN;
	}

	/**
	 * Log in, opening a new session on the server.
	 * @param credentials the credentials to log in with
	 * @return the new token
	 * @throws CredentialsRejectedException when Tradovate refuses the credentials
	 * @throws UserNotActiveException when the user's status is not {@code Active}
	 * @throws TimePenaltyException when Tradovate imposes a time penalty
	 * @throws CaptchaRequiredException when Tradovate requires a captcha
	 * @throws TradovateUnavailableException when Tradovate cannot be reached or is
	 * unavailable
	 * @throws TradovateAuthException for any other failure
	 */
	public AccessToken login(TradovateCredentials credentials) {
		return login(credentials, null);
	}

	/**
	 * Log in, opening a new session on the server, with the ticket of an earlier time
	 * penalty.
	 * @param credentials the credentials to log in with
	 * @param penaltyTicket the {@code p-ticket} of the latest time penalty, or
	 * {@code null}
	 * @return the new token
	 * @throws CredentialsRejectedException when Tradovate refuses the credentials
	 * @throws UserNotActiveException when the user's status is not {@code Active}
	 * @throws TimePenaltyException when Tradovate imposes a time penalty
	 * @throws CaptchaRequiredException when Tradovate requires a captcha
	 * @throws TradovateUnavailableException when Tradovate cannot be reached or is
	 * unavailable
	 * @throws TradovateAuthException for any other failure
	 */
	public AccessToken login(TradovateCredentials credentials, @Nullable String penaltyTicket) {
		LoginRequest body = LoginRequest.of(credentials).withPenaltyTicket(penaltyTicket);
		AccessTokenResponse response = send(this.restClient.post()
			.uri("/auth/accesstokenrequest")
			.contentType(MediaType.APPLICATION_JSON)
			.body(body), LOG_IN, AccessTokenResponse.class);
		if (Boolean.TRUE.equals(response.penaltyCaptcha())) {
			throw new CaptchaRequiredException(credentials.name());
		}
		if (response.penaltyTicket() != null) {
			long seconds = (response.penaltySeconds() != null) ? Math.max(0, response.penaltySeconds()) : 0;
			throw new TimePenaltyException(credentials.name(), Duration.ofSeconds(seconds), response.penaltyTicket());
		}
		return toToken(credentials.name(), response);
	}

	/**
	 * Renew a token, extending its session without opening a new one.
	 * @param token the token to renew; it must still be valid
	 * @return the renewed token, keeping what the renewal response left out
	 * @throws TokenRejectedException when Tradovate no longer accepts the token
	 * @throws TradovateUnavailableException when Tradovate cannot be reached or is
	 * unavailable
	 * @throws TradovateAuthException for any other failure
	 */
	public AccessToken renew(AccessToken token) {
		AccessTokenResponse response = get("/auth/renewaccesstoken", token, "renew the access token",
				AccessTokenResponse.class);
		if (response.penaltyTicket() != null) {
			// The renewal limit was exceeded: wait as long as asked; a renewal needs no
			// ticket.
			long seconds = (response.penaltySeconds() != null) ? Math.max(0, response.penaltySeconds()) : 0;
			throw new TradovateUnavailableException("Tradovate imposed a time penalty on renewing the access token",
					null, 429, Duration.ofSeconds(seconds));
		}
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
	 * @throws TradovateUnavailableException when Tradovate cannot be reached or is
	 * unavailable
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

	/**
	 * Ask whether Tradovate is up, with a request that carries no token, so that it
	 * belongs to no user and counts against no {@code /auth/*} limit: when Tradovate is
	 * up, it answers {@code 401} at once. Tells a closed session that Tradovate answers
	 * with {@code 408}, {@code 429} or {@code 5xx} apart from an outage.
	 * @return whether Tradovate answered as it does when it is up
	 */
	public boolean isUp() {
		try {
			ResponseEntity<Void> response = this.restClient.get()
				.uri(PROBE_PATH)
				.retrieve()
				.onStatus((status) -> true, (request, reply) -> {
				})
				.toBodilessEntity();
			int status = response.getStatusCode().value();
			return status == HttpStatus.UNAUTHORIZED.value() || status == HttpStatus.FORBIDDEN.value();
		}
		catch (RestClientException ex) {
			return false;
		}
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
			logger.warn("Tradovate reports that the password of user '" + user + "' appears in a known data breach ("
					+ response.hibpHint() + "); change it");
		}
		Instant expiry = parseInformational(response.passwordExpirationTime());
		if (expiry != null) {
			if (expiry.isBefore(this.serverClock.instant().plus(PASSWORD_EXPIRY_WARNING))) {
				logger.warn("The Tradovate password of user '" + user + "' expires at " + expiry + "; change it");
			}
		}
	}

	/**
	 * Fields that only inform must never fail a login that has already opened a session.
	 */
	private static @Nullable Instant parseInformational(@Nullable String value) {
		if (!StringUtils.hasText(value)) {
			return null;
		}
		try {
			return Instant.parse(value);
		}
		catch (DateTimeParseException ex) {
			logger.debug("Ignoring a timestamp that is not an ISO-8601 instant: " + value);
			return null;
		}
	}

	private static Instant parseInstant(String field, String value) {
		try {
			return Instant.parse(value);
		}
		catch (DateTimeParseException ex) {
			throw new TradovateAuthException("Tradovate sent a " + field + " that is not an ISO-8601 instant: " + value,
					ex);
		}
	}

	private <T> T get(String path, AccessToken token, String action, Class<T> responseType) {
		return send(this.restClient.get().uri(path).headers((headers) -> headers.setBearerAuth(token.accessToken())),
				action, responseType);
	}

	/**
	 * Sends a prepared request and reads its response, turning every failure into ours.
	 */
	private <T> T send(RestClient.RequestHeadersSpec<?> request, String action, Class<T> responseType) {
		Clock localClock = this.serverClock.getLocalClock();
		Instant sent = localClock.instant();
		ResponseEntity<T> response;
		try {
			response = request.retrieve().onStatus(HttpStatusCode::isError, (req, reply) -> {
				observeDate(sent, reply.getHeaders());
				throw statusException(action, reply.getStatusCode(), reply.getHeaders());
			}).toEntity(responseType);
		}
		catch (ResourceAccessException ex) {
			throw new TradovateUnavailableException("Could not reach Tradovate to " + action + ": " + describe(ex), ex,
					isUnanswered(ex));
		}
		catch (TradovateAuthException ex) {
			throw ex;
		}
		catch (RestClientException ex) {
			throw new TradovateAuthException("Tradovate sent a response that could not be read when asked to " + action,
					ex);
		}
		observeDate(sent, response.getHeaders());
		T body = response.getBody();
		if (body == null) {
			throw new TradovateAuthException("Tradovate sent an empty response when asked to " + action);
		}
		return body;
	}

	private void observeDate(Instant sent, HttpHeaders headers) {
		Instant received = this.serverClock.getLocalClock().instant();
		long date;
		try {
			date = headers.getDate();
		}
		catch (IllegalArgumentException ex) {
			return;
		}
		if (date > 0) {
			this.serverClock.observe(sent, received, Instant.ofEpochMilli(date));
		}
	}

	/** Says what went wrong on the way, in words rather than the JDK's class names. */
	private String describe(ResourceAccessException ex) {
		// The JDK's client reports a refused connection as a ClosedChannelException under
		// a ConnectException: the first cause that says something wins.
		for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectException || cause instanceof UnknownHostException
					|| cause instanceof UnresolvedAddressException || cause instanceof SSLException
					|| cause instanceof HttpTimeoutException || cause instanceof SocketTimeoutException) {
				return describe(cause);
			}
		}
		return describe(ex.getMostSpecificCause());
	}

	private String describe(Throwable failure) {
		String target = (this.baseUrl != null) ? hostAndPort(this.baseUrl) : "Tradovate";
		if (failure instanceof ConnectException) {
			return "the connection was refused by " + target;
		}
		if (failure instanceof UnknownHostException || failure instanceof UnresolvedAddressException) {
			return "the host " + ((this.baseUrl != null) ? this.baseUrl.getHost() : "of the base URL")
					+ " is unknown (check tradovate.base-url and DNS)";
		}
		if (failure instanceof SSLException) {
			return "the TLS handshake with " + target + " failed (" + failure.getMessage() + ")";
		}
		if (failure instanceof HttpTimeoutException || failure instanceof SocketTimeoutException) {
			return "no answer from " + target
					+ ((this.readTimeout != null) ? " within " + this.readTimeout.toMillis() + " ms" : " in time")
					+ " (read timeout)";
		}
		if (failure instanceof ClosedChannelException || failure instanceof EOFException) {
			return target + " closed the connection without an answer";
		}
		String message = failure.getMessage();
		return (message != null) ? message : "the connection to " + target + " failed";
	}

	/**
	 * Whether the request may have been sent, and processed, without an answer coming
	 * back.
	 */
	private static boolean isUnanswered(ResourceAccessException ex) {
		for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectException || cause instanceof UnknownHostException
					|| cause instanceof UnresolvedAddressException || cause instanceof SSLException) {
				return false;
			}
			if (cause instanceof HttpTimeoutException || cause instanceof SocketTimeoutException
					|| cause instanceof ClosedChannelException || cause instanceof EOFException) {
				return true;
			}
		}
		return false;
	}

	private static String hostAndPort(URI uri) {
		int port = (uri.getPort() != -1) ? uri.getPort() : ("https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80);
		return uri.getHost() + ":" + port;
	}

	private static TradovateAuthException statusException(String action, HttpStatusCode status, HttpHeaders headers) {
		String message = "Tradovate answered HTTP " + status.value() + " when asked to " + action;
		if (LOG_IN.equals(action)) {
			if (status.value() == HttpStatus.LOCKED.value()) {
				// A reCAPTCHA lock-out after failed logins, like a captcha penalty.
				return new CaptchaRequiredException(message
						+ ": Tradovate locked logins out after failed ones (reCAPTCHA); no login is sent for an hour,"
						+ " and then only with credentials known to be right", null);
			}
			if (status.value() == HttpStatus.BAD_GATEWAY.value()
					|| status.value() == HttpStatus.GATEWAY_TIMEOUT.value()) {
				// A gateway may have passed the login on: it may have opened a session.
				return new TradovateUnavailableException(message, null, status.value(), retryAfter(headers), true);
			}
		}
		if (status.value() == HttpStatus.UNAUTHORIZED.value()) {
			return new TokenRejectedException(message + ": the token is invalid, expired, or its session was closed");
		}
		if (status.is5xxServerError() || status.value() == HttpStatus.REQUEST_TIMEOUT.value()
				|| status.value() == HttpStatus.TOO_MANY_REQUESTS.value()) {
			return new TradovateUnavailableException(message, null, status.value(), retryAfter(headers));
		}
		return new TradovateAuthException(message);
	}

	/**
	 * Reads {@code Retry-After} in seconds; the HTTP-date form is not used by Tradovate.
	 */
	private static @Nullable Duration retryAfter(HttpHeaders headers) {
		String value = headers.getFirst(HttpHeaders.RETRY_AFTER);
		if (value == null || !DIGITS.matcher(value.trim()).matches()) {
			return null;
		}
		return Duration.ofSeconds(Long.parseLong(value.trim()));
	}

	/**
	 * The body of {@code /auth/accesstokenrequest}. Its {@code toString()} hides the
	 * secrets, because HTTP clients log request bodies at debug level.
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record LoginRequest(String name, String password, @Nullable String appId, @Nullable String appVersion,
			@Nullable String deviceId, @Nullable Object cid, @Nullable String sec,
			@JsonProperty("p-ticket") @Nullable String penaltyTicket) {

		static LoginRequest of(TradovateCredentials credentials) {
			String cid = credentials.cid();
			// The schema types cid as a string, but the official examples send a number,
			// which is what the service is known to accept.
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
	 * The response of {@code /auth/accesstokenrequest} and
	 * {@code /auth/renewaccesstoken}. Its {@code toString()} hides the tokens.
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
