package io.github.futuresauth.tradovate.simulator;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntSupplier;

import org.jspecify.annotations.Nullable;

/**
 * The OAuth authorization-code flow of a {@link TradovateSimulator}, as Tradovate offers
 * it to applications that act for other traders: an authorize page where a simulated user
 * approves or denies an application, and {@code POST /v1/auth/oauthtoken}, which
 * exchanges the code for an access token.
 *
 * <p>
 * Applications are registered with
 * {@link TradovateSimulatorBuilder#oauthClient(String, String, URI...)}. A browser, or an
 * HTTP client that follows redirects and keeps cookies, is sent to
 * {@link #authorizeUrl(String, URI, String)}: {@code GET /oauth} with
 * {@code response_type=code}, {@code client_id}, {@code redirect_uri} and optionally
 * {@code state} and a PKCE {@code code_challenge} ({@code S256} or {@code plain}). An
 * unknown client, or a {@code redirect_uri} that is not exactly one registered for it, is
 * answered with an error page and status 400, never with a redirect; a
 * {@code response_type} other than {@code code} is redirected back with
 * {@code error=unsupported_response_type}. Otherwise the page is a form with the fields
 * {@code name} and {@code password} of a simulated user and the buttons {@code Allow} and
 * {@code Deny} ({@code decision=allow} or {@code decision=deny}), which posts back to
 * {@code /oauth} together with a hidden {@code authorization} field and a cookie set with
 * the page: a post without that cookie is refused with an error page. Allowing with a
 * user's name and password redirects (302) to
 * {@code redirect_uri?code=<code>&state=<state>}; denying redirects to
 * {@code redirect_uri?error=access_denied&state=<state>}; a wrong name or password shows
 * the form again, with status 200. Tests that do not want to fill in the form queue the
 * decision instead: {@link #approveNext(String)} and {@link #denyNext()} make the next
 * {@code GET /oauth} redirect at once.
 *
 * <p>
 * The token endpoint takes the form fields {@code grant_type}, {@code code},
 * {@code redirect_uri}, {@code client_id}, {@code client_secret} and, when the
 * authorization carried a {@code code_challenge}, {@code code_verifier} (a JSON object
 * with the same fields is accepted too). The client may authenticate with HTTP Basic
 * instead of {@code client_secret}. A code is good for one exchange within
 * {@link #CODE_LIFETIME}, by the client it was issued to, with the {@code redirect_uri}
 * it was issued for; an exchange that fails for any of these reasons uses the code up
 * too. The answer is {@code access_token}, {@code token_type} ({@code bearer}) and
 * {@code expires_in} (the builder's token lifetime, in seconds), and, with
 * {@link TradovateSimulatorBuilder#oauthRefreshTokens(Duration) refresh tokens},
 * {@code refresh_token} and {@code refresh_token_expires_in}. Errors are JSON
 * {@code error} and {@code error_description} with the statuses of RFC 6749: 401 for
 * {@code invalid_client} (with {@code WWW-Authenticate} when the client used HTTP
 * Basic), 400 for {@code invalid_request}, {@code invalid_grant} and
 * {@code unsupported_grant_type}. {@code grant_type=refresh_token} with
 * {@code refresh_token} issues a new access token and a new refresh token; the old
 * refresh token is used up.
 *
 * <p>
 * An access token issued this way is an access token of a session of the user who
 * approved: {@code /auth/me} names that user, {@code /account/list} lists that user's
 * account, the WebSockets accept it, and the session counts towards the user's session
 * limit, so a third session closes the oldest as a login would. A refresh issues its
 * token in the same session while that is open, and opens a new one otherwise. Whether
 * {@code /auth/renewaccesstoken} renews such a token, which Tradovate does not document,
 * is set with {@link TradovateSimulatorBuilder#oauthTokenRenewal(boolean)} and
 * {@link #acceptTokenRenewal(boolean)}: when it does not, the renewal is refused like one
 * with an invalid token.
 *
 * <p>
 * Every request is journaled: {@link RequestKind#OAUTH_AUTHORIZE},
 * {@link RequestKind#OAUTH_AUTHORIZE_REJECTED}, {@link RequestKind#OAUTH_LOGIN_FAILED},
 * {@link RequestKind#OAUTH_APPROVED}, {@link RequestKind#OAUTH_DENIED},
 * {@link RequestKind#OAUTH_TOKEN}, {@link RequestKind#OAUTH_REFRESH} and
 * {@link RequestKind#OAUTH_TOKEN_REJECTED}; codes and refresh tokens are listed with the
 * {@link Journal#issuedTokens() issued tokens}, so that a test can check that none
 * leaked. {@link TradovateSimulator#reset()} forgets pending authorizations, codes,
 * grants and queued decisions, and restores the renewal setting given to the builder;
 * registered clients stay.
 *
 * <p>
 * A typical test of the flow: <pre class="code">
 * TradovateSimulator simulator = TradovateSimulator.builder()
 *     .user("alice", "alice-password")
 *     .oauthClient("my-app", "my-secret", URI.create("http://127.0.0.1:8080/callback"))
 *     .start();
 * simulator.oauth().approveNext("alice");
 * // GET simulator.oauth().authorizeUrl("my-app", redirectUri, "xyz") now redirects to
 * // http://127.0.0.1:8080/callback?code=...&amp;state=xyz
 * </pre>
 *
 * @see TradovateSimulator#oauth()
 */
