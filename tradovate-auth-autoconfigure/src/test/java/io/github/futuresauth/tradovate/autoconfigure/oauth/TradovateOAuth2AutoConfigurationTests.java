package io.github.futuresauth.tradovate.autoconfigure.oauth;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.github.futuresauth.tradovate.auth.AccessToken;
import io.github.futuresauth.tradovate.auth.AccessTokenFailedEvent;
import io.github.futuresauth.tradovate.auth.CaptchaRequiredException;
import io.github.futuresauth.tradovate.auth.Hold;
import io.github.futuresauth.tradovate.auth.HoldReason;
import io.github.futuresauth.tradovate.auth.InMemoryTokenStore;
import io.github.futuresauth.tradovate.auth.Lease;
import io.github.futuresauth.tradovate.auth.LoginHeldException;
import io.github.futuresauth.tradovate.auth.RenewingTokenProvider;
import io.github.futuresauth.tradovate.auth.StoredToken;
import io.github.futuresauth.tradovate.auth.TokenStatus;
import io.github.futuresauth.tradovate.auth.TokenStore;
import io.github.futuresauth.tradovate.auth.TradovateAuthException;
import io.github.futuresauth.tradovate.auth.TradovateCredentials;
import io.github.futuresauth.tradovate.auth.TradovateEnvironment;
import io.github.futuresauth.tradovate.auth.TradovateUsers;
import io.github.futuresauth.tradovate.auth.oauth.OAuthRenewal;
import io.github.futuresauth.tradovate.autoconfigure.TradovateAuthAutoConfiguration;
import io.github.futuresauth.tradovate.autoconfigure.TradovateRestClients;
import io.github.futuresauth.tradovate.autoconfigure.TradovateTokenStoreFactory;
import io.github.futuresauth.tradovate.autoconfigure.health.TradovateHealthAutoConfiguration;
import io.github.futuresauth.tradovate.autoconfigure.store.TradovateFileStoreAutoConfiguration;
import io.github.futuresauth.tradovate.simulator.RecordedRequest;
import io.github.futuresauth.tradovate.simulator.RequestKind;
import io.github.futuresauth.tradovate.simulator.TradovateSimulator;
import io.github.futuresauth.tradovate.simulator.TradovateSimulatorBuilder;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.AbstractApplicationContextRunner;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.client.endpoint.OAuth2RefreshTokenGrantRequest;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.security.oauth2.client.web.client.RequestAttributeClientRegistrationIdResolver;
import org.springframework.security.oauth2.client.web.client.RequestAttributePrincipalResolver;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.core.user.DefaultOAuth2User;
import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link TradovateOAuth2AutoConfiguration}: the tokens of users who authorize
 * the application, handed to the starter's token management.
 */
class TradovateOAuth2AutoConfigurationTests {

	private static final URI REDIRECT = OAuthAuthorizations.REDIRECT;

	private TradovateSimulator simulator = simulator((builder) -> {
	});

	@AfterEach
	void stopSimulator() {
		this.simulator.close();
	}

	@Test
	void aCodeIsExchangedOnceAndTheTokenServesTheUsersRestClient() {
		runner().run((context) -> {
			OAuth2AuthorizedClient authorized = authorize(context, "alice");
			assertThat(this.simulator.journal().count(RequestKind.OAUTH_TOKEN)).isOne();
			// Spring Security did not describe the user at login: /auth/me, once.
			assertThat(this.simulator.journal().count(RequestKind.ME)).isOne();
			Map<?, ?> me = context.getBean(TradovateRestClients.class)
				.get("oauth:alice")
				.get()
				.uri("/auth/me")
				.retrieve()
				.body(Map.class);
			assertThat(me.get("name")).isEqualTo("alice");
			OAuth2AuthorizedClient loaded = service(context).loadAuthorizedClient("tradovate", "alice");
			assertThat(loaded.getAccessToken().getTokenValue()).isEqualTo(authorized.getAccessToken().getTokenValue());
			assertThat(context.getBean(TradovateUsers.class).keys()).contains("oauth:alice");
			assertThat(this.simulator.journal().logins()).isZero();
		});
	}

