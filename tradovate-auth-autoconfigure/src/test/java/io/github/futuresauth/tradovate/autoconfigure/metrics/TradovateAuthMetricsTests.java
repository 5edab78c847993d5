package io.github.futuresauth.tradovate.autoconfigure.metrics;

import java.time.Duration;

import io.github.futuresauth.tradovate.auth.AccessToken;
import io.github.futuresauth.tradovate.auth.CaptchaRequiredException;
import io.github.futuresauth.tradovate.auth.CredentialsRejectedException;
import io.github.futuresauth.tradovate.auth.RenewingTokenProvider;
import io.github.futuresauth.tradovate.auth.LoginPenaltyEvent;
import io.github.futuresauth.tradovate.auth.AccessTokenRenewedEvent;
import io.github.futuresauth.tradovate.auth.TradovateBearerTokenInterceptor;
import io.github.futuresauth.tradovate.auth.TimePenaltyException;
import io.github.futuresauth.tradovate.auth.SimulatedProviders;
import io.github.futuresauth.tradovate.auth.TradovateAuthClient;
import io.github.futuresauth.tradovate.simulator.ManualTaskScheduler;
import io.github.futuresauth.tradovate.simulator.MutableClock;
import io.github.futuresauth.tradovate.simulator.RequestKind;
import io.github.futuresauth.tradovate.simulator.TradovateSimulator;
import io.github.futuresauth.tradovate.simulator.TradovateSimulatorExtension;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.github.futuresauth.tradovate.auth.TradovateUsers;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link TradovateAuthMetrics}, fed by the events of a provider logged in to
 * the simulator.
 */
class TradovateAuthMetricsTests {

	private static final String NAME = TradovateSimulator.DEFAULT_USER_NAME;

	private static final String PASSWORD = TradovateSimulator.DEFAULT_PASSWORD;

	private static final Duration LIFETIME = Duration.ofMinutes(90);

	@RegisterExtension
	static final TradovateSimulatorExtension extension = new TradovateSimulatorExtension(
			TradovateSimulator.builder().user(NAME, PASSWORD).tokenLifetime(LIFETIME));

	private final TradovateSimulator simulator = extension.simulator();

	private final MutableClock clock = (MutableClock) this.simulator.clock();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final SimulatedProviders fixture = new SimulatedProviders(this.simulator);

	private final ManualTaskScheduler scheduler = this.fixture.scheduler();

	private final TradovateAuthClient client = this.fixture.client(Duration.ofSeconds(2));

	@AfterEach
	void closeProviders() {
		this.fixture.close();
	}

	@Test
	void everyMeterHasADescription() {
		RenewingTokenProvider refused = provider("wrong-password");
		metricsFor(refused).bindTo(this.registry);
		assertThat(this.registry.getMeters()).extracting((meter) -> meter.getId().getName())
			.containsOnly("tradovate.auth.logins", "tradovate.auth.renewals", "tradovate.auth.penalties",
					"tradovate.auth.token.rejections", "tradovate.auth.token.expiry", "tradovate.auth.budget.used",
					"tradovate.auth.budget.limit", "tradovate.auth.hold", "tradovate.auth.clock.offset");
		int before = this.registry.getMeters().size();
		assertThatExceptionOfType(CredentialsRejectedException.class).isThrownBy(refused::getToken);
		assertThat(this.registry.getMeters()).hasSize(before + 1)
			.allSatisfy((meter) -> assertThat(meter.getId().getDescription()).isNotBlank());
		assertThat(this.registry.get("tradovate.auth.token.expiry").gauge().getId().getBaseUnit()).isEqualTo("seconds");
	}

	@Test
	void countsLogins() {
		RenewingTokenProvider provider = provider(PASSWORD);
		metricsFor(provider).bindTo(this.registry);
		provider.getToken();
		provider.getToken();
		assertThat(count("tradovate.auth.logins")).isOne();
		assertThat(count("tradovate.auth.renewals")).isZero();
		assertThat(this.registry.find("tradovate.auth.failures").meters()).isEmpty();
	}