public final class SimulatedOAuth {

	/**
	 * The path of the authorize page, like Tradovate's {@code /oauth} on its trader web
	 * site.
	 */
	public static final String AUTHORIZE_PATH = "/oauth";

	/**
	 * The path of the token endpoint, under the API's base path like the other
	 * {@code /auth} endpoints.
	 */
	public static final String TOKEN_PATH = "/v1/auth/oauthtoken";

	/**
	 * How long a code may be exchanged after it was issued, in server time.
	 */
	public static final Duration CODE_LIFETIME = Duration.ofMinutes(5);

	/**
	 * How long the form of an authorize page can be posted after the page was shown.
	 */
	static final Duration PAGE_LIFETIME = Duration.ofMinutes(30);

	private final Clock clock;

	private final AuthenticationState state;

	private final Map<String, Client> clients;

	private final IntSupplier port;

	/**
	 * Authorize pages shown and not yet decided, by the id in their form.
	 */
	private final Map<String, PendingAuthorization> pending = new HashMap<>();

	private final OAuthCodes codes;

	private final OAuthTokenIssuer tokens;

	/**
	 * Decisions for the next authorize requests: a user name to approve as, or
	 * {@code null} to deny.
	 */
	private final Deque<Decision> decisions = new ArrayDeque<>();

	SimulatedOAuth(Clock serverClock, AuthenticationState state, Journal journal, List<Client> clients,
			@Nullable Duration refreshTokenLifetime, IntSupplier port) {
		this.clock = serverClock;
		this.state = state;
		Map<String, Client> byId = new LinkedHashMap<>();
		clients.forEach((client) -> byId.put(client.id(), client));
		this.clients = Collections.unmodifiableMap(byId);
		this.port = port;
		this.codes = new OAuthCodes(serverClock, journal);
		this.tokens = new OAuthTokenIssuer(serverClock, state, journal, this.codes, refreshTokenLifetime);
	}

	/**
	 * Return the URL of the authorize page, without parameters, for example
	 * {@code http://127.0.0.1:54321/oauth}: what an application configures as its
	 * authorization URI.
	 * @return the authorize page's URL
	 * @throws IllegalStateException if the simulator has not been started
	 */
	public URI authorizeUrl() {
		return URI.create(origin() + AUTHORIZE_PATH);
	}

	/**
	 * Return the URL that an application sends a user to: the authorize page with
	 * {@code response_type=code}, {@code client_id}, {@code redirect_uri} and
	 * {@code state}.
	 * @param clientId the application's client id
	 * @param redirectUri where to send the user back to
	 * @param state the state to send back, or {@code null} for none
	 * @return the URL
	 * @throws IllegalStateException if the simulator has not been started
	 */
	public URI authorizeUrl(String clientId, URI redirectUri, @Nullable String state) {
		Objects.requireNonNull(clientId, "'clientId' must not be null");
		Objects.requireNonNull(redirectUri, "'redirectUri' must not be null");
		Map<String, String> parameters = new LinkedHashMap<>();
		parameters.put("response_type", "code");
		parameters.put("client_id", clientId);
		parameters.put("redirect_uri", redirectUri.toString());
		if (state != null) {
			parameters.put("state", state);
		}
		return URI.create(withQuery(authorizeUrl().toString(), parameters));
	}

