package io.github.futuresauth.tradovate.simulator;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers the OAuth requests of a {@link TradovateSimulator}, the authorize page and the
 * token endpoint, on behalf of {@link SimulatorHttpHandler}, which applies faults and
 * journals them like every other request. The rules are {@link SimulatedOAuth}'s; this
 * class reads requests and writes pages and JSON.
 */
final class OAuthHandler {

	/**
	 * The cookie that binds the authorize page's form to the browser that was shown it.
	 */
	static final String COOKIE = "tradovate_simulator_oauth";

	private static final String HTML = "text/html; charset=utf-8";

	private static final String JSON = "application/json; charset=utf-8";

	private static final String BASIC_PREFIX = "basic ";

	private final ObjectMapper objectMapper = JsonMapper.builder().build();

	private final SimulatedOAuth oauth;

	OAuthHandler(SimulatedOAuth oauth) {
		this.oauth = oauth;
	}

	/**
	 * Return whether the given request is one of the OAuth requests.
	 * @param method the HTTP method
	 * @param endpoint the lower-case path, without a trailing slash
	 * @return whether {@link #answer} answers it
	 */
	boolean handles(String method, String endpoint) {
		if (SimulatedOAuth.AUTHORIZE_PATH.equals(endpoint)) {
			return "GET".equals(method) || "POST".equals(method);
		}
		return SimulatedOAuth.TOKEN_PATH.equals(endpoint) && "POST".equals(method);
	}