	@Test
	void countsEventsThatArriveBeforeBinding() {
		RenewingTokenProvider provider = provider(PASSWORD);
		TradovateAuthMetrics metrics = metricsFor(provider);
		RenewingTokenProvider refused = provider("wrong-password");
		publishTo(refused, metrics);
		assertThatExceptionOfType(CredentialsRejectedException.class).isThrownBy(refused::getToken);
		provider.getToken();
		metrics.bindTo(this.registry);
		assertThat(count("tradovate.auth.logins")).isOne();
		assertThat(failures("login", "credentials_rejected")).isOne();
	}

	@Test
	void countsRenewals() {
		RenewingTokenProvider provider = provider(PASSWORD);
		metricsFor(provider).bindTo(this.registry);
		AccessToken token = provider.getToken();
		this.scheduler.runNext();
		assertThat(provider.getCurrentToken().accessToken()).isNotEqualTo(token.accessToken());
		assertThat(count("tradovate.auth.renewals")).isOne();
		assertThat(count("tradovate.auth.logins")).isOne();
	}

	@Test
	void countsRejectedCredentialsAsLoginFailures() {
		RenewingTokenProvider provider = provider("wrong-password");
		metricsFor(provider).bindTo(this.registry);
		assertThatExceptionOfType(CredentialsRejectedException.class).isThrownBy(provider::getToken);
		assertThat(failures("login", "credentials_rejected")).isOne();
		assertThat(count("tradovate.auth.logins")).isZero();
	}

	@Test
	void countsCaptchasAsLoginFailures() {
		RenewingTokenProvider provider = provider(PASSWORD);
		metricsFor(provider).bindTo(this.registry);
		this.simulator.requireCaptchaOnNextLogin();
		assertThatExceptionOfType(CaptchaRequiredException.class).isThrownBy(provider::getToken);
		assertThat(failures("login", "captcha")).isOne();
		assertThat(this.registry.find("tradovate.auth.failures").meters()).hasSize(1);
	}

	@Test
	void countsRefusedRenewalsAsRenewalFailures() {
		RenewingTokenProvider provider = provider(PASSWORD);
		metricsFor(provider).bindTo(this.registry);
		provider.getToken();
		this.simulator.closeAllSessions(NAME);
		this.scheduler.runNext();
		assertThat(failures("renewal", "token_rejected")).isOne();
		assertThat(count("tradovate.auth.logins")).isEqualTo(2);
	}

	@Test
	void countsTimePenalties() {
		RenewingTokenProvider provider = provider(PASSWORD);
		metricsFor(provider).bindTo(this.registry);
		// Longer than a caller waits: a shorter one is waited for in the caller's path.
		this.simulator.penalizeNextLogin(Duration.ofMinutes(1));
		assertThatExceptionOfType(TimePenaltyException.class).isThrownBy(provider::getToken);
		assertThat(count("tradovate.auth.penalties")).isOne();
		this.scheduler.runNext();
		assertThat(count("tradovate.auth.logins")).isOne();
		assertThat(this.simulator.journal().count(RequestKind.LOGIN_PENALIZED)).isOne();
	}

	@Test
	void gaugesShowTheBudgetTheHoldAndTheClockOffset() {
		RenewingTokenProvider refused = provider("wrong-password");
		metricsFor(refused).bindTo(this.registry);
		assertThat(this.registry.get("tradovate.auth.hold").tag("reason", "refused").gauge().value()).isZero();
		assertThatExceptionOfType(CredentialsRejectedException.class).isThrownBy(refused::getToken);
		assertThat(this.registry.get("tradovate.auth.budget.used").tag("request", "failed_login").gauge().value())
			.isOne();
		assertThat(this.registry.get("tradovate.auth.budget.limit").tag("request", "failed_login").gauge().value())
			.isEqualTo(5);
		assertThat(this.registry.get("tradovate.auth.budget.limit").tag("request", "renewal").gauge().value())
			.isEqualTo(15);
		assertThat(this.registry.get("tradovate.auth.hold").tag("reason", "refused").gauge().value()).isOne();
		assertThat(this.registry.get("tradovate.auth.hold").tag("reason", "captcha").gauge().value()).isZero();
		this.simulator.setServerClockOffset(Duration.ofMinutes(2));
		RenewingTokenProvider skewed = provider(PASSWORD);
		TradovateAuthMetrics metrics = metricsFor(skewed);
		SimpleMeterRegistry other = new SimpleMeterRegistry();
		metrics.bindTo(other);
		skewed.getToken();
		assertThat(other.get("tradovate.auth.clock.offset").gauge().value()).isBetween(119.0, 121.0);
	}