	@Test
	void theUserOfATokenIsTakenOnlyFromALoginThroughTradovate() {
		runner().run((context) -> {
			String code = this.simulator.oauth().issueCode("app", REDIRECT, "alice");
			OAuth2AccessTokenResponse response = exchange(context, code);
			OAuthAuthorizations authorizations = new OAuthAuthorizations(this.simulator);
			OAuth2AuthorizedClient client = new OAuth2AuthorizedClient(authorizations.registration(), "alice",
					response.getAccessToken(), response.getRefreshToken());
			// Logged in through another provider, whose user has attributes of the same
			// names.
			OAuth2User other = new DefaultOAuth2User(List.of(), Map.of("userId", 999, "name", "mallory"), "name");
			service(context).saveAuthorizedClient(client,
					new OAuth2AuthenticationToken(other, List.of(), "another-provider"));
			AccessToken token = context.getBean(TradovateOAuthUsers.class).get("alice").getToken();
			assertThat(token.name()).isEqualTo("alice");
			assertThat(token.userId()).isNotEqualTo(999L);
			assertThat(this.simulator.journal().count(RequestKind.ME)).isOne();
		});
	}

	@Test
	void springSecuritysInterceptorSendsTheTokenThatTheStarterKeeps() {
		runner().run((context) -> {
			authorize(context, "alice");
			AuthorizedClientServiceOAuth2AuthorizedClientManager manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(
					context.getBean(ClientRegistrationRepository.class), service(context));
			manager.setAuthorizedClientProvider(
					OAuth2AuthorizedClientProviderBuilder.builder().authorizationCode().build());
			OAuth2ClientHttpRequestInterceptor interceptor = new OAuth2ClientHttpRequestInterceptor(manager);
			interceptor.setClientRegistrationIdResolver(new RequestAttributeClientRegistrationIdResolver());
			interceptor.setPrincipalResolver(new RequestAttributePrincipalResolver());
			RestClient springSecurity = RestClient.builder()
				.baseUrl(this.simulator.baseUrl().toString())
				.requestInterceptor(interceptor)
				.build();
			// Renewed by the starter: Spring Security sends the new token, as the
			// starter's client of the user does.
			String renewed = context.getBean(TradovateOAuthUsers.class).get("alice").renewNow().accessToken();
			Map<?, ?> me = springSecurity.get()
				.uri("/auth/me")
				.attributes(RequestAttributeClientRegistrationIdResolver.clientRegistrationId("tradovate"))
				.attributes(RequestAttributePrincipalResolver.principal("alice"))
				.retrieve()
				.body(Map.class);
			assertThat(me.get("name")).isEqualTo("alice");
			assertThat(lastAuthorization(RequestKind.ME)).isEqualTo("Bearer " + renewed);
			context.getBean(TradovateRestClients.class)
				.get("oauth:alice")
				.get()
				.uri("/auth/me")
				.retrieve()
				.toBodilessEntity();
			assertThat(lastAuthorization(RequestKind.ME)).isEqualTo("Bearer " + renewed);
		});
	}

	@Test
	void aCodeReplayedIsRefusedAndConnectsNobody() {
		runner().run((context) -> {
			String code = this.simulator.oauth().issueCode("app", REDIRECT, "alice");
			exchange(context, code);
			assertThatExceptionOfType(OAuth2AuthorizationException.class).isThrownBy(() -> exchange(context, code));
			assertThat(this.simulator.journal().count(RequestKind.OAUTH_TOKEN_REJECTED)).isOne();
		});
	}

	@Test
	void aCodeExchangeThatGetsNoAnswerTimesOut() {
		runner().withPropertyValues("tradovate.read-timeout=300ms").run((context) -> {
			String code = this.simulator.oauth().issueCode("app", REDIRECT, "alice");
			this.simulator.delayNext(1, Duration.ofSeconds(3));
			assertThat(catchThrowable(() -> exchange(context, code)))
				.hasRootCauseInstanceOf(java.net.SocketTimeoutException.class);
		});
	}