	/**
	 * Return the URL of the token endpoint, for example
	 * {@code http://127.0.0.1:54321/v1/auth/oauthtoken}: what an application configures
	 * as its token URI.
	 * @return the token endpoint's URL
	 * @throws IllegalStateException if the simulator has not been started
	 */
	public URI tokenUrl() {
		return URI.create(origin() + TOKEN_PATH);
	}

	/**
	 * Return the client ids of the registered applications.
	 * @return the client ids, in registration order
	 */
	public List<String> clientIds() {
		return List.copyOf(this.clients.keySet());
	}

	/**
	 * Approve the next valid authorize request as the given user, without showing the
	 * form: {@code GET /oauth} redirects at once with a code. Decisions apply in the
	 * order they were queued.
	 * @param userName the name of the user who approves
	 * @throws IllegalArgumentException if there is no such user
	 */
	public void approveNext(String userName) {
		Objects.requireNonNull(userName, "'userName' must not be null");
		SimulatedUser user = this.state.user(userName);
		synchronized (this) {
			this.decisions.addLast(new Decision(user));
		}
	}

	/**
	 * Deny the next valid authorize request, without showing the form: {@code GET /oauth}
	 * redirects at once with {@code error=access_denied}. Decisions apply in the order
	 * they were queued.
	 */
	public synchronized void denyNext() {
		this.decisions.addLast(new Decision(null));
	}

	/**
	 * Issue a code as if the given user had approved the given application on the
	 * authorize page, for tests of the token exchange alone. The code is journaled with
	 * the issued tokens, but no request is.
	 * @param clientId the application's client id
	 * @param redirectUri the redirect URI the code is issued for, one registered for the
	 * application
	 * @param userName the name of the user who approves
	 * @return the code
	 * @throws IllegalArgumentException if there is no such application or user, or the
	 * redirect URI is not registered for the application
	 */
	public synchronized String issueCode(String clientId, URI redirectUri, String userName) {
		Objects.requireNonNull(redirectUri, "'redirectUri' must not be null");
		Client client = requireClient(clientId);
		if (!client.redirectUris().contains(redirectUri.toString())) {
			throw new IllegalArgumentException("'" + redirectUri + "' is not a redirect URI of '" + clientId + "'");
		}
		SimulatedUser user = this.state.user(Objects.requireNonNull(userName, "'userName' must not be null"));
		return this.codes.issue(new OAuthAuthorizationRequest(client, redirectUri.toString(), null, null, null), user);
	}

	/**
	 * Set whether {@code /auth/renewaccesstoken} renews access tokens issued by the token
	 * endpoint, as it renews those of a login; when it does not, such a renewal is
	 * refused with 401 and journaled as {@link RequestKind#RENEWAL_REJECTED}, like a
	 * renewal with an invalid token. {@link TradovateSimulator#reset()} restores the
	 * builder's setting.
	 * @param accepted whether to renew OAuth access tokens
	 * @see TradovateSimulatorBuilder#oauthTokenRenewal(boolean)
	 */
	public void acceptTokenRenewal(boolean accepted) {
		this.state.oauthRenewal(accepted);
	}

	/**
	 * Return whether {@code /auth/renewaccesstoken} renews access tokens issued by the
	 * token endpoint.
	 * @return whether OAuth access tokens are renewed
	 */
	public boolean acceptsTokenRenewal() {
		return this.state.oauthRenewal();
	}

