package io.github.futuresauth.tradovate.auth.oauth;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

import io.github.futuresauth.tradovate.auth.AccessToken;
import io.github.futuresauth.tradovate.auth.AccessTokenFailedEvent;
import io.github.futuresauth.tradovate.auth.AuthLedger;
import io.github.futuresauth.tradovate.auth.AuthNetwork;
import io.github.futuresauth.tradovate.auth.CaptchaRequiredException;
import io.github.futuresauth.tradovate.auth.HoldReason;
import io.github.futuresauth.tradovate.auth.InMemoryTokenStore;
import io.github.futuresauth.tradovate.auth.Lease;
import io.github.futuresauth.tradovate.auth.LoginHeldException;
import io.github.futuresauth.tradovate.auth.ReauthorizationRequiredException;
import io.github.futuresauth.tradovate.auth.RenewingTokenProvider;
import io.github.futuresauth.tradovate.auth.SimulatedProviders;
import io.github.futuresauth.tradovate.auth.TimePenaltyException;
import io.github.futuresauth.tradovate.auth.TokenStatus;
import io.github.futuresauth.tradovate.auth.TradovateAuthException;
import io.github.futuresauth.tradovate.auth.TradovateCredentials;
import io.github.futuresauth.tradovate.simulator.RequestKind;
import io.github.futuresauth.tradovate.simulator.TradovateSimulator;
import io.github.futuresauth.tradovate.simulator.TradovateSimulatorBuilder;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link TradovateOAuthClient} under a {@link RenewingTokenProvider}: what its
 * requests count against, on the user's ledger and on the network address's, against a
 * simulator that plays Tradovate's OAuth.
 */
class TradovateOAuthClientTests {

	private static final URI REDIRECT = URI.create("http://localhost:8080/login/oauth2/code/tradovate");

	private static final String PASSWORD = "bob-password";

	private TradovateSimulator simulator = simulator((builder) -> builder.oauthRefreshTokens(Duration.ofDays(30)));

	private SimulatedProviders providers = new SimulatedProviders(this.simulator);

	private final AuthNetwork network = new AuthNetwork();

	@AfterEach
	void close() {
		this.providers.close();
		this.simulator.close();
	}

