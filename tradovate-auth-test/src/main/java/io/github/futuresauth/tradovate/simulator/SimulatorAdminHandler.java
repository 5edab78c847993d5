package io.github.futuresauth.tradovate.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin API of a {@link TradovateSimulator}, under {@value #PATH}: JSON answers, and
 * changes requested with {@code POST} and query parameters, so that {@code curl} is all
 * one needs. Admin requests are neither journaled nor subject to faults, and no answer
 * carries a token or a password.
 *
 * <table>
 * <caption>Admin endpoints</caption>
 * <tr>
 * <th>Request</th>
 * <th>Effect</th>
 * </tr>
 * <tr>
 * <td>{@code GET /admin/sessions}</td>
 * <td>open sessions per user</td>
 * </tr>
 * <tr>
 * <td>{@code GET /admin/journal}</td>
 * <td>counters and every request: kind, status, time, caller</td>
 * </tr>
 * <tr>
 * <td>{@code GET /admin/clock}</td>
 * <td>the clock, server time and the server clock offset</td>
 * </tr>
 * <tr>
 * <td>{@code POST /admin/fail?status=503&count=1&retryAfter=5s}</td>
 * <td>{@code failNext}</td>
 * </tr>
 * <tr>
 * <td>{@code POST /admin/delay?delay=2s&count=1}</td>
 * <td>{@code delayNext}</td>
 * </tr>
 * <tr>
 * <td>{@code POST /admin/drop?count=1}</td>
 * <td>{@code dropNext}</td>
 * </tr>
 * <tr>
 * <td>{@code POST /admin/penalize?wait=15s}</td>
 * <td>{@code penalizeNextLogin}</td>
 * </tr>
 * <tr>
 * <td>{@code POST /admin/captcha}</td>
 * <td>{@code requireCaptchaOnNextLogin}</td>
 * </tr>
 * <tr>
 * <td>{@code POST /admin/close-sessions?user=trader}</td>
 * <td>{@code closeAllSessions}: kick every session of the user</td>
 * </tr>
 * <tr>
 * <td>{@code POST /admin/close-session} with {@code Authorization: Bearer <token>}</td>
 * <td>{@code closeSession}: kick the one session of that token; answers the open sessions
 * and {@code "closed"}, false when it was closed already</td>
 * </tr>
 * <tr>
 * <td>{@code POST /admin/open-session?user=trader}</td>
 * <td>{@code openSessionElsewhere}</td>
 * </tr>
 * <tr>
 * <td>{@code POST /admin/closed-session-status?status=500}</td>
 * <td>{@code closedSessionStatus}</td>
 * </tr>
 * <tr>
 * <td>{@code POST /admin/rate-limit-user?user=trader&period=30s&retryAfter=60s}</td>
 * <td>{@code rateLimitUser}: 429 on every request of the user for the period;
 * {@code retryAfter} is optional</td>
 * </tr>
 * <tr>
 * <td>{@code POST /admin/lock-out-logins?period=1h} or {@code ?count=2}</td>
 * <td>{@code lockOutLogins} or {@code lockOutNextLogins}: 423 on every login</td>
 * </tr>
 * <tr>
 * <td>{@code POST /admin/advance?by=1h}</td>
 * <td>{@code advance}, with a {@link MutableClock}</td>
 * </tr>
 * <tr>
 * <td>{@code POST /admin/server-clock-offset?offset=-2h}</td>
 * <td>{@code setServerClockOffset}</td>
 * </tr>
 * <tr>
 * <td>{@code POST /admin/reset}</td>
 * <td>{@code reset}</td>
 * </tr>
 * </table>
 */
final class SimulatorAdminHandler implements HttpHandler {

	static final String PATH = "/admin/";

	private static final String JSON = "application/json; charset=utf-8";

	static final List<String> READS = List.of("sessions", "journal", "clock");

	static final List<String> CHANGES = List.of("fail", "delay", "drop", "penalize", "captcha", "close-sessions",
			"close-session", "open-session", "closed-session-status", "rate-limit-user", "lock-out-logins", "advance",
			"server-clock-offset", "reset");

	/**
	 * One line per admin endpoint, for {@code --help}.
	 */
	static final List<String> USAGE = List.of("GET  " + PATH + "sessions  open sessions per user",
			"GET  " + PATH + "journal  counters and every request (kind, status, time, caller)",
			"GET  " + PATH + "clock  the clock, server time and the server clock offset",
			"POST " + PATH + "fail?status=503&count=1[&retryAfter=5s]  answer the next requests with a status",
			"POST " + PATH + "delay?delay=2s&count=1  hold the next requests",
			"POST " + PATH + "drop?count=1  close the next requests' connections unanswered",
			"POST " + PATH + "penalize?wait=15s  answer the next login with a time penalty",
			"POST " + PATH + "captcha  answer the next login with a captcha penalty",
			"POST " + PATH + "close-sessions?user=NAME  kick every session of the user",
			"POST " + PATH + "close-session, header Authorization: Bearer TOKEN  kick the session of that token",
			"POST " + PATH + "open-session?user=NAME  open a session as a web login does",
			"POST " + PATH + "closed-session-status?status=500  what a closed session's token gets: 401, 408, 429, 5xx",
			"POST " + PATH + "rate-limit-user?user=NAME&period=30s[&retryAfter=60s]  429 on every request of the user",
			"POST " + PATH + "lock-out-logins?period=1h | ?count=2  423 on every login for a period, or the next ones",
			"POST " + PATH + "advance?by=1h  move the clock forward",
			"POST " + PATH + "server-clock-offset?offset=-2h  put server time ahead or behind",
			"POST " + PATH + "reset  forget everything but the users");

	private final ObjectMapper objectMapper = JsonMapper.builder().build();

	private final TradovateSimulator simulator;

	SimulatorAdminHandler(TradovateSimulator simulator) {
		this.simulator = simulator;
	}

	@Override
	public void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String action = exchange.getRequestURI().getPath().substring(PATH.length());
			if (action.endsWith("/")) {
				action = action.substring(0, action.length() - 1);
			}
			String method = exchange.getRequestMethod();
			if (!READS.contains(action) && !CHANGES.contains(action)) {
				send(exchange, 404, Map.of("error", "No admin endpoint '" + PATH + action + "'; there are "
						+ String.join(", ", READS) + " (GET) and " + String.join(", ", CHANGES) + " (POST)"));
				return;
			}
			String expectedMethod = READS.contains(action) ? "GET" : "POST";
			if (!expectedMethod.equals(method)) {
				exchange.getResponseHeaders().set("Allow", expectedMethod);
				send(exchange, 405, Map.of("error", "Use " + expectedMethod + " for " + PATH + action));
				return;
			}
			Map<String, String> parameters = parameters(exchange.getRequestURI().getRawQuery());
			String authorization = exchange.getRequestHeaders().getFirst("Authorization");
			Object answer;
			try {
				answer = answer(action, parameters, authorization);
			}
			catch (IllegalArgumentException | NullPointerException ex) {
				send(exchange, 400, Map.of("error", String.valueOf(ex.getMessage())));
				return;
			}
			catch (IllegalStateException ex) {
				send(exchange, 409, Map.of("error", String.valueOf(ex.getMessage())));
				return;
			}
			send(exchange, 200, answer);
		}
	}

	private Object answer(String action, Map<String, String> parameters, @Nullable String authorization) {
		switch (action) {
			case "sessions":
				return sessions();
			case "journal":
				return journal();
			case "clock":
				return clock();
			case "fail":
				int status = intParameter(parameters, "status", null);
				int count = intParameter(parameters, "count", 1);
				if (parameters.containsKey("retryAfter")) {
					this.simulator.failNext(count, status, durationParameter(parameters, "retryAfter"));
				}
				else {
					this.simulator.failNext(count, status);
				}
				return ok();
			case "delay":
				this.simulator.delayNext(intParameter(parameters, "count", 1), durationParameter(parameters, "delay"));
				return ok();
			case "drop":
				this.simulator.dropNext(intParameter(parameters, "count", 1));
				return ok();
			case "penalize":
				this.simulator.penalizeNextLogin(durationParameter(parameters, "wait"));
				return ok();
			case "captcha":
				this.simulator.requireCaptchaOnNextLogin();
				return ok();
			case "close-sessions":
				this.simulator.closeAllSessions(requiredParameter(parameters, "user"));
				return sessions();
			case "close-session":
				boolean closed = this.simulator.closeSession(bearerToken(authorization));
				Map<String, Object> answer = new LinkedHashMap<>(sessions());
				answer.put("closed", closed);
				return answer;
			case "open-session":
				this.simulator.openSessionElsewhere(requiredParameter(parameters, "user"));
				return sessions();
			case "closed-session-status":
				this.simulator.closedSessionStatus(intParameter(parameters, "status", null));
				return ok();
			case "rate-limit-user":
				this.simulator.rateLimitUser(requiredParameter(parameters, "user"),
						durationParameter(parameters, "period"),
						parameters.containsKey("retryAfter") ? durationParameter(parameters, "retryAfter") : null);
				return ok();
			case "lock-out-logins":
				if (parameters.containsKey("period") == parameters.containsKey("count")) {
					throw new IllegalArgumentException(
							"Give either the query parameter 'period' (refuse logins for a time) or 'count' (refuse the next logins)");
				}
				if (parameters.containsKey("period")) {
					this.simulator.lockOutLogins(durationParameter(parameters, "period"));
				}
				else {
					this.simulator.lockOutNextLogins(intParameter(parameters, "count", null));
				}
				return ok();
			case "advance":
				this.simulator.advance(durationParameter(parameters, "by"));
				return clock();
			case "server-clock-offset":
				this.simulator.setServerClockOffset(durationParameter(parameters, "offset"));
				return clock();
			default:
				this.simulator.reset();
				return ok();
		}
	}

	private Map<String, Object> sessions() {
		List<Map<String, Object>> users = this.simulator.openSessions()
			.entrySet()
			.stream()
			.map((entry) -> Map.<String, Object>of("name", entry.getKey(), "openSessions", entry.getValue()))
			.toList();
		return Map.of("users", users);
	}

	private Map<String, Object> journal() {
		Journal journal = this.simulator.journal();
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("loginRequests", journal.loginRequests());
		answer.put("logins", journal.logins());
		answer.put("renewals", journal.renewals());
		answer.put("failedLogins", journal.failedLogins());
		answer.put("sessionsOpened", journal.sessionsOpened());
		answer.put("sessionsClosed", journal.sessionsClosed());
		answer.put("requests", journal.requests().stream().map(this::request).toList());
		return answer;
	}

	private Map<String, Object> request(RecordedRequest request) {
		// Never the Authorization header: it holds a token.
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("arrivedAt", request.arrivedAt().toString());
		answer.put("method", request.method());
		answer.put("path", request.path());
		answer.put("kind", request.kind().name());
		answer.put("status", request.status());
		answer.put("validBearer", request.validBearer());
		answer.put("callerAddress", request.callerAddress());
		return answer;
	}

	private Map<String, Object> clock() {
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("clock", this.simulator.clock().instant().toString());
		answer.put("serverTime", this.simulator.serverTime().toString());
		answer.put("serverClockOffset", this.simulator.getServerClockOffset().toString());
		answer.put("advanceable", this.simulator.clock() instanceof MutableClock);
		return answer;
	}

	private static Map<String, Object> ok() {
		return Map.of("ok", true);
	}

	private void send(HttpExchange exchange, int status, Object body) throws IOException {
		byte[] bytes = this.objectMapper.writeValueAsBytes(body);
		exchange.getResponseHeaders().set("Content-Type", JSON);
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private static Map<String, String> parameters(String query) {
		Map<String, String> parameters = new LinkedHashMap<>();
		if (query == null || query.isEmpty()) {
			return parameters;
		}
		for (String pair : query.split("&")) {
			int equals = pair.indexOf('=');
			String name = (equals >= 0) ? pair.substring(0, equals) : pair;
			String value = (equals >= 0) ? pair.substring(equals + 1) : "";
			parameters.put(URLDecoder.decode(name, StandardCharsets.UTF_8),
					URLDecoder.decode(value, StandardCharsets.UTF_8));
		}
		return parameters;
	}

	private static String bearerToken(@Nullable String authorization) {
		// In a header rather than the query: URLs end up in logs, and this is a token.
		if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
				|| authorization.substring(7).isBlank()) {
			throw new IllegalArgumentException(
					"Send the token of the session to close as the header 'Authorization: Bearer <token>'");
		}
		return authorization.substring(7).trim();
	}

	private static String requiredParameter(Map<String, String> parameters, String name) {
		String value = parameters.get(name);
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException("The query parameter '" + name + "' is required");
		}
		return value;
	}

	private static int intParameter(Map<String, String> parameters, String name, Integer defaultValue) {
		String value = parameters.get(name);
		if (value == null && defaultValue != null) {
			return defaultValue;
		}
		value = requiredParameter(parameters, name);
		try {
			return Integer.parseInt(value.trim());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(
					"The query parameter '" + name + "' must be a whole number, but was '" + value + "'");
		}
	}

	private static Duration durationParameter(Map<String, String> parameters, String name) {
		return DurationParser.parse(requiredParameter(parameters, name), "The query parameter '" + name + "'");
	}

}
