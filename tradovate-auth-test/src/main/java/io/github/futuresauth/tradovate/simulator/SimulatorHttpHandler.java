package io.github.futuresauth.tradovate.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Routes the simulator's requests: applies pending faults, answers the endpoints and
 * records every request in the {@link Journal}.
 *
 * <p>
 * Each request is journaled before its answer is written, so that a test that has just
 * received an answer finds the request in the journal. A request that was still being
 * delayed when the simulator was reset is dropped without being journaled, so that it
 * cannot leak into the next test.
 */
final class SimulatorHttpHandler implements HttpHandler {

	static final String LOGIN_PATH = "/v1/auth/accesstokenrequest";

	static final String RENEWAL_PATH = "/v1/auth/renewaccesstoken";

	static final String ME_PATH = "/v1/auth/me";

	static final String ACCOUNT_LIST_PATH = "/v1/account/list";

	static final String USER_LIST_PATH = "/v1/user/list";

	static final String NOT_ENTITLED_PATH = "/v1/marketdatasubscription/list";

	/**
	 * The {@code Retry-After} of an injected 429 that does not name one.
	 */
	static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(60);

	static final String FORWARDED_FOR = "X-Forwarded-For";

	private static final System.Logger logger = System.getLogger(TradovateSimulator.class.getName());

	private static final DateTimeFormatter TIMESTAMP_FORMAT = DateTimeFormatter
		.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	private static final Duration PASSWORD_LIFETIME = Duration.ofDays(365);

	private static final String JSON = "application/json; charset=utf-8";

	private static final String TEXT = "text/plain; charset=utf-8";

	private static final String BEARER_PREFIX = "bearer ";

	private final ObjectMapper objectMapper = JsonMapper.builder().build();

	private final Clock serverClock;

	private final AuthenticationState state;

	private final EndpointLimits limits;

	private final FaultQueue faults;

	private final Journal journal;

	private final LongSupplier resets;

	private final Consumer<RecordedRequest> listener;

	private final OAuthHandler oauth;

	/**
	 * Create a handler.
	 * @param serverClock the server's clock
	 * @param state the users, sessions and tokens
	 * @param limits the endpoint limits
	 * @param faults the pending faults
	 * @param journal the journal to record requests in
	 * @param resets how many times the simulator has been reset so far
	 * @param listener told of every request once it has been journaled
	 * @param oauth answers the authorize page and the token endpoint
	 */
	SimulatorHttpHandler(Clock serverClock, AuthenticationState state, EndpointLimits limits, FaultQueue faults,
			Journal journal, LongSupplier resets, Consumer<RecordedRequest> listener, OAuthHandler oauth) {
		this.serverClock = serverClock;
		this.state = state;
		this.limits = limits;
		this.faults = faults;
		this.journal = journal;
		this.resets = resets;
		this.listener = listener;
		this.oauth = oauth;
	}