	SimulatorHttpHandler.Response answer(HttpExchange exchange, String method, String endpoint) throws IOException {
		if (SimulatedOAuth.TOKEN_PATH.equals(endpoint)) {
			return token(exchange);
		}
		if ("GET".equals(method)) {
			Map<String, String> parameters = parseForm(exchange.getRequestURI().getRawQuery());
			if (parameters == null) {
				return page(new OAuthOutcome.ErrorPage("A parameter appears more than once."));
			}
			return page(this.oauth.authorize(parameters));
		}
		Map<String, String> form = parseForm(
				new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
		if (form == null) {
			return page(new OAuthOutcome.ErrorPage("A field appears more than once."));
		}
		return page(this.oauth.decide(form, cookie(exchange)));
	}

	private SimulatorHttpHandler.Response page(OAuthOutcome outcome) {
		if (outcome instanceof OAuthOutcome.Redirect redirect) {
			return new SimulatorHttpHandler.Response(302, redirect.kind(), null, null, null,
					Map.of("Location", redirect.location().toString(), "Cache-Control", "no-store"));
		}
		if (outcome instanceof OAuthOutcome.LoginPage login) {
			RequestKind kind = (login.error() != null) ? RequestKind.OAUTH_LOGIN_FAILED : RequestKind.OAUTH_AUTHORIZE;
			// Path-scoped and HttpOnly: only the form's post needs it.
			String cookie = COOKIE + "=" + login.browserNonce() + "; Path=" + SimulatedOAuth.AUTHORIZE_PATH
					+ "; HttpOnly; SameSite=Lax";
			return new SimulatorHttpHandler.Response(200, kind, HTML, loginPage(login).getBytes(StandardCharsets.UTF_8),
					null, Map.of("Set-Cookie", cookie, "Cache-Control", "no-store"));
		}
		OAuthOutcome.ErrorPage error = (OAuthOutcome.ErrorPage) outcome;
		return new SimulatorHttpHandler.Response(400, RequestKind.OAUTH_AUTHORIZE_REJECTED, HTML,
				errorPage(error.message()).getBytes(StandardCharsets.UTF_8), null, Map.of("Cache-Control", "no-store"));
	}

	private SimulatorHttpHandler.Response token(HttpExchange exchange) throws IOException {
		byte[] body = exchange.getRequestBody().readAllBytes();
		String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
		Map<String, String> parameters = readTokenRequest(contentType, body);
		if (parameters == null) {
			return tokenError(OAuthOutcome.TokenError
				.invalidRequest("The body must be an application/x-www-form-urlencoded form, each field once."), false);
		}
		String authorization = exchange.getRequestHeaders().getFirst("Authorization");
		boolean basic = authorization != null
				&& authorization.regionMatches(true, 0, BASIC_PREFIX, 0, BASIC_PREFIX.length());
		String clientId = parameters.get("client_id");
		String secret = parameters.get("client_secret");
		if (basic) {
			String[] credentials = basicCredentials(authorization);
			if (credentials == null) {
				return tokenError(OAuthOutcome.TokenError.invalidClient("The HTTP Basic credentials are malformed."),
						true);
			}
			if (secret != null) {
				return tokenError(OAuthOutcome.TokenError
					.invalidRequest("Authenticate the client one way: HTTP Basic or client_secret, not both."), true);
			}
			if (clientId != null && !clientId.equals(credentials[0])) {
				return tokenError(
						OAuthOutcome.TokenError.invalidClient("The client_id is not the HTTP Basic user name."), true);
			}
			clientId = credentials[0];
			secret = credentials[1];
		}
		if (clientId == null) {
			return tokenError(
					OAuthOutcome.TokenError.invalidClient(
							"The client is not authenticated: send client_id and client_secret, or HTTP Basic."),
					false);
		}
		SimulatedOAuth.Client client = this.oauth.authenticateClient(clientId, secret);
		if (client == null) {
			return tokenError(OAuthOutcome.TokenError.invalidClient("Client authentication failed."), basic);
		}
		String grantType = parameters.get("grant_type");
		if ("authorization_code".equals(grantType)) {
			return tokenResponse(this.oauth.exchangeCode(client, parameters));
		}
		if ("refresh_token".equals(grantType)) {
			return tokenResponse(this.oauth.refresh(client, parameters));
		}
		if (grantType == null) {
			return tokenError(OAuthOutcome.TokenError.invalidRequest("The grant_type is missing."), false);
		}
		return tokenError(new OAuthOutcome.TokenError(400, "unsupported_grant_type",
				"Only authorization_code and refresh_token are supported."), false);
	}

	private SimulatorHttpHandler.Response tokenResponse(OAuthOutcome outcome) {
		if (outcome instanceof OAuthOutcome.TokenError error) {
			return tokenError(error, false);
		}
		OAuthOutcome.TokenIssued issued = (OAuthOutcome.TokenIssued) outcome;
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("access_token", issued.accessToken());
		body.put("token_type", "bearer");
		body.put("expires_in", issued.expiresIn());
		if (issued.refreshToken() != null) {
			body.put("refresh_token", issued.refreshToken());
			body.put("refresh_token_expires_in", issued.refreshTokenExpiresIn());
		}
		return json(200, issued.kind(), body, Map.of());
	}

	private SimulatorHttpHandler.Response tokenError(OAuthOutcome.TokenError error, boolean basic) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", error.error());
		body.put("error_description", error.description());
		// RFC 6749: a client that tried HTTP Basic is told the scheme to use.
		Map<String, String> headers = (error.status() == 401 && basic)
				? Map.of("WWW-Authenticate", "Basic realm=\"tradovate-simulator\"") : Map.of();
		return json(error.status(), RequestKind.OAUTH_TOKEN_REJECTED, body, headers);
	}

	private SimulatorHttpHandler.Response json(int status, RequestKind kind, Object body, Map<String, String> headers) {
		Map<String, String> allHeaders = new LinkedHashMap<>(headers);
		// Tokens must not be cached, as RFC 6749 prescribes.
		allHeaders.put("Cache-Control", "no-store");
		allHeaders.put("Pragma", "no-cache");
		return new SimulatorHttpHandler.Response(status, kind, JSON, this.objectMapper.writeValueAsBytes(body), null,
				allHeaders);
	}

	/**
	 * Read a token request: a form as RFC 6749 prescribes, or a JSON object with the same
	 * fields, which some clients send.
	 * @return the fields, or {@code null} when the body cannot be read or repeats a field
	 */
	private @Nullable Map<String, String> readTokenRequest(@Nullable String contentType, byte[] body) {
		String type = (contentType != null) ? contentType.toLowerCase(Locale.ROOT) : "";
		if (type.startsWith("application/json")) {
			return readJson(body);
		}
		if (!type.startsWith("application/x-www-form-urlencoded")) {
			return null;
		}
		return parseForm(new String(body, StandardCharsets.UTF_8));
	}

