package io.github.futuresauth.tradovate.autoconfigure.health;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.futuresauth.tradovate.auth.AccessToken;
import io.github.futuresauth.tradovate.auth.CaptchaRequiredException;
import io.github.futuresauth.tradovate.auth.CredentialsRejectedException;
import io.github.futuresauth.tradovate.auth.RenewingTokenProvider;
import io.github.futuresauth.tradovate.auth.TokenStatus;
import io.github.futuresauth.tradovate.auth.TokenStatusSource;
import io.github.futuresauth.tradovate.auth.TradovateAuthClient;
import io.github.futuresauth.tradovate.auth.TradovateCredentials;
import io.github.futuresauth.tradovate.simulator.ManualTaskScheduler;
import io.github.futuresauth.tradovate.simulator.MutableClock;
import io.github.futuresauth.tradovate.simulator.TradovateSimulator;
import io.github.futuresauth.tradovate.simulator.TradovateSimulatorExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.core.retry.RetryPolicy;

import org.assertj.core.api.InstanceOfAssertFactories;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TradovateHealthIndicator}, with a provider logged in to the simulator
 * and time moved on the simulator's clock.
 */
class TradovateHealthIndicatorTests {

	private static final String NAME = TradovateSimulator.DEFAULT_USER_NAME;

	private static final String PASSWORD = TradovateSimulator.DEFAULT_PASSWORD;

	private static final Duration LIFETIME = Duration.ofMinutes(90);

	@RegisterExtension
	static final TradovateSimulatorExtension extension = new TradovateSimulatorExtension(
			TradovateSimulator.builder().user(NAME, PASSWORD).tokenLifetime(LIFETIME));

	private final TradovateSimulator simulator = extension.simulator();

	private final MutableClock clock = (MutableClock) this.simulator.clock();

	private final ManualTaskScheduler scheduler = new ManualTaskScheduler(this.clock);

	private final List<RenewingTokenProvider> providers = new ArrayList<>();

	@AfterEach
	void closeProviders() {
		this.providers.forEach(RenewingTokenProvider::close);
	}

	@Test
	void downWithTheHoldAndTheBudgetAfterARefusedLogin() {
		RenewingTokenProvider provider = provider("wrong-password");
		failedLogin(provider, CredentialsRejectedException.class);
		Health health = new TradovateHealthIndicator(provider).health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("cause", "credentials_rejected")
			.containsEntry("clockOffset", "PT0S");
		assertThat(health.getDetails().get("hold")).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("reason", "refused")
			.containsEntry("until", this.clock.instant().plus(Duration.ofMinutes(1)).toString());
		assertThat(health.getDetails().get("budget")).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("failedLogins", Map.of("used", 1, "limit", 5))
			.containsEntry("renewals", Map.of("used", 0, "limit", 15));
	}

	@Test
	void anyProviderThatDescribesItsStatusGetsHealth() {
		Instant now = this.clock.instant();
		TokenStatus status = new TokenStatus(TokenStatus.State.VALID, "bot", now.plus(Duration.ofHours(1)), 7, now, now,
				null, null, null, Duration.ofSeconds(-42), null, new TokenStatus.Usage(0, 5),
				new TokenStatus.Usage(1, 15), new TokenStatus.Usage(0, 10));
		TokenStatusSource source = () -> status;
		Health health = new TradovateHealthIndicator(source).health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("user", "bot")
			.containsEntry("expiresIn", "PT1H")
			.containsEntry("clockOffset", "PT-42S");
	}

	@Test
	void unknownBeforeTheFirstLogin() {
		Health health = new TradovateHealthIndicator(provider(PASSWORD)).health();
		assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
		assertThat(health.getDetails()).containsOnlyKeys("reason", "budget", "clockOffset");
		assertThat(this.simulator.journal().requests()).isEmpty();
	}

	@Test
	void upAfterLoginWithTimeToExpiryByTheProvidersClock() {
		RenewingTokenProvider provider = provider(PASSWORD);
		AccessToken token = provider.getToken();
		this.clock.advance(Duration.ofMinutes(10));
		Health health = new TradovateHealthIndicator(provider).health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		Duration expiresIn = Duration.between(this.clock.instant(), token.expirationTime())
			.truncatedTo(ChronoUnit.SECONDS);
		assertThat(health.getDetails()).containsEntry("user", NAME)
			.containsEntry("expirationTime", token.expirationTime().toString())
			.containsEntry("expiresIn", expiresIn.toString())
			.doesNotContainKey("lastRenewal");
		assertThat(expiresIn).isBetween(LIFETIME.minusMinutes(11), LIFETIME.minusMinutes(10));
		assertThat(this.simulator.journal().requests()).hasSize(1);
	}

