package io.github.futuresauth.tradovate.autoconfigure.redis;

import java.time.Duration;
import java.util.Map;

import io.github.futuresauth.tradovate.auth.TradovateUsers;
import io.github.futuresauth.tradovate.auth.oauth.OAuthRenewal;
import io.github.futuresauth.tradovate.auth.redis.RedisServerExtension;
import io.github.futuresauth.tradovate.autoconfigure.TradovateAuthAutoConfiguration;
import io.github.futuresauth.tradovate.autoconfigure.TradovateRestClients;
import io.github.futuresauth.tradovate.autoconfigure.oauth.OAuthAuthorizations;
import io.github.futuresauth.tradovate.autoconfigure.oauth.TradovateOAuth2AutoConfiguration;
import io.github.futuresauth.tradovate.autoconfigure.oauth.TradovateOAuthUsers;
import io.github.futuresauth.tradovate.autoconfigure.redis.TradovateRedisAutoConfigurationTests.RedisConfiguration;
import io.github.futuresauth.tradovate.simulator.RequestKind;
import io.github.futuresauth.tradovate.simulator.TradovateSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for users who connected through OAuth, served by a fleet that shares their tokens
 * through Redis.
 */
class TradovateOAuthFleetTests {

	@RegisterExtension
	static final RedisServerExtension redis = new RedisServerExtension();

	private final TradovateSimulator simulator = TradovateSimulator.builder()
		.user("alice", "alice-password")
		.oauthClient("app", "app-secret", OAuthAuthorizations.REDIRECT)
		.oauthTokenRenewal(false)
		.oauthRefreshTokens(Duration.ofDays(30))
		.start();

	private final OAuthAuthorizations authorizations = new OAuthAuthorizations(this.simulator);

	private final WebApplicationContextRunner instance = new WebApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(TradovateRedisAutoConfiguration.class, TradovateAuthAutoConfiguration.class,
						TradovateOAuth2AutoConfiguration.class, RestClientAutoConfiguration.class))
		.withUserConfiguration(RedisConfiguration.class)
		.withBean(ClientRegistrationRepository.class, this.authorizations::registrations)
		.withPropertyValues("test.redis.port=" + redis.getServer().getPort(), "tradovate.fleet.enabled=true",
				"tradovate.fleet.key-prefix=oauth-" + System.nanoTime(),
				"tradovate.base-url=" + this.simulator.baseUrl())
		.withPropertyValues(OAuthAuthorizations.PROPERTIES);

	@AfterEach
	void stopSimulator() {
		this.simulator.close();
	}

	@Test
	void theFleetServesAndRefreshesAUserAuthorizedOnOneInstanceAndDropsItOnDisconnect() {
		this.instance.run((first) -> {
			OAuth2AuthorizedClient authorized = this.authorizations.authorize(first, "alice");
			this.instance.run((second) -> {
				OAuth2AuthorizedClient served = service(second).loadAuthorizedClient("tradovate", "alice");
				assertThat(served.getAccessToken().getTokenValue())
					.isEqualTo(authorized.getAccessToken().getTokenValue());
				assertThat(second.getBean(TradovateRestClients.class)
					.get(TradovateOAuthUsers.key("alice"))
					.get()
					.uri("/auth/me")
					.retrieve()
					.body(Map.class)).containsEntry("name", "alice");
				// The second refreshes with the refresh token that the first received,
				// and
				// the first with the one that replaced it.
				TradovateOAuthUsers secondUsers = second.getBean(TradovateOAuthUsers.class);
				secondUsers.get("alice").renewNow();
				assertThat(secondUsers.getLastRenewal("alice")).isEqualTo(OAuthRenewal.REFRESH);
				first.getBean(TradovateOAuthUsers.class).get("alice").renewNow();
				assertThat(this.simulator.journal().count(RequestKind.OAUTH_REFRESH)).isEqualTo(2);
				// Disconnected on the first, the user is gone from the second too.
				service(first).removeAuthorizedClient("tradovate", "alice");
				await().until(
						() -> !second.getBean(TradovateUsers.class).keys().contains(TradovateOAuthUsers.key("alice")));
				// The key goes from the registry just before its connection does.
				await().until(() -> service(second).loadAuthorizedClient("tradovate", "alice") == null);
			});
		});
		assertThat(this.simulator.journal().count(RequestKind.OAUTH_TOKEN)).isOne();
		assertThat(this.simulator.journal().loginRequests()).isZero();
	}

	private static OAuth2AuthorizedClientService service(org.springframework.context.ApplicationContext context) {
		return context.getBean(OAuth2AuthorizedClientService.class);
	}

}