	@Test
	void renewsThroughRenewAccessTokenWhenTradovateAcceptsIt() {
		runner().withConfiguration(AutoConfigurations.of(TradovateHealthAutoConfiguration.class)).run((context) -> {
			authorize(context, "alice");
			RenewingTokenProvider provider = context.getBean(TradovateOAuthUsers.class).get("alice");
			String before = provider.getToken().accessToken();
			assertThat(provider.renewNow().accessToken()).isNotEqualTo(before);
			assertThat(context.getBean(TradovateOAuthUsers.class).getLastRenewal("alice"))
				.isEqualTo(OAuthRenewal.RENEW);
			Health health = health(context, "oauth:alice");
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("renewal", "renew");
			assertThat(this.simulator.journal().count(RequestKind.OAUTH_REFRESH)).isZero();
		});
	}

	@Test
	void refreshesWhenTradovateRefusesToRenewAnOAuthToken() {
		this.simulator.close();
		this.simulator = simulator(
				(builder) -> builder.oauthTokenRenewal(false).oauthRefreshTokens(Duration.ofDays(30)));
		runner().withConfiguration(AutoConfigurations.of(TradovateHealthAutoConfiguration.class)).run((context) -> {
			authorize(context, "alice");
			RenewingTokenProvider provider = context.getBean(TradovateOAuthUsers.class).get("alice");
			String before = provider.getToken().accessToken();
			String refreshed = provider.renewNow().accessToken();
			// Health tells which way worked.
			assertThat(health(context, "oauth:alice").getDetails()).containsEntry("renewal", "refresh");
			assertThat(refreshed).isNotEqualTo(before);
			assertThat(context.getBean(TradovateOAuthUsers.class).getLastRenewal("alice"))
				.isEqualTo(OAuthRenewal.REFRESH);
			assertThat(this.simulator.journal().count(RequestKind.OAUTH_REFRESH)).isOne();
			// Refused once, renewal is not asked again: the next goes straight to
			// refresh.
			provider.renewNow();
			assertThat(this.simulator.journal().count(RequestKind.OAUTH_REFRESH)).isEqualTo(2);
			assertThat(context.getBean(TradovateRestClients.class)
				.get("oauth:alice")
				.get()
				.uri("/auth/me")
				.retrieve()
				.body(Map.class)).containsEntry("name", "alice");
		});
	}

	@Test
	void aTokenThatCanBeNeitherRenewedNorRefreshedAsksTheUserToAuthorizeAgain() {
		this.simulator.close();
		this.simulator = simulator((builder) -> builder.oauthTokenRenewal(false));
		List<AccessTokenFailedEvent> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
		runner().withConfiguration(AutoConfigurations.of(TradovateHealthAutoConfiguration.class))
			.withBean(ApplicationListener.class, () -> (ApplicationListener<AccessTokenFailedEvent>) failures::add)
			.run((context) -> {
				authorize(context, "alice");
				RenewingTokenProvider provider = context.getBean(TradovateOAuthUsers.class).get("alice");
				assertThatExceptionOfType(TradovateAuthException.class).isThrownBy(provider::renewNow);
				// The user disconnects the application on Tradovate's side: the token
				// dies.
				this.simulator.oauth().revoke("app", "alice");
				Throwable failure = catchThrowable(() -> context.getBean(TradovateRestClients.class)
					.get("oauth:alice")
					.get()
					.uri("/account/list")
					.retrieve()
					.toBodilessEntity());
				assertThat(messages(failure)).contains("must authorize the application again");
				assertThat(context.getBean(TradovateOAuthUsers.class).getLastRenewal("alice"))
					.isEqualTo(OAuthRenewal.REAUTHORIZE);
				assertThat(provider.getStatus().state()).isEqualTo(TokenStatus.State.FAILED);
				assertThat(failures).isNotEmpty();
				Health health = health(context, "oauth:alice");
				assertThat(health.getStatus()).isEqualTo(Status.DOWN);
				assertThat(health.getDetails()).containsEntry("renewal", "reauthorize");
				// Spring Security is told there is no client: it sends the user to
				// authorize again.
				assertThat((Object) service(context).loadAuthorizedClient("tradovate", "alice")).isNull();
				assertThat(provider.getStatus().hold()).extracting(Hold::reason).isEqualTo(HoldReason.REFUSED);
				// Nothing was sent as a login, and no failed login counted for the
				// address.
				assertThat(this.simulator.journal().loginRequests()).isZero();
				assertThat(context.getBean(TradovateUsers.class)
					.getNetwork()
					.ledger(java.time.Instant.now())
					.failedLogins()).isEmpty();
				// Authorizing again ends the user's own hold.
				authorize(context, "alice");
				assertThat(context.getBean(TradovateOAuthUsers.class).get("alice").getStatus().hold()).isNull();
			});
	}

