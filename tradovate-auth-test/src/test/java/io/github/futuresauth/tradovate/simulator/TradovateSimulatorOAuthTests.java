package io.github.futuresauth.tradovate.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for the OAuth authorization-code flow of {@link TradovateSimulator}, over real
 * HTTP, with a browser that follows redirects and keeps cookies.
 */
class TradovateSimulatorOAuthTests extends AbstractTradovateSimulatorTests {

	static final String ALICE = "alice";

	static final String ALICE_PASSWORD = "alice-password";

	static final String CLIENT_ID = "my-app";

	static final String CLIENT_SECRET = "my-secret";

	final OAuthBrowser oauth = browser();

	@Override
	TradovateSimulatorBuilder configure(TradovateSimulatorBuilder builder) {
		return builder.user(ALICE, ALICE_PASSWORD)
			.oauthClient(CLIENT_ID, CLIENT_SECRET, this.oauth.callbackUri(),
					URI.create("http://127.0.0.1:1/other-callback"))
			.oauthRefreshTokens(Duration.ofDays(30));
	}

	@AfterEach
	void closeBrowser() {
		this.oauth.close();
	}

	@Test
	void userApprovesOnTheFormAndTheCodeIsExchangedForAToken() throws Exception {
		HttpResponse<String> page = this.oauth.open(authorizeUrl("xyz"));
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> type.startsWith("text/html"));
		assertThat(page.body()).contains("my-app", "name=\"name\"", "name=\"password\"", ">Allow<", ">Deny<");
		HttpResponse<String> back = this.oauth.submit(this.oauth.browser, page, ALICE, ALICE_PASSWORD, "allow");
		assertThat(back.statusCode()).isEqualTo(200);
		assertThat(back.body()).isEqualTo("Back in the application");
		assertThat(back.uri().getPath()).isEqualTo("/callback");
		Map<String, String> callback = this.oauth.callbacks().get(0);
		assertThat(callback).containsOnlyKeys("code", "state").containsEntry("state", "xyz");
		HttpResponse<String> response = exchange(callback.get("code"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
		JsonNode token = SimulatorClient.json(response);
		assertThat(token.get("token_type").stringValue()).isEqualTo("bearer");
		assertThat(token.get("expires_in").longValue()).isEqualTo(90 * 60);
		assertThat(token.get("refresh_token_expires_in").longValue()).isEqualTo(30 * 24 * 3600);
		assertThat(token.get("refresh_token").stringValue()).isNotBlank();
		String accessToken = token.get("access_token").stringValue();
		JsonNode me = SimulatorClient.json(this.client.get("/auth/me", accessToken));
		assertThat(me.get("name").stringValue()).isEqualTo(ALICE);
		JsonNode accounts = SimulatorClient.json(this.client.get("/account/list", accessToken));
		assertThat(accounts.get(0).get("userId").longValue()).isEqualTo(me.get("userId").longValue());
		Journal journal = this.simulator.journal();
		assertThat(journal.requests()).extracting(RecordedRequest::kind)
			.containsExactly(RequestKind.OAUTH_AUTHORIZE, RequestKind.OAUTH_APPROVED, RequestKind.OAUTH_TOKEN,
					RequestKind.ME, RequestKind.API);
		assertThat(journal.sessionsOpened()).isOne();
		assertThat(journal.logins()).isZero();
		assertThat(this.simulator.openSessions()).containsEntry(ALICE, 1).containsEntry(NAME, 0);
		assertThat(journal.issuedTokens()).contains(callback.get("code"), accessToken,
				token.get("refresh_token").stringValue());
		assertThat(this.simulator.oauth().grants(CLIENT_ID, ALICE)).isOne();
	}

	@Test
	void wrongPasswordShowsTheFormAgain() throws Exception {
		HttpResponse<String> page = this.oauth.open(authorizeUrl("xyz"));
		HttpResponse<String> again = this.oauth.submit(this.oauth.browser, page, ALICE, "wrong", "allow");
		assertThat(again.statusCode()).isEqualTo(200);
		assertThat(again.body()).contains("Incorrect username or password", ">Allow<").doesNotContain("wrong");
		assertThat(this.oauth.callbacks()).isEmpty();
		this.oauth.submit(this.oauth.browser, again, ALICE, ALICE_PASSWORD, "allow");
		assertThat(this.oauth.callbacks()).singleElement()
			.satisfies((callback) -> assertThat(callback).containsKey("code"));
		assertThat(this.simulator.journal().count(RequestKind.OAUTH_LOGIN_FAILED)).isOne();
	}

	@Test
	void formPostWithoutTheCookieOfItsPageIsRefused() throws Exception {
		HttpResponse<String> page = this.oauth.open(authorizeUrl("xyz"));
		HttpResponse<String> refused = this.oauth.submit(this.oauth.plain, page, ALICE, ALICE_PASSWORD, "allow");
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.headers().firstValue("Location")).isEmpty();
		assertThat(refused.body()).contains("cookies");
		assertThat(this.simulator.journal().count(RequestKind.OAUTH_AUTHORIZE_REJECTED)).isOne();
	}