	@Test
	void countsRejectedTokens() {
		RenewingTokenProvider provider = provider(PASSWORD);
		metricsFor(provider).bindTo(this.registry);
		AccessToken token = provider.getToken();
		this.clock.advance(Duration.ofMinutes(1));
		this.simulator.closeAllSessions(NAME);
		provider.invalidate(token);
		provider.invalidate(token);
		assertThat(count("tradovate.auth.token.rejections")).isOne();
		provider.getToken();
		assertThat(count("tradovate.auth.logins")).isEqualTo(2);
	}

	@Test
	void countsRequestsRetriedAfterUnauthorized() {
		RenewingTokenProvider provider = provider(PASSWORD);
		TradovateBearerTokenInterceptor interceptor = new TradovateBearerTokenInterceptor(provider,
				this.simulator.baseUrl());
		TradovateAuthMetrics metrics = new TradovateAuthMetrics(provider, interceptor);
		publishTo(provider, metrics);
		metrics.bindTo(this.registry);
		RestClient restClient = RestClient.builder()
			.baseUrl(this.simulator.baseUrl().toString())
			.requestInterceptor(interceptor)
			.build();
		provider.getToken();
		this.clock.advance(Duration.ofMinutes(1));
		this.simulator.closeAllSessions(NAME);
		restClient.get().uri("/account/list").retrieve().toBodilessEntity();
		assertThat(count("tradovate.auth.unauthorized.retries")).isOne();
		assertThat(count("tradovate.auth.token.rejections")).isOne();
	}

	@Test
	void listensToTokenEventsOnly() {
		TradovateAuthMetrics metrics = new TradovateAuthMetrics(provider(PASSWORD));
		assertThat(metrics.supportsEventType(AccessTokenRenewedEvent.class)).isTrue();
		assertThat(metrics.supportsEventType(LoginPenaltyEvent.class)).isTrue();
		assertThat(metrics.supportsEventType(ContextRefreshedEvent.class)).isFalse();
	}

	@Test
	void expiryGaugeShowsSecondsToExpiryByTheProvidersClock() {
		RenewingTokenProvider provider = provider(PASSWORD);
		metricsFor(provider).bindTo(this.registry);
		assertThat(expiry()).isZero();
		AccessToken token = provider.getToken();
		this.clock.advance(Duration.ofMinutes(10));
		double expected = Duration.between(this.clock.instant(), token.expirationTime()).toMillis() / 1000.0;
		assertThat(expiry()).isCloseTo(expected, within(0.001));
		assertThat(expiry()).isBetween((double) LIFETIME.minusMinutes(11).toSeconds(),
				(double) LIFETIME.minusMinutes(10).toSeconds());
		this.clock.setInstant(token.expirationTime().plusSeconds(1));
		assertThat(expiry()).isZero();
	}

	@Test
	void loginIsObserved() {
		TestObservationRegistry observationRegistry = TestObservationRegistry.create();
		RenewingTokenProvider provider = provider(PASSWORD);
		provider.setObservationRegistry(observationRegistry);
		provider.getToken();
		TestObservationRegistryAssert.assertThat(observationRegistry)
			.hasObservationWithNameEqualTo("tradovate.auth.login")
			.that()
			.hasBeenStarted()
			.hasBeenStopped()
			.hasLowCardinalityKeyValue("user", TradovateUsers.DEFAULT_USER);
	}

	private RenewingTokenProvider provider(String password) {
		return this.fixture.provider(this.client, password);
	}

	private TradovateAuthMetrics metricsFor(RenewingTokenProvider provider) {
		TradovateAuthMetrics metrics = new TradovateAuthMetrics(provider);
		publishTo(provider, metrics);
		return metrics;
	}

	private void publishTo(RenewingTokenProvider provider, TradovateAuthMetrics metrics) {
		provider.setApplicationEventPublisher((event) -> metrics.onApplicationEvent((ApplicationEvent) event));
	}

	private double count(String name) {
		return this.registry.get(name).functionCounter().count();
	}

	private double failures(String operation, String cause) {
		FunctionCounter counter = this.registry.get("tradovate.auth.failures")
			.tags("operation", operation, "cause", cause)
			.functionCounter();
		return counter.count();
	}

	private double expiry() {
		return this.registry.get("tradovate.auth.token.expiry").gauge().value();
	}

}