	@Override
	public void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			long arrival = this.journal.arrived();
			long resetsAtArrival = this.resets.getAsLong();
			Instant arrivedAt = this.serverClock.instant();
			String method = exchange.getRequestMethod();
			String path = exchange.getRequestURI().getPath();
			String authorization = exchange.getRequestHeaders().getFirst("Authorization");
			String token = bearerToken(authorization);
			String address = callerAddress(exchange);
			boolean validBearer = this.state.userOf(token).isPresent();
			Response response = answer(exchange, method, path, token, address, resetsAtArrival);
			if (response == null) {
				return;
			}
			RecordedRequest recorded = new RecordedRequest(arrivedAt, method, path, response.kind(), response.status(),
					validBearer, authorization, address);
			this.journal.record(arrival, recorded);
			this.listener.accept(recorded);
			logger.log(Level.DEBUG,
					() -> method + " " + path + " -> " + response.kind() + " " + response.status() + " for " + address);
			if (response.status() != RecordedRequest.NO_RESPONSE) {
				send(exchange, response);
			}
			// Otherwise closing the exchange before any response headers were sent closes
			// the connection, which the client sees as a reset or an unexpected end of
			// stream.
		}
	}

	/**
	 * Answer a request, applying the next pending fault.
	 * @return the answer, or {@code null} when the request is to be dropped without being
	 * journaled
	 */
	private Response answer(HttpExchange exchange, String method, String path, String token, String address,
			long resetsAtArrival) {
		FaultQueue.Fault fault = this.faults.next();
		if (fault instanceof FaultQueue.Failure failure) {
			return failure(failure.status(), failure.retryAfter());
		}
		if (fault instanceof FaultQueue.Drop) {
			return Response.dropped();
		}
		if (fault instanceof FaultQueue.Delay delay) {
			if (!sleep(delay.delay()) || this.resets.getAsLong() != resetsAtArrival) {
				// The simulator was closed or reset meanwhile: the request belongs to no
				// test.
				return null;
			}
		}
		AuthenticationState.UserRateLimit userRateLimit = this.state.rateLimitOf(token);
		if (userRateLimit != null) {
			// The server stops handling the user's requests, whichever endpoint.
			return new Response(429, RequestKind.USER_RATE_LIMITED, null, null, userRateLimit.retryAfter());
		}
		try {
			return route(exchange, method, path, token, address);
		}
		catch (IOException | RuntimeException ex) {
			// Only the exception type: a message could quote the request, credentials
			// included.
			logger.log(Level.WARNING, () -> "Failed to answer " + method + " " + path + ": " + ex.getClass().getName());
			return Response.text(500, RequestKind.FAULT, "Internal Server Error");
		}
	}

	private Response route(HttpExchange exchange, String method, String path, String token, String address)
			throws IOException {
		// Regardless of case: clients spell paths both ways (accesstokenrequest,
		// accessTokenRequest).
		String endpoint = path.toLowerCase(Locale.ROOT);
		if (endpoint.length() > 1 && endpoint.endsWith("/")) {
			endpoint = endpoint.substring(0, endpoint.length() - 1);
		}
		if ("POST".equals(method) && LOGIN_PATH.equals(endpoint)) {
			return login(exchange.getRequestBody().readAllBytes(), address);
		}
		if (this.oauth.handles(method, endpoint)) {
			return this.oauth.answer(exchange, method, endpoint);
		}
		if ("GET".equals(method)) {
			switch (endpoint) {
				case RENEWAL_PATH:
					return renew(token, address);
				case ME_PATH:
					return me(token, address);
				case NOT_ENTITLED_PATH:
					return notEntitled(token);
				case ACCOUNT_LIST_PATH:
					return authorized(token, RequestKind.API, (user) -> List.of(account(user)));
				case USER_LIST_PATH:
					return authorized(token, RequestKind.API, (user) -> List.of(user(user)));
				default:
					break;
			}
		}
		return Response.empty(404, RequestKind.NOT_FOUND);
	}

	private Response login(byte[] body, String address) {
		LoginRequest request = readLoginRequest(body);
		if (request == null) {
			this.state.unreadableLogin(address);
			return json(400, RequestKind.LOGIN_REJECTED, Map.of("errorText", "The request body is not a JSON object."));
		}
		LoginOutcome outcome = this.state.login(request, address);
		if (outcome instanceof LoginOutcome.Granted granted) {
			return json(200, RequestKind.LOGIN, accessTokenResponse(granted));
		}
		if (outcome instanceof LoginOutcome.Penalized penalized) {
			Map<String, Object> penalty = new LinkedHashMap<>();
			penalty.put("p-ticket", penalized.ticket());
			penalty.put("p-time", penalized.waitSeconds());
			penalty.put("p-captcha", penalized.captcha());
			return json(200, penaltyKind(penalized), penalty);
		}
		if (outcome instanceof LoginOutcome.LockedOut) {
			return Response.empty(423, RequestKind.LOGIN_LOCKED_OUT);
		}
		if (outcome instanceof LoginOutcome.UserRateLimited userRateLimited) {
			return new Response(429, RequestKind.USER_RATE_LIMITED, null, null, userRateLimited.retryAfter());
		}
		LoginOutcome.Rejected rejected = (LoginOutcome.Rejected) outcome;
		return json(200, RequestKind.LOGIN_REJECTED, Map.of("errorText", rejected.errorText()));
	}

	private static RequestKind penaltyKind(LoginOutcome.Penalized penalized) {
		if (penalized.captcha()) {
			return RequestKind.LOGIN_CAPTCHA;
		}
		return (penalized.rateLimited()) ? RequestKind.LOGIN_RATE_LIMITED : RequestKind.LOGIN_PENALIZED;
	}

	private Response renew(String token, String address) {
		// Every renewal counts towards the limit, successful or not.
		Instant now = this.serverClock.instant();
		if (this.limits.isExceeded(EndpointLimits.Endpoint.RENEWAL, address, now)) {
			return rateLimited(this.limits.violate(EndpointLimits.Endpoint.RENEWAL, address, now));
		}
		this.limits.count(EndpointLimits.Endpoint.RENEWAL, address, now);
		Optional<LoginOutcome.Granted> renewed = this.state.renew(token);
		if (renewed.isEmpty()) {
			return refused(token, RequestKind.RENEWAL_REJECTED);
		}
		return json(200, RequestKind.RENEWAL, accessTokenResponse(renewed.get()));
	}

	private Response me(String token, String address) {
		// Only failed calls count towards the limit, but beyond it every call is refused.
		Instant now = this.serverClock.instant();
		if (this.limits.isExceeded(EndpointLimits.Endpoint.ME, address, now)) {
			return rateLimited(this.limits.violate(EndpointLimits.Endpoint.ME, address, now));
		}
		Response response = authorized(token, RequestKind.ME, this::me);
		if (response.status() != 200) {
			this.limits.count(EndpointLimits.Endpoint.ME, address, now);
		}
		return response;
	}

	private Response notEntitled(String token) {
		if (this.state.userOf(token).isEmpty()) {
			return refused(token, RequestKind.UNAUTHORIZED);
		}
		// Tradovate refuses a valid token of a user without the entitlement with 401 too.
		return Response.empty(401, RequestKind.NOT_ENTITLED);
	}

	private Response authorized(String token, RequestKind kind, Function<SimulatedUser, Object> body) {
		Optional<SimulatedUser> user = this.state.userOf(token);
		if (user.isEmpty()) {
			return refused(token, RequestKind.UNAUTHORIZED);
		}
		return json(200, kind, body.apply(user.get()));
	}

	/**
	 * Refuse a token that is not valid: 401, or the closed-session status for a token of
	 * a closed session.
	 */
	private Response refused(String token, RequestKind unauthorizedKind) {
		int closedSessionStatus = this.state.closedSessionStatus();
		if (closedSessionStatus == AuthenticationState.UNAUTHORIZED || !this.state.isOfClosedSession(token)) {
			return Response.empty(401, unauthorizedKind);
		}
		if (closedSessionStatus == 429) {
			return new Response(429, RequestKind.SESSION_CLOSED, null, null, DEFAULT_RETRY_AFTER);
		}
		return Response.text(closedSessionStatus, RequestKind.SESSION_CLOSED, closedSessionStatus + " Session closed");
	}

	private static Response rateLimited(Duration backOff) {
		// Like the real service: an empty body and how long to wait.
		return new Response(429, RequestKind.RATE_LIMITED, null, null, backOff);
	}

	private Map<String, Object> accessTokenResponse(LoginOutcome.Granted granted) {
		SimulatedUser user = granted.user();
		Map<String, Object> response = new LinkedHashMap<>();
		response.put("accessToken", granted.accessToken());
		if (granted.mdAccessToken() != null) {
			response.put("mdAccessToken", granted.mdAccessToken());
		}
		response.put("expirationTime", timestamp(granted.expirationTime()));
		response.put("passwordExpirationTime", timestamp(this.serverClock.instant().plus(PASSWORD_LIFETIME)));
		response.put("userStatus", "Active");
		response.put("userId", user.userId());
		response.put("name", user.name());
		response.put("hasLive", false);
		response.put("hasSimPlus", false);
		response.put("hasFunded", false);
		response.put("hasMarketData", false);
		response.put("outdatedTaC", false);
		return response;
	}

	private Map<String, Object> me(SimulatedUser user) {
		Map<String, Object> me = new LinkedHashMap<>();
		me.put("userId", user.userId());
		me.put("name", user.name());
		me.put("fullName", "Simulated " + user.name());
		me.put("email", email(user));
		me.put("emailVerified", true);
		me.put("isTrial", false);
		return me;
	}

	private Map<String, Object> account(SimulatedUser user) {
		Map<String, Object> account = new LinkedHashMap<>();
		account.put("id", user.accountId());
		account.put("name", "DEMO" + user.accountId());
		account.put("userId", user.userId());
		account.put("accountType", "Customer");
		account.put("active", true);
		account.put("clearingHouseId", 2);
		account.put("riskCategoryId", 2);
		account.put("autoLiqProfileId", 2);
		account.put("marginAccountType", "Speculator");
		account.put("legalStatus", "Individual");
		account.put("archived", false);
		account.put("timestamp", timestamp(user.createdAt()));
		return account;
	}

	private Map<String, Object> user(SimulatedUser user) {
		Map<String, Object> entity = new LinkedHashMap<>();
		entity.put("id", user.userId());
		entity.put("name", user.name());
		entity.put("timestamp", timestamp(user.createdAt()));
		entity.put("email", email(user));
		entity.put("status", "Active");
		entity.put("professional", false);
		return entity;
	}

	private @Nullable LoginRequest readLoginRequest(byte[] body) {
		JsonNode json = JsonBodies.readObject(this.objectMapper, body);
		if (json == null) {
			return null;
		}
		return new LoginRequest(text(json, "name"), text(json, "password"), text(json, "appId"),
				text(json, "appVersion"), text(json, "cid"), text(json, "sec"), text(json, "p-ticket"));
	}

	private Response json(int status, RequestKind kind, Object body) {
		return new Response(status, kind, JSON, this.objectMapper.writeValueAsBytes(body), null);
	}

	private static Response failure(int status, Duration retryAfter) {
		// The real service answers 429 with an empty body; other errors come from proxies
		// and carry a short text that is not JSON, which a client must cope with.
		if (status == 429) {
			return new Response(status, RequestKind.FAULT, null, null,
					(retryAfter != null) ? retryAfter : DEFAULT_RETRY_AFTER);
		}
		Response text = Response.text(status, RequestKind.FAULT, status + " Simulated failure");
		return new Response(status, RequestKind.FAULT, text.contentType(), text.body(), retryAfter);
	}

	private static void send(HttpExchange exchange, Response response) throws IOException {
		response.headers().forEach(exchange.getResponseHeaders()::set);
		if (response.retryAfter() != null) {
			exchange.getResponseHeaders().set("Retry-After", Long.toString(wholeSeconds(response.retryAfter())));
		}
		if (response.body() == null) {
			exchange.sendResponseHeaders(response.status(), -1);
			return;
		}
		exchange.getResponseHeaders().set("Content-Type", response.contentType());
		exchange.sendResponseHeaders(response.status(), response.body().length);
		try (OutputStream body = exchange.getResponseBody()) {
			body.write(response.body());
		}
	}

	private static boolean sleep(Duration delay) {
		try {
			Thread.sleep(delay.toMillis());
			return true;
		}
		catch (InterruptedException ex) {
			// The simulator is closing: give up on the request.
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Return the address that limits and penalties are keyed to: the first entry of
	 * {@code X-Forwarded-For} when there is one, so that one machine can play several
	 * networks in a test, otherwise the remote IP address.
	 */
	static String callerAddress(HttpExchange exchange) {
		String forwardedFor = exchange.getRequestHeaders().getFirst(FORWARDED_FOR);
		if (forwardedFor != null) {
			int comma = forwardedFor.indexOf(',');
			String first = ((comma >= 0) ? forwardedFor.substring(0, comma) : forwardedFor).trim();
			if (!first.isEmpty()) {
				return first;
			}
		}
		return exchange.getRemoteAddress().getAddress().getHostAddress();
	}

	static long wholeSeconds(Duration duration) {
		// Rounded up: a client that waits this long must not arrive early.
		long seconds = duration.getSeconds();
		return (duration.getNano() > 0) ? seconds + 1 : seconds;
	}

	private static String bearerToken(String authorization) {
		if (authorization == null || !authorization.regionMatches(true, 0, BEARER_PREFIX, 0, BEARER_PREFIX.length())) {
			return null;
		}
		String token = authorization.substring(BEARER_PREFIX.length()).trim();
		return (token.isEmpty()) ? null : token;
	}

	private static String text(JsonNode json, String field) {
		JsonNode value = json.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		// Numbers are accepted as text: examples send cid as a number, the schema says
		// string.
		return (value.isString()) ? value.stringValue() : value.asString();
	}

	private static String timestamp(Instant instant) {
		return TIMESTAMP_FORMAT.format(instant);
	}

	private static String email(SimulatedUser user) {
		return user.name().toLowerCase(Locale.ROOT) + "@example.com";
	}

	/**
	 * An answer, ready to be journaled and written.
	 *
	 * @param status the HTTP status, or {@link RecordedRequest#NO_RESPONSE} to drop the
	 * connection
	 * @param kind how the request is journaled
	 * @param contentType the content type of the body, or {@code null} without a body
	 * @param body the body, or {@code null} for none
	 * @param retryAfter the {@code Retry-After} to answer with, or {@code null} for none
	 * @param headers further response headers
	 */
	record Response(int status, RequestKind kind, String contentType, byte[] body, Duration retryAfter,
			Map<String, String> headers) {

		Response(int status, RequestKind kind, String contentType, byte[] body, Duration retryAfter) {
			this(status, kind, contentType, body, retryAfter, Map.of());
		}

		static Response empty(int status, RequestKind kind) {
			return new Response(status, kind, null, null, null);
		}

		static Response text(int status, RequestKind kind, String body) {
			return new Response(status, kind, TEXT, body.getBytes(StandardCharsets.UTF_8), null);
		}

		static Response dropped() {
			return new Response(RecordedRequest.NO_RESPONSE, RequestKind.FAULT, null, null, null);
		}

	}

}