	@Test
	void upWithLastRenewalAfterARenewal() {
		RenewingTokenProvider provider = provider(PASSWORD);
		AccessToken token = provider.getToken();
		Instant renewAt = this.scheduler.runNext();
		AccessToken renewed = provider.getCurrentToken();
		assertThat(renewed.accessToken()).isNotEqualTo(token.accessToken());
		Health health = new TradovateHealthIndicator(provider).health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("lastRenewal", renewAt.toString())
			.containsEntry("expirationTime", renewed.expirationTime().toString());
		assertThat(this.simulator.journal().renewals()).isOne();
	}

	@Test
	void downWithCauseWhenTheCredentialsAreRejected() {
		RenewingTokenProvider provider = provider("wrong-password");
		CredentialsRejectedException failure = failedLogin(provider, CredentialsRejectedException.class);
		Health health = new TradovateHealthIndicator(provider).health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("cause", "credentials_rejected")
			.containsEntry("reason", failure.getMessage());
		assertThat(detailsText(health)).doesNotContain("wrong-password");
	}

	@Test
	void downWithCauseWhenACaptchaIsRequired() {
		RenewingTokenProvider provider = provider(PASSWORD);
		this.simulator.requireCaptchaOnNextLogin();
		failedLogin(provider, CaptchaRequiredException.class);
		Health health = new TradovateHealthIndicator(provider).health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("cause", "captcha").containsKey("reason");
	}

	@Test
	void downWhenTheTokenExpiredWithoutRenewal() {
		RenewingTokenProvider provider = provider(PASSWORD);
		AccessToken token = provider.getToken();
		this.clock.setInstant(token.expirationTime().plusSeconds(1));
		Health health = new TradovateHealthIndicator(provider).health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat((String) health.getDetails().get("reason")).contains("expired").contains("could not be renewed");
		assertThat(health.getDetails()).doesNotContainKey("expiresIn");
		assertThat(this.simulator.journal().requests()).hasSize(1);
	}

	@Test
	void detailsNeverShowThePasswordOrATokenWhateverTheState() {
		RenewingTokenProvider provider = provider(PASSWORD);
		TradovateHealthIndicator indicator = new TradovateHealthIndicator(provider);
		List<String> texts = new ArrayList<>();
		provider.getToken();
		texts.add(detailsText(indicator.health()));
		this.scheduler.runNext();
		texts.add(detailsText(indicator.health()));
		this.clock.advance(LIFETIME);
		texts.add(detailsText(indicator.health()));
		List<String> tokens = this.simulator.journal().issuedTokens();
		assertThat(tokens).hasSizeGreaterThanOrEqualTo(3);
		assertThat(texts).hasSize(3).allSatisfy((text) -> {
			assertThat(text).doesNotContain(PASSWORD);
			tokens.forEach((token) -> assertThat(text).doesNotContain(token));
		});
	}

	private RenewingTokenProvider provider(String password) {
		RenewingTokenProvider provider = new RenewingTokenProvider(
				TradovateAuthClient.create(this.simulator.baseUrl(), Duration.ofSeconds(1), Duration.ofSeconds(2)),
				TradovateCredentials.of(NAME, password));
		provider.setClock(this.clock);
		provider.setTaskScheduler(this.scheduler);
		provider.setRetryPolicy(RetryPolicy.builder().maxRetries(1).delay(Duration.ofMillis(1)).build());
		this.providers.add(provider);
		return provider;
	}

	private static <T extends RuntimeException> T failedLogin(RenewingTokenProvider provider, Class<T> type) {
		try {
			provider.getToken();
		}
		catch (RuntimeException ex) {
			assertThat(ex).isInstanceOf(type);
			return type.cast(ex);
		}
		throw new AssertionError("Expected the login to fail");
	}

	private static String detailsText(Health health) {
		return health.getDetails().toString();
	}

}