	/**
	 * Revoke every grant of the given user to the given application, as a user does who
	 * disconnects the application on Tradovate's web site: the sessions the grants opened
	 * are closed, so their access tokens are refused like those of any closed session,
	 * and their refresh tokens and the codes not yet exchanged are refused.
	 * @param clientId the application's client id
	 * @param userName the user's name
	 * @return how many grants were revoked
	 * @throws IllegalArgumentException if there is no such application or user
	 */
	public synchronized int revoke(String clientId, String userName) {
		Client client = requireClient(clientId);
		SimulatedUser user = this.state.user(Objects.requireNonNull(userName, "'userName' must not be null"));
		this.codes.revoke(client, user);
		return this.tokens.revoke(client, user);
	}

	/**
	 * Return how many grants the given user has given the given application and not
	 * revoked: one per code exchanged, kept by its refresh tokens.
	 * @param clientId the application's client id
	 * @param userName the user's name
	 * @return the number of grants
	 * @throws IllegalArgumentException if there is no such application
	 */
	public synchronized int grants(String clientId, String userName) {
		return this.tokens.count(requireClient(clientId), userName);
	}

	/**
	 * Answer {@code GET /oauth}.
	 * @param parameters the query parameters
	 * @return the page to show or where to redirect to
	 */
	synchronized OAuthOutcome authorize(Map<String, String> parameters) {
		Client client = this.clients.get(parameters.get("client_id"));
		if (client == null) {
			return new OAuthOutcome.ErrorPage("The application is not known: check client_id.");
		}
		String redirectUri = parameters.get("redirect_uri");
		if (redirectUri == null || !client.redirectUris().contains(redirectUri)) {
			return new OAuthOutcome.ErrorPage("The redirect_uri is not one registered for the application.");
		}
		String state = parameters.get("state");
		if (!"code".equals(parameters.get("response_type"))) {
			return redirectError(redirectUri, state, "unsupported_response_type",
					"Only response_type=code is supported.", RequestKind.OAUTH_AUTHORIZE_REJECTED);
		}
		String challenge = parameters.get("code_challenge");
		String method = parameters.get("code_challenge_method");
		if (challenge == null && method != null) {
			return redirectError(redirectUri, state, "invalid_request", "code_challenge_method without code_challenge.",
					RequestKind.OAUTH_AUTHORIZE_REJECTED);
		}
		if (challenge != null && method == null) {
			method = "plain";
		}
		if (method != null && !method.equals("S256") && !method.equals("plain")) {
			return redirectError(redirectUri, state, "invalid_request", "code_challenge_method must be S256 or plain.",
					RequestKind.OAUTH_AUTHORIZE_REJECTED);
		}
		OAuthAuthorizationRequest request = new OAuthAuthorizationRequest(client, redirectUri, state, challenge,
				method);
		Decision decision = this.decisions.pollFirst();
		if (decision != null) {
			return decide(request, decision.user());
		}
		PendingAuthorization page = new PendingAuthorization(Secrets.newSecret(), Secrets.newSecret(), request,
				this.clock.instant().plus(PAGE_LIFETIME));
		this.pending.put(page.id(), page);
		return new OAuthOutcome.LoginPage(page.id(), client.id(), page.browserNonce(), null);
	}

	/**
	 * Answer the form of an authorize page, {@code POST /oauth}.
	 * @param form the form fields
	 * @param browserNonce the value of the cookie that was set with the page, or
	 * {@code null}
	 * @return the page to show or where to redirect to
	 */
	synchronized OAuthOutcome decide(Map<String, String> form, @Nullable String browserNonce) {
		String id = form.get("authorization");
		PendingAuthorization page = (id != null) ? this.pending.get(id) : null;
		if (page == null || !this.clock.instant().isBefore(page.expiresAt())) {
			if (page != null) {
				this.pending.remove(id);
			}
			return new OAuthOutcome.ErrorPage(
					"The authorization request is unknown or has expired: start again from the application.");
		}
		if (!Secrets.equal(page.browserNonce(), browserNonce)) {
			return new OAuthOutcome.ErrorPage(
					"The authorization request was started in another browser, or cookies are off: start again from the application.");
		}
		String decision = form.get("decision");
		if ("deny".equals(decision)) {
			this.pending.remove(id);
			return decide(page.request(), null);
		}
		if (!"allow".equals(decision)) {
			return new OAuthOutcome.ErrorPage("Choose Allow or Deny.");
		}
		SimulatedUser user = this.state.webLogin(form.get("name"), form.get("password"));
		if (user == null) {
			return new OAuthOutcome.LoginPage(page.id(), page.request().client().id(), page.browserNonce(),
					AuthenticationState.INCORRECT_CREDENTIALS);
		}
		this.pending.remove(id);
		return decide(page.request(), user);
	}