	@Test
	void aRefreshGrantGoesOutDuringTheAddresssCaptchaAndLeavesItInPlace() {
		RenewingTokenProvider bob = passwordUser();
		this.simulator.requireCaptchaOnNextLogin();
		assertThatExceptionOfType(CaptchaRequiredException.class).isThrownBy(bob::getToken);
		RenewingTokenProvider alice = oauthUser(null, authorize("alice").refreshToken());
		// Not a login by Tradovate's count: the address's captcha does not hold it.
		assertThat(alice.getToken().name()).isEqualTo("alice");
		assertThat(this.simulator.journal().count(RequestKind.OAUTH_REFRESH)).isOne();
		// Nor does its success say anything about the address: the captcha still holds
		// every password login, and no failed login was added or taken away.
		AuthLedger address = this.network.ledger(now());
		assertThat(address.hold()).extracting("reason").isEqualTo(HoldReason.CAPTCHA);
		assertThat(address.failedLogins()).hasSize(1);
		assertThatExceptionOfType(LoginHeldException.class).isThrownBy(bob::getToken)
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(HoldReason.CAPTCHA));
		assertThat(this.simulator.journal().loginRequests()).isOne();
	}

	@Test
	void aRefusedRefreshGrantCountsNoFailedLoginAndLeavesTheAddresssPenalty() {
		RenewingTokenProvider bob = passwordUser();
		this.simulator.penalizeNextLogin(Duration.ofMinutes(6));
		assertThatExceptionOfType(TimePenaltyException.class).isThrownBy(bob::getToken);
		AuthLedger before = this.network.ledger(now());
		RenewingTokenProvider alice = oauthUser(null, "a-refresh-token-tradovate-never-issued");
		assertThatExceptionOfType(ReauthorizationRequiredException.class).isThrownBy(alice::getToken);
		assertThat(this.simulator.journal().count(RequestKind.OAUTH_TOKEN_REJECTED)).isOne();
		AuthLedger after = this.network.ledger(now());
		assertThat(after.failedLogins()).isEqualTo(before.failedLogins());
		assertThat(after.hold()).isEqualTo(before.hold());
		assertThat(alice.getStatus().failedLogins().used()).isZero();
	}

	@Test
	void aRefreshGrantThatFailsCountsNoFailedLogin() {
		RenewingTokenProvider alice = oauthUser(null, authorize("alice").refreshToken());
		this.simulator.failNext(1, 503);
		// Tried again at once, as a failure that may pass.
		assertThat(alice.getToken().name()).isEqualTo("alice");
		assertThat(this.simulator.journal().count(RequestKind.OAUTH_REFRESH)).isOne();
		assertThat(this.network.ledger(now()).failedLogins()).isEmpty();
		assertThat(alice.getStatus().failedLogins().used()).isZero();
	}

	@Test
	void aRefreshGrantRefusedForTheApplicationsCredentialsKeepsTheRefreshToken() {
		String refreshToken = authorize("alice").refreshToken();
		RefreshTokens refreshTokens = RefreshTokens.inMemory(refreshToken);
		// A client secret that Tradovate no longer accepts: 401 invalid_client.
		RenewingTokenProvider alice = oauthUser(null, refreshTokens, "rotated-secret");
		assertThatExceptionOfType(TradovateAuthException.class).isThrownBy(alice::getToken)
			.satisfies((ex) -> assertThat(ex).isNotInstanceOf(ReauthorizationRequiredException.class)
				.hasMessageNotContaining("must authorize the application again")
				.hasMessageNotContaining("rotated-secret"));
		assertThat(this.simulator.journal().count(RequestKind.OAUTH_TOKEN_REJECTED)).isPositive();
		// Fixed, the secret works with the refresh token that every instance still has.
		assertThat(refreshTokens.get()).isEqualTo(refreshToken);
		assertThat(oauthUser(null, refreshTokens, "app-secret").getToken().name()).isEqualTo("alice");
	}

	@Test
	void aRefreshGrantRefusedForTheApplicationsCredentialsSpendsNoCheckOfTheSession() {
		restart((builder) -> builder.oauthRefreshTokens(Duration.ofDays(30)).oauthTokenRenewal(false));
		Grant grant = authorize("alice");
		RenewingTokenProvider alice = oauthUser(grant.token(), RefreshTokens.inMemory(grant.refreshToken()),
				"rotated-secret");
		alice.getToken();
		this.providers.runUntil(grant.token().expirationTime().minusSeconds(1));
		assertThat(this.simulator.journal().count(RequestKind.OAUTH_TOKEN_REJECTED)).isPositive();
		// The application's credentials say nothing about the user's session: none of
		// the address's checks of /auth/me is spent on it.
		assertThat(this.simulator.journal().count(RequestKind.ME)).isZero();
		assertThat(this.network.ledger(now()).checks()).isEmpty();
	}

	@Test
	void aRefreshGrantRefusedAsInvalidGrantForgetsTheRefreshToken() {
		Grant grant = authorize("alice");
		RefreshTokens refreshTokens = RefreshTokens.inMemory(grant.refreshToken());
		this.simulator.oauth().revoke("app", "alice");
		RenewingTokenProvider alice = oauthUser(null, refreshTokens, "app-secret");
		assertThatExceptionOfType(ReauthorizationRequiredException.class).isThrownBy(alice::getToken);
		assertThat(refreshTokens.get()).isNull();
	}

	@Test
	void theAnswerOfTheTokenEndpointShowsNoToken() {
		TradovateOAuthClient.TokenResponse response = new TradovateOAuthClient.TokenResponse("the-access-token", 60L,
				"the-refresh-token", null, null);
		assertThat(response.toString()).doesNotContain("the-access-token").doesNotContain("the-refresh-token");
	}

	@Test
	void aRefreshGrantIsHeldByItsUsersOwnHolds() {
		RenewingTokenProvider alice = oauthUser(null, authorize("alice").refreshToken());
		alice.rateLimitedElsewhere("the trading WebSocket", Duration.ofMinutes(10), false);
		assertThatExceptionOfType(LoginHeldException.class).isThrownBy(alice::getToken);
		assertThat(this.simulator.journal().count(RequestKind.OAUTH_REFRESH)).isZero();
	}

	@Test
	void aRenewalThatGoesToTheRefreshGrantCountsNoRenewal() {
		restart((builder) -> builder.oauthRefreshTokens(Duration.ofDays(30)).oauthTokenRenewal(false));
		Grant grant = authorize("alice");
		RenewingTokenProvider alice = oauthUser(grant.token(), grant.refreshToken());
		String first = alice.renewNow().accessToken();
		String second = alice.renewNow().accessToken();
		assertThat(second).isNotEqualTo(first).isNotEqualTo(grant.token().accessToken());
		// Renewal was asked once, and refused; the refresh grant did the rest.
		assertThat(this.simulator.journal().count(RequestKind.RENEWAL_REJECTED)).isOne();
		assertThat(this.simulator.journal().count(RequestKind.OAUTH_REFRESH)).isEqualTo(2);
		assertThat(this.network.ledger(now()).renewals()).hasSize(1);
		assertThat(alice.getStatus().renewals().used()).isOne();
	}

	@Test
	void aTokenThatOnlyItsUserCanRestoreIsNotRenewedAgainNorCounted() {
		restart((builder) -> builder.oauthTokenRenewal(false));
		Grant grant = authorize("alice");
		RenewingTokenProvider alice = oauthUser(grant.token(), null);
		alice.getToken();
		Instant expiry = grant.token().expirationTime();
		this.providers.runUntil(expiry.minusSeconds(1));
		// One renewal went out and was refused; with no refresh token, nothing else can
		// be sent, and no renewal is tried again, nor reserved on the address.
		assertThat(this.simulator.journal().count(RequestKind.RENEWAL_REJECTED)).isOne();
		assertThat(this.network.ledger(now()).renewals()).hasSize(1);
		assertThat(alice.getStatus().renewals().used()).isOne();
		assertThat(failures(AccessTokenFailedEvent.Operation.RENEWAL)).isOne();
		int sent = this.simulator.journal().requests().size();
		// At expiry the token is replaced by a login, which says what the user must do.
		this.providers.runUntil(expiry.plus(Duration.ofHours(1)));
		assertThat(alice.getStatus().state()).isEqualTo(TokenStatus.State.FAILED);
		assertThat(alice.getLastLoginFailure()).isInstanceOf(ReauthorizationRequiredException.class);
		assertThat(failures(AccessTokenFailedEvent.Operation.LOGIN)).isOne();
		assertThatExceptionOfType(TradovateAuthException.class).isThrownBy(alice::getToken)
			.withMessageContaining("must authorize the application again");
		// Over the hour, nothing more was sent, and no login counted.
		assertThat(this.simulator.journal().requests()).hasSize(sent);
		assertThat(this.network.ledger(now()).failedLogins()).isEmpty();
		assertThat(failures(AccessTokenFailedEvent.Operation.RENEWAL)).isOne();
	}

	private RenewingTokenProvider passwordUser() {
		RenewingTokenProvider provider = this.providers.provider(this.providers.client(Duration.ofSeconds(2)),
				TradovateCredentials.of("bob", PASSWORD));
		provider.setNetwork(this.network);
		return provider;
	}

	/**
	 * A user who authorized the application, with its token in the store (or none) and
	 * its refresh token (or none), as the starter keeps such a user.
	 */
	private RenewingTokenProvider oauthUser(@Nullable AccessToken token, @Nullable String refreshToken) {
		return oauthUser(token, RefreshTokens.inMemory(refreshToken), "app-secret");
	}

	private RenewingTokenProvider oauthUser(@Nullable AccessToken token, RefreshTokens refreshTokens,
			String clientSecret) {
		URI baseUrl = this.simulator.baseUrl();
		RestClient restClient = RestClient.builder()
			.baseUrl(baseUrl.toString())
			.defaultHeader(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE)
			.build();
		TradovateOAuthClient client = new TradovateOAuthClient(restClient, baseUrl, "app", clientSecret, refreshTokens,
				this.providers.clock());
		RenewingTokenProvider provider = this.providers.provider(client, TradovateCredentials.of("alice", "oauth"));
		InMemoryTokenStore store = new InMemoryTokenStore();
		if (token != null) {
			Lease lease = store.tryAcquireLease("connect", Duration.ofSeconds(30));
			store.compareAndSet(0, token, lease);
			store.releaseLease(lease);
		}
		provider.setTokenStore(store);
		provider.setNetwork(this.network);
		return provider;
	}

	/** What Spring Security does after the callback: exchange the code. */
	private Grant authorize(String user) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("grant_type", "authorization_code");
		form.add("code", this.simulator.oauth().issueCode("app", REDIRECT, user));
		form.add("redirect_uri", REDIRECT.toString());
		form.add("client_id", "app");
		form.add("client_secret", "app-secret");
		Map<?, ?> response = RestClient.create()
			.post()
			.uri(this.simulator.oauth().tokenUrl())
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(form)
			.retrieve()
			.body(Map.class);
		Instant expires = this.simulator.serverTime().plusSeconds(((Number) response.get("expires_in")).longValue());
		AccessToken token = new AccessToken((String) response.get("access_token"), null, expires, null, user, null);
		return new Grant(token, (String) response.get("refresh_token"));
	}

	private long failures(AccessTokenFailedEvent.Operation operation) {
		return this.providers.events()
			.stream()
			.filter((event) -> event instanceof AccessTokenFailedEvent failed && failed.getOperation() == operation)
			.count();
	}

	private Instant now() {
		return this.simulator.serverTime();
	}

	private void restart(Consumer<TradovateSimulatorBuilder> customizer) {
		this.providers.close();
		this.simulator.close();
		this.simulator = simulator(customizer);
		this.providers = new SimulatedProviders(this.simulator);
	}

	private static TradovateSimulator simulator(Consumer<TradovateSimulatorBuilder> customizer) {
		TradovateSimulatorBuilder builder = TradovateSimulator.builder()
			.user("alice", "alice-password")
			.user("bob", PASSWORD)
			.oauthClient("app", "app-secret", REDIRECT);
		customizer.accept(builder);
		return builder.start();
	}

	private record Grant(AccessToken token, @Nullable String refreshToken) {

	}

}