	@Test
	void connectingAUserLeavesTheCaptchaThatHoldsThePasswordUsersOfTheAddress() {
		runner()
			.withPropertyValues("tradovate.users.bob.name=bob", "tradovate.users.bob.password=bob-password",
					"tradovate.login-at-startup=false")
			.run((context) -> {
				TradovateUsers users = context.getBean(TradovateUsers.class);
				RenewingTokenProvider bob = users.getTokenProvider("bob");
				this.simulator.requireCaptchaOnNextLogin();
				assertThatExceptionOfType(CaptchaRequiredException.class).isThrownBy(bob::getToken);
				authorize(context, "alice");
				// Authorizing an application solves no captcha.
				assertThat(users.getNetwork().ledger(Instant.now()).hold()).extracting(Hold::reason)
					.isEqualTo(HoldReason.CAPTCHA);
				assertThatExceptionOfType(LoginHeldException.class).isThrownBy(bob::getToken)
					.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(HoldReason.CAPTCHA));
				assertThat(this.simulator.journal().loginRequests()).isOne();
			});
	}

	@Test
	void anOutageIsNotTakenForAUserWhoMustAuthorizeAgain() {
		this.simulator.close();
		this.simulator = simulator(
				(builder) -> builder.oauthTokenRenewal(false).oauthRefreshTokens(Duration.ofDays(30)));
		Map<String, ClosableStore> tokens = new java.util.concurrent.ConcurrentHashMap<>();
		runner().withPropertyValues("tradovate.token-wait-timeout=1s")
			.withBean(TradovateTokenStoreFactory.class, () -> (environment, credentials) -> {
				ClosableStore store = new ClosableStore();
				if ("oauth".equals(credentials.cid())) {
					tokens.put(credentials.name(), store);
				}
				return store;
			})
			.run((context) -> {
				authorize(context, "alice");
				// The token expired, and Tradovate is down when it is needed.
				ClosableStore store = tokens.get("alice");
				Lease lease = store.tryAcquireLease("test", Duration.ofSeconds(10));
				AccessToken token = store.current().token();
				store.compareAndSet(store.current().version(), new AccessToken(token.accessToken(), null,
						Instant.now().minusSeconds(1), token.userId(), token.name(), null), lease);
				store.releaseLease(lease);
				this.simulator.failNext(50, 503);
				assertThatExceptionOfType(TradovateAuthException.class)
					.isThrownBy(() -> service(context).loadAuthorizedClient("tradovate", "alice"))
					.satisfies((ex) -> assertThat(messages(ex)).doesNotContain("must authorize the application again"));
				// The refresh token was kept for when Tradovate is back.
				assertThat(context.getBean(TradovateOAuthUsers.class).get("alice")).isNotNull();
			});
	}

	@Test
	void aSecondInstanceServesTheUserAuthorizedOnTheFirstWithoutAnExchange(@TempDir Path directory) {
		WebApplicationContextRunner fleet = runner()
			.withConfiguration(AutoConfigurations.of(TradovateFileStoreAutoConfiguration.class))
			.withPropertyValues("tradovate.store.type=file", "tradovate.store.directory=" + directory);
		fleet.run((first) -> {
			OAuth2AuthorizedClient authorized = authorize(first, "alice");
			fleet.run((second) -> {
				OAuth2AuthorizedClient served = service(second).loadAuthorizedClient("tradovate", "alice");
				assertThat(served.getAccessToken().getTokenValue())
					.isEqualTo(authorized.getAccessToken().getTokenValue());
				assertThat(second.getBean(TradovateRestClients.class)
					.get("oauth:alice")
					.get()
					.uri("/auth/me")
					.retrieve()
					.body(Map.class)).containsEntry("name", "alice");
			});
		});
		assertThat(this.simulator.journal().count(RequestKind.OAUTH_TOKEN)).isOne();
	}

	@Test
	void disconnectingRemovesTheTokenFromTheStore(@TempDir Path directory) {
		WebApplicationContextRunner withFile = runner()
			.withConfiguration(AutoConfigurations.of(TradovateFileStoreAutoConfiguration.class))
			.withPropertyValues("tradovate.store.type=file", "tradovate.store.directory=" + directory);
		withFile.run((context) -> {
			authorize(context, "alice");
			assertThat(readFromFile(context, "oauth")).isNotNull();
			assertThat(readFromFile(context, "oauth-connection")).isNotNull();
			service(context).removeAuthorizedClient("tradovate", "alice");
			// Stores opened now read the file: the token is gone, and the refresh token
			// too.
			assertThat(readFromFile(context, "oauth")).isNull();
			assertThat(readFromFile(context, "oauth-connection")).isNull();
			assertThat(context.getBean(TradovateUsers.class).keys()).doesNotContain("oauth:alice");
			assertThat(context.getBean(TradovateOAuthUsers.class).get("alice")).isNull();
		});
		// Nor does another instance find it.
		withFile.run(
				(context) -> assertThat((Object) service(context).loadAuthorizedClient("tradovate", "alice")).isNull());
	}

	/**
	 * Read alice's entry under an API key from a store opened for the purpose: unlike a
	 * store opened before, whose copy follows the file a little later, it reads the file
	 * as it is now.
	 */
	private static @Nullable StoredToken readFromFile(AssertableWebApplicationContext context, String apiKey)
			throws Exception {
		TokenStore store = context.getBean(TradovateTokenStoreFactory.class)
			.create(TradovateEnvironment.DEMO,
					new TradovateCredentials("alice", "app-secret", null, null, null, apiKey, null));
		try {
			return store.read();
		}
		finally {
			((AutoCloseable) store).close();
		}
	}

	@Test
	void aTokenIsNotWrittenBackOnceItsUserDisconnected() {
		Map<String, ClosableStore> stores = new java.util.concurrent.ConcurrentHashMap<>();
		runner().withBean(TradovateTokenStoreFactory.class, () -> (environment, credentials) -> {
			ClosableStore store = new ClosableStore();
			// As on an instance that has not seen the disconnect yet.
			store.deaf = "oauth-connection".equals(credentials.cid());
			stores.put(credentials.cid() + ":" + credentials.name(), store);
			return store;
		}).run((context) -> {
			authorize(context, "alice");
			RenewingTokenProvider provider = context.getBean(TradovateOAuthUsers.class).get("alice");
			// This instance has renewed the token, and knows it.
			provider.renewNow();
			ClosableStore tokens = stores.get("oauth:alice");
			// Another instance disconnects the user: the connection, then the token.
			for (ClosableStore store : List.of(stores.get("oauth-connection:alice"), tokens)) {
				Lease lease = store.tryAcquireLease("other-instance", Duration.ofSeconds(10));
				assertThat(store.remove(store.current().version(), lease)).isTrue();
				store.releaseLease(lease);
			}
			// This instance still knows the token, which is still valid: it would give it
			// back to a store that seems to have lost it.
			Throwable failure = catchThrowable(provider::getToken);
			assertThat(failure).isNotNull();
			assertThat(tokens.current()).isNull();
			assertThat(context.getBean(TradovateOAuthUsers.class).get("alice")).isSameAs(provider);
		});
	}

	@Test
	void aPrincipalCannotTakeThePlaceOfAnotherUser() {
		runner().withPropertyValues("tradovate.users.alice.name=alice", "tradovate.users.alice.password=alice-password")
			.run((context) -> {
				TradovateUsers users = context.getBean(TradovateUsers.class);
				RenewingTokenProvider configured = users.getTokenProvider("alice");
				authorize(context, "alice");
				authorize(context, "default");
				assertThat(users.keys()).contains("alice", "oauth:alice", "oauth:default");
				assertThat(users.getTokenProvider("alice")).isSameAs(configured);
				// A user that the application added under a key of that form stays.
				RenewingTokenProvider added = users.add("oauth:bob", TradovateCredentials.of("bob", "bob-password"));
				assertThatIllegalStateException().isThrownBy(() -> authorize(context, "bob"))
					.withMessageContaining("'oauth:bob' did not connect through OAuth");
				assertThat(users.getTokenProvider("oauth:bob")).isSameAs(added);
				assertThat(context.getBean(TradovateOAuthUsers.class).get("bob")).isNull();
			});
	}

	@Test
	void everyInstanceRefreshesWithTheRefreshTokenInTheStoreAlsoAfterARestart(@TempDir Path directory) {
		this.simulator.close();
		this.simulator = simulator(
				(builder) -> builder.oauthTokenRenewal(false).oauthRefreshTokens(Duration.ofDays(30)));
		WebApplicationContextRunner fleet = fileStore(directory);
		fleet.run((first) -> {
			authorize(first, "alice");
			// Tradovate replaces the refresh token on every use: the next refresh,
			// wherever it runs, needs the new one.
			first.getBean(TradovateOAuthUsers.class).get("alice").renewNow();
			fleet.run((second) -> second.getBean(TradovateOAuthUsers.class).get("alice").renewNow());
		});
		fleet.run((restarted) -> {
			RenewingTokenProvider provider = restarted.getBean(TradovateOAuthUsers.class).get("alice");
			provider.renewNow();
			assertThat(restarted.getBean(TradovateOAuthUsers.class).getLastRenewal("alice"))
				.isEqualTo(OAuthRenewal.REFRESH);
		});
		assertThat(this.simulator.journal().count(RequestKind.OAUTH_REFRESH)).isEqualTo(3);
		assertThat(this.simulator.journal().count(RequestKind.OAUTH_TOKEN)).isOne();
	}

	@Test
	void aRefreshTokenThatTheStoreCannotTakeIsKeptUntilItCan() {
		this.simulator.close();
		this.simulator = simulator(
				(builder) -> builder.oauthTokenRenewal(false).oauthRefreshTokens(Duration.ofDays(30)));
		Map<String, ClosableStore> connections = new java.util.concurrent.ConcurrentHashMap<>();
		runner().withBean(TradovateTokenStoreFactory.class, () -> (environment, credentials) -> {
			ClosableStore store = new ClosableStore();
			if ("oauth-connection".equals(credentials.cid())) {
				connections.put(credentials.name(), store);
			}
			return store;
		}).run((context) -> {
			OAuth2AuthorizedClient authorized = authorize(context, "alice");
			RenewingTokenProvider provider = context.getBean(TradovateOAuthUsers.class).get("alice");
			ClosableStore connection = connections.get("alice");
			connection.unreachable = true;
			provider.renewNow();
			// Reached, but the write is lost (a timeout, a full disk).
			connection.unreachable = false;
			connection.losesWrites = true;
			provider.renewNow();
			assertThat(this.simulator.journal().count(RequestKind.OAUTH_REFRESH)).isEqualTo(2);
			assertThat(connection.current().token().accessToken())
				.isEqualTo(authorized.getRefreshToken().getTokenValue());
			connection.losesWrites = false;
			provider.renewNow();
			assertThat(context.getBean(TradovateOAuthUsers.class).getLastRenewal("alice"))
				.isEqualTo(OAuthRenewal.REFRESH);
			assertThat(connection.current().token().accessToken()).isNotEmpty()
				.isNotEqualTo(authorized.getRefreshToken().getTokenValue());
		});
	}

	@Test
	void anInstanceStopsServingAUserDisconnectedOnAnother(@TempDir Path directory) {
		WebApplicationContextRunner fleet = fileStore(directory);
		fleet.run((first) -> {
			authorize(first, "alice");
			fleet.run((second) -> {
				assertThat(second.getBean(TradovateOAuthUsers.class).get("alice")).isNotNull();
				service(first).removeAuthorizedClient("tradovate", "alice");
				await().until(() -> !second.getBean(TradovateUsers.class).keys().contains("oauth:alice"));
				// The key goes from the registry just before its connection does.
				await().until(() -> service(second).loadAuthorizedClient("tradovate", "alice") == null);
			});
		});
	}

	@Test
	void closesTheStoresOfItsUsersWhenTheyDisconnectAndWhenTheContextCloses() {
		List<ClosableStore> stores = new java.util.concurrent.CopyOnWriteArrayList<>();
		runner().withBean(TradovateTokenStoreFactory.class, () -> (environment, credentials) -> {
			ClosableStore store = new ClosableStore();
			stores.add(store);
			return store;
		}).run((context) -> {
			authorize(context, "alice");
			authorize(context, "bob");
			service(context).removeAuthorizedClient("tradovate", "bob");
			assertThat(stores).filteredOn((store) -> !store.closed).hasSize(2);
		});
		assertThat(stores).isNotEmpty().allMatch((store) -> store.closed);
	}

	@Test
	void backsOffWithoutATradovateRegistration() {
		new WebApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(TradovateAuthAutoConfiguration.class, TradovateOAuth2AutoConfiguration.class))
			.withPropertyValues("tradovate.name=alice", "tradovate.password=secret", "tradovate.login-at-startup=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TradovateOAuthUsers.class)
				.doesNotHaveBean(OAuth2AuthorizedClientService.class));
	}

	@Test
	void doesNotApplyToAnApplicationThatIsNotAWebApplication() {
		configure(new ApplicationContextRunner()).run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(TradovateOAuthUsers.class)
			.doesNotHaveBean(OAuth2AuthorizedClientService.class)
			.doesNotHaveBean(OAuth2AccessTokenResponseClient.class));
	}

	@Test
	void doesNotApplyToAReactiveWebApplication() {
		configure(new ReactiveWebApplicationContextRunner()).run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(TradovateOAuthUsers.class)
			.doesNotHaveBean(OAuth2AuthorizedClientService.class)
			.doesNotHaveBean(OAuth2AccessTokenResponseClient.class));
	}

	@Test
	void backsOffWithoutClientRegistrations() {
		// Neither the application nor Spring Boot's OAuth2 client (not on this class
		// path) registers the clients.
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TradovateAuthAutoConfiguration.class,
					TradovateOAuth2AutoConfiguration.class, RestClientAutoConfiguration.class))
			.withPropertyValues("tradovate.base-url=" + this.simulator.baseUrl(), "tradovate.store.type=memory",
					"spring.security.oauth2.client.registration.tradovate.client-id=app",
					"spring.security.oauth2.client.registration.tradovate.client-secret=app-secret")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(TradovateOAuthUsers.class)
				.doesNotHaveBean(OAuth2AuthorizedClientService.class));
	}

	@Test
	void backsOffForTheApplicationsTokenResponseClientOfTheCodeGrant() {
		runner().withUserConfiguration(CodeGrantClientConfiguration.class).run((context) -> {
			assertThat(context.getBeanNamesForType(ResolvableType.forClassWithGenerics(
					OAuth2AccessTokenResponseClient.class, OAuth2AuthorizationCodeGrantRequest.class)))
				.containsExactly("applicationCodeGrantClient");
			assertThat(context).hasSingleBean(TradovateOAuthUsers.class);
		});
	}

	@Test
	void keepsItsTokenResponseClientBesideOneForAnotherGrant() {
		runner().withUserConfiguration(RefreshGrantClientConfiguration.class)
			.run((context) -> assertThat(context.getBeanNamesForType(ResolvableType.forClassWithGenerics(
					OAuth2AccessTokenResponseClient.class, OAuth2AuthorizationCodeGrantRequest.class)))
				.containsExactly("tradovateAccessTokenResponseClient"));
	}

	private WebApplicationContextRunner fileStore(Path directory) {
		return runner().withConfiguration(AutoConfigurations.of(TradovateFileStoreAutoConfiguration.class))
			.withPropertyValues("tradovate.store.type=file", "tradovate.store.directory=" + directory);
	}

	private WebApplicationContextRunner runner() {
		return configure(new WebApplicationContextRunner());
	}

	private <R extends AbstractApplicationContextRunner<R, ?, ?>> R configure(R runner) {
		return runner
			.withConfiguration(AutoConfigurations.of(TradovateAuthAutoConfiguration.class,
					TradovateOAuth2AutoConfiguration.class, RestClientAutoConfiguration.class))
			.withBean(ClientRegistrationRepository.class, () -> new OAuthAuthorizations(this.simulator).registrations())
			.withPropertyValues("tradovate.base-url=" + this.simulator.baseUrl(), "tradovate.store.type=memory")
			.withPropertyValues(OAuthAuthorizations.PROPERTIES);
	}

	private OAuth2AuthorizedClient authorize(ApplicationContext context, String user) {
		return new OAuthAuthorizations(this.simulator).authorize(context, user);
	}

	private OAuth2AccessTokenResponse exchange(ApplicationContext context, String code) {
		return new OAuthAuthorizations(this.simulator).exchange(context, code);
	}

	private static OAuth2AuthorizedClientService service(ApplicationContext context) {
		return context.getBean(OAuth2AuthorizedClientService.class);
	}

	private String lastAuthorization(RequestKind kind) {
		List<RecordedRequest> requests = this.simulator.journal().requests(kind);
		return requests.get(requests.size() - 1).authorization();
	}

	private static Health health(ApplicationContext context, String key) {
		HealthIndicator indicator = (HealthIndicator) context
			.getBean("tradovateHealthContributor", CompositeHealthContributor.class)
			.getContributor(key);
		return indicator.health();
	}

	private static String messages(Throwable failure) {
		StringBuilder messages = new StringBuilder();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			messages.append(cause.getMessage()).append('\n');
		}
		return messages.toString();
	}

	@Configuration(proxyBeanMethods = false)
	static class CodeGrantClientConfiguration {

		@Bean
		OAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> applicationCodeGrantClient() {
			return (request) -> {
				throw new UnsupportedOperationException();
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RefreshGrantClientConfiguration {

		@Bean
		OAuth2AccessTokenResponseClient<OAuth2RefreshTokenGrantRequest> applicationRefreshGrantClient() {
			return (request) -> {
				throw new UnsupportedOperationException();
			};
		}

	}

	/** A store that tells whether it was closed. */
	static final class ClosableStore extends InMemoryTokenStore implements AutoCloseable {

		private volatile boolean closed;

		private volatile boolean unreachable;

		private volatile boolean losesWrites;

		private volatile boolean deaf;

		@Override
		public void addChangeListener(Runnable listener) {
			if (!this.deaf) {
				super.addChangeListener(listener);
			}
		}

		@Override
		public @Nullable StoredToken compareAndSet(long expectedVersion, AccessToken token, Lease lease) {
			return this.losesWrites ? null : super.compareAndSet(expectedVersion, token, lease);
		}

		@Override
		public @Nullable Lease tryAcquireLease(String owner, Duration ttl) {
			return this.unreachable ? null : super.tryAcquireLease(owner, ttl);
		}

		@Override
		public void close() {
			this.closed = true;
		}

	}

	private static TradovateSimulator simulator(Consumer<TradovateSimulatorBuilder> customizer) {
		TradovateSimulatorBuilder builder = TradovateSimulator.builder()
			.user("alice", "alice-password")
			.user("bob", "bob-password")
			.user("default", "default-password")
			.oauthClient("app", "app-secret", REDIRECT);
		customizer.accept(builder);
		return builder.start();
	}

}