	private OAuthOutcome decide(OAuthAuthorizationRequest request, @Nullable SimulatedUser user) {
		if (user == null) {
			return redirectError(request.redirectUri(), request.state(), "access_denied",
					"The user denied the application access.", RequestKind.OAUTH_DENIED);
		}
		Map<String, String> parameters = new LinkedHashMap<>();
		parameters.put("code", this.codes.issue(request, user));
		if (request.state() != null) {
			parameters.put("state", request.state());
		}
		return new OAuthOutcome.Redirect(URI.create(withQuery(request.redirectUri(), parameters)),
				RequestKind.OAUTH_APPROVED);
	}

	/**
	 * Return the registered client with the given id and secret.
	 * @param clientId the client id
	 * @param secret the client secret, or {@code null}
	 * @return the client, or {@code null} when there is none with that id and secret
	 */
	@Nullable Client authenticateClient(String clientId, @Nullable String secret) {
		Client client = this.clients.get(clientId);
		return (client != null && Secrets.equal(client.secret(), secret)) ? client : null;
	}

	/**
	 * Answer {@code grant_type=authorization_code}.
	 * @param client the authenticated client
	 * @param parameters the request's fields
	 * @return the token or the error
	 */
	synchronized OAuthOutcome exchangeCode(Client client, Map<String, String> parameters) {
		return this.tokens.exchangeCode(client, parameters);
	}

	/**
	 * Answer {@code grant_type=refresh_token}.
	 * @param client the authenticated client
	 * @param parameters the request's fields
	 * @return the token or the error
	 */
	synchronized OAuthOutcome refresh(Client client, Map<String, String> parameters) {
		return this.tokens.refresh(client, parameters);
	}

	synchronized void reset() {
		this.pending.clear();
		this.codes.clear();
		this.tokens.clear();
		this.decisions.clear();
	}

	private Client requireClient(String clientId) {
		Client client = this.clients.get(Objects.requireNonNull(clientId, "'clientId' must not be null"));
		if (client == null) {
			throw new IllegalArgumentException("No OAuth client '" + clientId + "' is registered");
		}
		return client;
	}

	private String origin() {
		return "http://127.0.0.1:" + this.port.getAsInt();
	}

	private static OAuthOutcome.Redirect redirectError(String redirectUri, @Nullable String state, String error,
			String description, RequestKind kind) {
		Map<String, String> parameters = new LinkedHashMap<>();
		parameters.put("error", error);
		parameters.put("error_description", description);
		if (state != null) {
			parameters.put("state", state);
		}
		return new OAuthOutcome.Redirect(URI.create(withQuery(redirectUri, parameters)), kind);
	}

	private static String withQuery(String uri, Map<String, String> parameters) {
		StringBuilder result = new StringBuilder(uri);
		char separator = (uri.indexOf('?') >= 0) ? '&' : '?';
		for (Map.Entry<String, String> parameter : parameters.entrySet()) {
			result.append(separator)
				.append(URLEncoder.encode(parameter.getKey(), StandardCharsets.UTF_8))
				.append('=')
				.append(URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8));
			separator = '&';
		}
		return result.toString();
	}

	/**
	 * A registered application.
	 *
	 * @param id the client id
	 * @param secret the client secret
	 * @param redirectUris the redirect URIs it may use, compared as exact strings
	 */
	record Client(String id, String secret, List<String> redirectUris) {

		@Override
		public String toString() {
			return "Client[id=" + this.id + ", redirectUris=" + this.redirectUris + "]";
		}

	}

	private record PendingAuthorization(String id, String browserNonce, OAuthAuthorizationRequest request,
			Instant expiresAt) {

		@Override
		public String toString() {
			return "PendingAuthorization[expiresAt=" + this.expiresAt + "]";
		}

	}

	private record Decision(@Nullable SimulatedUser user) {

	}

}