	@Test
	void userDeniesOnTheForm() throws Exception {
		HttpResponse<String> page = this.oauth.open(authorizeUrl("xyz"));
		HttpResponse<String> back = this.oauth.submit(this.oauth.browser, page, "", "", "deny");
		assertThat(back.statusCode()).isEqualTo(200);
		assertThat(this.oauth.callbacks()).singleElement()
			.satisfies((callback) -> assertThat(callback).containsEntry("error", "access_denied")
				.containsEntry("state", "xyz")
				.doesNotContainKey("code"));
		assertThat(this.simulator.journal().count(RequestKind.OAUTH_DENIED)).isOne();
		assertThat(this.simulator.journal().sessionsOpened()).isZero();
	}

	@Test
	void unknownClientIsRefusedWithoutRedirect() throws Exception {
		URI uri = this.simulator.oauth().authorizeUrl("other-app", this.oauth.callbackUri(), "xyz");
		HttpResponse<String> response = this.oauth.plain.send(HttpRequest.newBuilder(uri).build(),
				BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Location")).isEmpty();
		assertThat(response.body()).contains("client_id");
		assertThat(this.simulator.journal().count(RequestKind.OAUTH_AUTHORIZE_REJECTED)).isOne();
	}

	@Test
	void unregisteredRedirectUriIsRefusedWithoutRedirect() throws Exception {
		URI uri = this.simulator.oauth()
			.authorizeUrl(CLIENT_ID, URI.create(this.oauth.callbackUri() + "/elsewhere"), "xyz");
		HttpResponse<String> response = this.oauth.plain.send(HttpRequest.newBuilder(uri).build(),
				BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Location")).isEmpty();
		assertThat(response.body()).contains("redirect_uri");
		assertThat(this.oauth.callbacks()).isEmpty();
	}

	@Test
	void responseTypeOtherThanCodeIsRedirectedBackWithAnError() throws Exception {
		URI uri = URI.create(authorizeUrl("xyz").toString().replace("response_type=code", "response_type=token"));
		this.oauth.open(uri);
		assertThat(this.oauth.callbacks()).singleElement()
			.satisfies((callback) -> assertThat(callback).containsEntry("error", "unsupported_response_type")
				.containsEntry("state", "xyz"));
	}

	@Test
	void replayedCodeIsRefused() throws Exception {
		String code = approve();
		assertThat(exchange(code).statusCode()).isEqualTo(200);
		HttpResponse<String> replay = exchange(code);
		assertThat(replay.statusCode()).isEqualTo(400);
		assertThat(SimulatorClient.json(replay).get("error").stringValue()).isEqualTo("invalid_grant");
		assertThat(replay.body()).doesNotContain(code);
		assertThat(this.simulator.journal().count(RequestKind.OAUTH_TOKEN)).isOne();
		assertThat(this.simulator.journal().count(RequestKind.OAUTH_TOKEN_REJECTED)).isOne();
		assertThat(this.simulator.journal().sessionsOpened()).isOne();
	}

	@Test
	void wrongClientSecretIsRefused() throws Exception {
		String code = approve();
		Map<String, String> fields = codeFields(code);
		fields.put("client_secret", "wrong");
		HttpResponse<String> refused = this.oauth.token(tokenUrl(), fields);
		assertThat(refused.statusCode()).isEqualTo(401);
		JsonNode error = SimulatorClient.json(refused);
		assertThat(error.get("error").stringValue()).isEqualTo("invalid_client");
		assertThat(error.get("error_description").stringValue()).doesNotContain("wrong", CLIENT_SECRET);
		// Client authentication comes first: the code is still good.
		assertThat(exchange(code).statusCode()).isEqualTo(200);
	}

	@Test
	void clientMayAuthenticateWithHttpBasic() throws Exception {
		Map<String, String> fields = codeFields(approve());
		fields.remove("client_id");
		fields.remove("client_secret");
		HttpResponse<String> wrong = this.oauth.token(tokenUrl(), fields, new String[] { CLIENT_ID, "wrong" });
		assertThat(wrong.statusCode()).isEqualTo(401);
		assertThat(wrong.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((value) -> value.startsWith("Basic"));
		HttpResponse<String> response = this.oauth.token(tokenUrl(), fields, new String[] { CLIENT_ID, CLIENT_SECRET });
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(SimulatorClient.json(response).has("access_token")).isTrue();
	}

	@Test
	void codeExpiresAfterFiveMinutes() throws Exception {
		String code = approve();
		this.simulator.advance(SimulatedOAuth.CODE_LIFETIME.minusMillis(1));
		assertThat(exchange(code).statusCode()).isEqualTo(200);
		String late = approve();
		this.simulator.advance(SimulatedOAuth.CODE_LIFETIME);
		HttpResponse<String> refused = exchange(late);
		assertThat(refused.statusCode()).isEqualTo(400);
		JsonNode error = SimulatorClient.json(refused);
		assertThat(error.get("error").stringValue()).isEqualTo("invalid_grant");
		assertThat(error.get("error_description").stringValue()).contains("expired");
	}

	@Test
	void redirectUriMustBeTheOneTheCodeWasIssuedFor() throws Exception {
		Map<String, String> fields = codeFields(approve());
		fields.put("redirect_uri", "http://127.0.0.1:1/other-callback");
		HttpResponse<String> refused = this.oauth.token(tokenUrl(), fields);
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(SimulatorClient.json(refused).get("error").stringValue()).isEqualTo("invalid_grant");
	}

	@Test
	void codeOfAnotherClientIsRefused() throws Exception {
		try (TradovateSimulator simulator = TradovateSimulator.builder()
			.user(ALICE, ALICE_PASSWORD)
			.oauthClient(CLIENT_ID, CLIENT_SECRET, this.oauth.callbackUri())
			.oauthClient("other-app", "other-secret", this.oauth.callbackUri())
			.start()) {
			String code = simulator.oauth().issueCode(CLIENT_ID, this.oauth.callbackUri(), ALICE);
			Map<String, String> fields = codeFields(code);
			fields.put("client_id", "other-app");
			fields.put("client_secret", "other-secret");
			HttpResponse<String> refused = this.oauth.token(simulator.oauth().tokenUrl(), fields);
			assertThat(SimulatorClient.json(refused).get("error").stringValue()).isEqualTo("invalid_grant");
		}
	}

	@Test
	void unsupportedGrantTypeIsRefused() throws Exception {
		Map<String, String> fields = codeFields(approve());
		fields.put("grant_type", "password");
		HttpResponse<String> refused = this.oauth.token(tokenUrl(), fields);
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(SimulatorClient.json(refused).get("error").stringValue()).isEqualTo("unsupported_grant_type");
	}

	@Test
	void oauthTokenIsRenewedLikeALoginsToken() throws Exception {
		String accessToken = accessToken(approve());
		HttpResponse<String> renewal = this.client.get("/auth/renewaccesstoken", accessToken);
		assertThat(renewal.statusCode()).isEqualTo(200);
		String renewed = SimulatorClient.json(renewal).get("accessToken").stringValue();
		assertThat(SimulatorClient.json(this.client.get("/auth/me", renewed)).get("name").stringValue())
			.isEqualTo(ALICE);
		assertThat(this.simulator.journal().sessionsOpened()).isOne();
	}

	@Test
	void oauthTokenRenewalCanBeRefused() throws Exception {
		this.simulator.oauth().acceptTokenRenewal(false);
		String accessToken = accessToken(approve());
		assertThat(this.client.get("/auth/renewaccesstoken", accessToken).statusCode()).isEqualTo(401);
		assertThat(this.simulator.journal().count(RequestKind.RENEWAL_REJECTED)).isOne();
		// Tokens of logins are still renewed, and the OAuth token itself still works.
		String loginToken = this.client.accessToken(NAME, PASSWORD);
		assertThat(this.client.get("/auth/renewaccesstoken", loginToken).statusCode()).isEqualTo(200);
		assertThat(this.client.get("/auth/me", accessToken).statusCode()).isEqualTo(200);
		this.simulator.reset();
		assertThat(this.simulator.oauth().acceptsTokenRenewal()).isTrue();
	}

	@Test
	void oauthTokenRenewalIsRefusedWhenTheBuilderSaysSo() throws Exception {
		try (TradovateSimulator simulator = TradovateSimulator.builder()
			.user(ALICE, ALICE_PASSWORD)
			.oauthClient(CLIENT_ID, CLIENT_SECRET, this.oauth.callbackUri())
			.oauthTokenRenewal(false)
			.start()) {
			String code = simulator.oauth().issueCode(CLIENT_ID, this.oauth.callbackUri(), ALICE);
			JsonNode token = SimulatorClient.json(this.oauth.token(simulator.oauth().tokenUrl(), codeFields(code)));
			assertThat(token.has("refresh_token")).isFalse();
			assertThat(new SimulatorClient(simulator)
				.get("/auth/renewaccesstoken", token.get("access_token").stringValue())
				.statusCode()).isEqualTo(401);
			simulator.reset();
			assertThat(simulator.oauth().acceptsTokenRenewal()).isFalse();
		}
	}

	@Test
	void refreshTokenGivesANewAccessTokenInTheSameSessionOnce() throws Exception {
		JsonNode first = SimulatorClient.json(exchange(approve()));
		String refreshToken = first.get("refresh_token").stringValue();
		this.simulator.advance(Duration.ofMinutes(100));
		assertThat(this.client.get("/auth/me", first.get("access_token").stringValue()).statusCode()).isEqualTo(401);
		HttpResponse<String> refreshed = refresh(refreshToken);
		assertThat(refreshed.statusCode()).isEqualTo(200);
		JsonNode second = SimulatorClient.json(refreshed);
		assertThat(second.get("refresh_token").stringValue()).isNotEqualTo(refreshToken);
		assertThat(second.get("expires_in").longValue()).isEqualTo(90 * 60);
		assertThat(this.client.get("/auth/me", second.get("access_token").stringValue()).statusCode()).isEqualTo(200);
		HttpResponse<String> reused = refresh(refreshToken);
		assertThat(reused.statusCode()).isEqualTo(400);
		assertThat(SimulatorClient.json(reused).get("error").stringValue()).isEqualTo("invalid_grant");
		Journal journal = this.simulator.journal();
		assertThat(journal.count(RequestKind.OAUTH_REFRESH)).isOne();
		assertThat(journal.sessionsOpened()).isOne();
	}

	@Test
	void refreshAfterTheSessionWasClosedOpensANewOne() throws Exception {
		JsonNode first = SimulatorClient.json(exchange(approve()));
		this.simulator.closeAllSessions(ALICE);
		JsonNode second = SimulatorClient.json(refresh(first.get("refresh_token").stringValue()));
		assertThat(this.client.get("/auth/me", second.get("access_token").stringValue()).statusCode()).isEqualTo(200);
		assertThat(this.simulator.openSessions()).containsEntry(ALICE, 1);
		assertThat(this.simulator.journal().sessionsOpened()).isEqualTo(2);
	}

	@Test
	void refreshTokenExpires() throws Exception {
		JsonNode first = SimulatorClient.json(exchange(approve()));
		this.simulator.advance(Duration.ofDays(30));
		HttpResponse<String> refused = refresh(first.get("refresh_token").stringValue());
		assertThat(SimulatorClient.json(refused).get("error_description").stringValue()).contains("expired");
	}

	@Test
	void withoutRefreshTokensTheRefreshGrantIsUnsupported() throws Exception {
		try (TradovateSimulator simulator = TradovateSimulator.builder()
			.user(ALICE, ALICE_PASSWORD)
			.oauthClient(CLIENT_ID, CLIENT_SECRET, this.oauth.callbackUri())
			.start()) {
			Map<String, String> fields = new LinkedHashMap<>();
			fields.put("grant_type", "refresh_token");
			fields.put("refresh_token", "anything");
			fields.put("client_id", CLIENT_ID);
			fields.put("client_secret", CLIENT_SECRET);
			HttpResponse<String> refused = this.oauth.token(simulator.oauth().tokenUrl(), fields);
			assertThat(SimulatorClient.json(refused).get("error").stringValue()).isEqualTo("unsupported_grant_type");
		}
	}

	@Test
	void eachAuthorizationOpensASessionCountedTowardsTheLimit() throws Exception {
		String first = accessToken(approve());
		String second = accessToken(approve());
		String third = accessToken(approve());
		assertThat(this.simulator.openSessions()).containsEntry(ALICE, 2);
		assertThat(this.client.get("/auth/me", first).statusCode()).isEqualTo(401);
		assertThat(this.client.get("/auth/me", second).statusCode()).isEqualTo(200);
		assertThat(this.client.get("/auth/me", third).statusCode()).isEqualTo(200);
	}

	@Test
	void approveNextAndDenyNextDecideWithoutTheForm() throws Exception {
		this.simulator.oauth().approveNext(ALICE);
		this.simulator.oauth().denyNext();
		HttpResponse<String> approved = this.oauth.open(authorizeUrl("one"));
		HttpResponse<String> denied = this.oauth.open(authorizeUrl("two"));
		assertThat(approved.body()).isEqualTo("Back in the application");
		assertThat(denied.body()).isEqualTo("Back in the application");
		assertThat(this.oauth.callbacks()).hasSize(2);
		assertThat(this.oauth.callbacks().get(0)).containsKey("code").containsEntry("state", "one");
		assertThat(this.oauth.callbacks().get(1)).containsEntry("error", "access_denied").containsEntry("state", "two");
		assertThat(exchange(this.oauth.callbacks().get(0).get("code")).statusCode()).isEqualTo(200);
		assertThat(this.oauth.open(authorizeUrl("three")).body()).contains(">Allow<");
		assertThatIllegalArgumentException().isThrownBy(() -> this.simulator.oauth().approveNext("nobody"));
	}

	@Test
	void pkceVerifierMustMatchTheChallenge() throws Exception {
		String verifier = "a-verifier-that-is-long-enough-for-pkce-0123456789";
		String challenge = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
		URI uri = URI.create(authorizeUrl("xyz") + "&code_challenge=" + challenge + "&code_challenge_method=S256");
		this.simulator.oauth().approveNext(ALICE);
		this.simulator.oauth().approveNext(ALICE);
		this.oauth.open(uri);
		this.oauth.open(uri);
		Map<String, String> wrong = codeFields(this.oauth.callbacks().get(0).get("code"));
		wrong.put("code_verifier", "another-verifier");
		assertThat(this.oauth.token(tokenUrl(), wrong).statusCode()).isEqualTo(400);
		Map<String, String> right = codeFields(this.oauth.callbacks().get(1).get("code"));
		right.put("code_verifier", verifier);
		assertThat(this.oauth.token(tokenUrl(), right).statusCode()).isEqualTo(200);
	}

	@Test
	void revokedGrantLosesItsSessionAndRefreshToken() throws Exception {
		JsonNode token = SimulatorClient.json(exchange(approve()));
		String accessToken = token.get("access_token").stringValue();
		assertThat(this.simulator.oauth().revoke(CLIENT_ID, ALICE)).isOne();
		assertThat(this.simulator.oauth().grants(CLIENT_ID, ALICE)).isZero();
		assertThat(this.client.get("/auth/me", accessToken).statusCode()).isEqualTo(401);
		assertThat(refresh(token.get("refresh_token").stringValue()).statusCode()).isEqualTo(400);
		assertThat(this.simulator.openSessions()).containsEntry(ALICE, 0);
	}

	@Test
	void resetForgetsCodes() throws Exception {
		String code = approve();
		this.simulator.reset();
		assertThat(exchange(code).statusCode()).isEqualTo(400);
	}

	@Test
	void builderChecksOAuthClients() {
		TradovateSimulatorBuilder builder = TradovateSimulator.builder();
		assertThatIllegalArgumentException().isThrownBy(() -> builder.oauthClient(CLIENT_ID, CLIENT_SECRET));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> builder.oauthClient(CLIENT_ID, CLIENT_SECRET, URI.create("/relative")));
		builder.oauthClient(CLIENT_ID, CLIENT_SECRET, URI.create("http://127.0.0.1/callback"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> builder.oauthClient(CLIENT_ID, "other", URI.create("http://127.0.0.1/callback")));
	}

	/**
	 * Approve an authorization as alice with the form, and return the code.
	 */
	private String approve() throws Exception {
		HttpResponse<String> page = this.oauth.open(authorizeUrl("xyz"));
		this.oauth.submit(this.oauth.browser, page, ALICE, ALICE_PASSWORD, "allow");
		Map<String, String> callback = this.oauth.callbacks().get(this.oauth.callbacks().size() - 1);
		return callback.get("code");
	}

	private String accessToken(String code) throws Exception {
		return SimulatorClient.json(exchange(code)).get("access_token").stringValue();
	}

	private HttpResponse<String> exchange(String code) throws Exception {
		return this.oauth.token(tokenUrl(), codeFields(code));
	}

	private HttpResponse<String> refresh(String refreshToken) throws Exception {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("grant_type", "refresh_token");
		fields.put("refresh_token", refreshToken);
		fields.put("client_id", CLIENT_ID);
		fields.put("client_secret", CLIENT_SECRET);
		return this.oauth.token(tokenUrl(), fields);
	}

	private Map<String, String> codeFields(String code) {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("grant_type", "authorization_code");
		fields.put("code", code);
		fields.put("redirect_uri", this.oauth.callbackUri().toString());
		fields.put("client_id", CLIENT_ID);
		fields.put("client_secret", CLIENT_SECRET);
		return fields;
	}

	private URI authorizeUrl(String state) {
		return this.simulator.oauth().authorizeUrl(CLIENT_ID, this.oauth.callbackUri(), state);
	}

	private URI tokenUrl() {
		return this.simulator.oauth().tokenUrl();
	}

	private static OAuthBrowser browser() {
		try {
			return new OAuthBrowser();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