	private @Nullable Map<String, String> readJson(byte[] body) {
		JsonNode json = JsonBodies.readObject(this.objectMapper, body);
		if (json == null) {
			return null;
		}
		Map<String, String> fields = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> field : json.properties()) {
			if (!field.getValue().isNull()) {
				fields.put(field.getKey(), field.getValue().asString());
			}
		}
		return fields;
	}

	/**
	 * Parse {@code application/x-www-form-urlencoded} text.
	 * @return the fields, or {@code null} when a field appears more than once, which RFC
	 * 6749 forbids
	 */
	static @Nullable Map<String, String> parseForm(@Nullable String text) {
		Map<String, String> fields = new LinkedHashMap<>();
		if (text == null || text.isEmpty()) {
			return fields;
		}
		for (String pair : text.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String name = decode((equals >= 0) ? pair.substring(0, equals) : pair);
			String value = (equals >= 0) ? decode(pair.substring(equals + 1)) : "";
			if (fields.putIfAbsent(name, value) != null) {
				return null;
			}
		}
		return fields;
	}

	private static String decode(String text) {
		return URLDecoder.decode(text, StandardCharsets.UTF_8);
	}

	/**
	 * Return the client id and secret of HTTP Basic credentials, each form-decoded as RFC
	 * 6749 section 2.3.1 prescribes.
	 */
	private static String @Nullable [] basicCredentials(String authorization) {
		try {
			String decoded = new String(
					Base64.getDecoder().decode(authorization.substring(BASIC_PREFIX.length()).trim()),
					StandardCharsets.UTF_8);
			int colon = decoded.indexOf(':');
			if (colon < 0) {
				return null;
			}
			return new String[] { decode(decoded.substring(0, colon)), decode(decoded.substring(colon + 1)) };
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static @Nullable String cookie(HttpExchange exchange) {
		List<String> headers = exchange.getRequestHeaders().get("Cookie");
		if (headers == null) {
			return null;
		}
		for (String header : headers) {
			for (String part : header.split("[;,]")) {
				String cookie = part.trim();
				if (cookie.startsWith(COOKIE + "=")) {
					String value = cookie.substring(COOKIE.length() + 1);
					// An RFC 2965 client quotes the value.
					return (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\""))
							? value.substring(1, value.length() - 1) : value;
				}
			}
		}
		return null;
	}

	private static String loginPage(OAuthOutcome.LoginPage login) {
		String client = escape(login.clientId());
		StringBuilder page = new StringBuilder();
		page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
		page.append("<title>Authorize ").append(client).append(" - Tradovate simulator</title>\n</head>\n<body>\n");
		page.append("<h1>Authorize ").append(client).append("</h1>\n");
		page.append("<p>The application <strong>")
			.append(client)
			.append("</strong> asks to act for you on Tradovate.</p>\n");
		if (login.error() != null) {
			page.append("<p class=\"error\" role=\"alert\">").append(escape(login.error())).append("</p>\n");
		}
		page.append("<form method=\"post\" action=\"").append(SimulatedOAuth.AUTHORIZE_PATH).append("\">\n");
		page.append("<input type=\"hidden\" name=\"authorization\" value=\"")
			.append(escape(login.authorizationId()))
			.append("\">\n");
		page.append("<label>Name <input type=\"text\" name=\"name\" autocomplete=\"username\"></label>\n");
		page.append(
				"<label>Password <input type=\"password\" name=\"password\" autocomplete=\"current-password\"></label>\n");
		page.append("<button type=\"submit\" name=\"decision\" value=\"allow\">Allow</button>\n");
		page.append("<button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button>\n");
		page.append("</form>\n</body>\n</html>\n");
		return page.toString();
	}

	private static String errorPage(String message) {
		return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
				+ "<title>Authorization failed - Tradovate simulator</title>\n</head>\n<body>\n"
				+ "<h1>Authorization failed</h1>\n<p class=\"error\" role=\"alert\">" + escape(message)
				+ "</p>\n</body>\n</html>\n";
	}

	private static String escape(String text) {
		StringBuilder escaped = new StringBuilder(text.length());
		for (char c : text.toCharArray()) {
			switch (c) {
				case '&' -> escaped.append("&amp;");
				case '<' -> escaped.append("&lt;");
				case '>' -> escaped.append("&gt;");
				case '"' -> escaped.append("&quot;");
				case '\'' -> escaped.append("&#39;");
				default -> escaped.append(c);
			}
		}
		return escaped.toString();
	}

}
