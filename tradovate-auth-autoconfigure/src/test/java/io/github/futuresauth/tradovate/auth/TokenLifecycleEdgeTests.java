package io.github.futuresauth.tradovate.auth;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.futuresauth.tradovate.simulator.TradovateSimulator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests of the token lifecycle's edges: interrupts, lost leases, clock jumps and refused
 * renewals, against the simulator with time moved by hand.
 */
class TokenLifecycleEdgeTests {

	private static final String NAME = TradovateSimulator.DEFAULT_USER_NAME;

	private static final String PASSWORD = TradovateSimulator.DEFAULT_PASSWORD;

	private final TradovateSimulator simulator = TradovateSimulator.builder().user(NAME, PASSWORD).start();

	private final SimulatedProviders providers = new SimulatedProviders(this.simulator);

	@AfterEach
	void close() {
		this.providers.close();
		this.simulator.close();
	}

	@Test
	void loginInterruptedAfterItWasSentIsNotSentAgainAtOnce() {
		AtomicBoolean interruptNext = new AtomicBoolean(true);
		TradovateAuthClient client = new TradovateAuthClient(restClient(), this.simulator.baseUrl()) {

			@Override
			public AccessToken login(TradovateCredentials credentials, @Nullable String penaltyTicket) {
				AccessToken token = super.login(credentials, penaltyTicket);
				if (interruptNext.getAndSet(false)) {
					// The login opened a session, and its answer was lost to the
					// interrupt.
					Thread.currentThread().interrupt();
					throw new TradovateUnavailableException("Interrupted while reading the answer", null, true);
				}
				return token;
			}

		};
		RenewingTokenProvider provider = this.providers.provider(client, PASSWORD);
		assertThatExceptionOfType(TradovateAuthException.class).isThrownBy(provider::getToken);
		assertThat(Thread.interrupted()).isTrue();
		// The caller who takes over is told to wait, rather than opening a second session
		// at once.
		assertThatExceptionOfType(LoginHeldException.class).isThrownBy(provider::getToken);
		assertThat(this.simulator.journal().loginRequests()).isOne();
		this.providers.clock().advance(CallerLogin.UNANSWERED_LOGIN_PAUSE);
		assertThat(provider.getToken()).isNotNull();
		assertThat(this.simulator.journal().loginRequests()).isEqualTo(2);
	}

	@Test
	void holderWhoseLeasePassedToAnotherInstanceSendsNoLogin() {
		TokenStore takenOver = new InMemoryTokenStore() {

			@Override
			public @Nullable Lease tryAcquireLease(String owner, Duration ttl) {
				// Granted, and then taken over while the holder was paused.
				Lease lease = super.tryAcquireLease(owner, ttl);
				if (lease != null) {
					super.releaseLease(lease);
					super.tryAcquireLease("successor", ttl);
				}
				return lease;
			}

		};
		RenewingTokenProvider provider = this.providers.provider(PASSWORD);
		provider.setTokenStore(takenOver);
		assertThatExceptionOfType(TradovateAuthException.class).isThrownBy(provider::getToken)
			.withMessageContaining("lease");
		assertThat(this.simulator.journal().loginRequests()).isZero();
	}

	@Test
	void forwardJumpOfTheLocalClockCostsARenewalNotALogin() {
		RenewingTokenProvider provider = this.providers.provider(PASSWORD);
		AccessToken token = provider.getToken();
		// This machine's clock jumps two hours ahead; Tradovate's does not.
		Duration jump = Duration.ofHours(2);
		this.providers.clock().advance(jump);
		this.simulator.setServerClockOffset(jump.negated());
		// The token is still valid in Tradovate's time, and served until its renewal is
		// due.
		assertThat(provider.getToken()).isSameAs(token);
		this.providers.scheduler().runDueTasks();
		AccessToken after = provider.getToken();
		assertThat(after.accessToken()).isNotEqualTo(token.accessToken());
		assertThat(this.simulator.journal().loginRequests()).isOne();
		assertThat(this.simulator.journal().renewals()).isOne();
		assertThat(this.simulator.journal().sessionsOpened()).isOne();
	}

	@Test
	void renewalRefusedWithErrorTextAsksMeBeforeALogin() {
		AtomicBoolean refuseNext = new AtomicBoolean(false);
		TradovateAuthClient client = new TradovateAuthClient(restClient(), this.simulator.baseUrl()) {

			@Override
			public AccessToken renew(AccessToken token) {
				if (refuseNext.getAndSet(false)) {
					throw new TokenRejectedException("Tradovate refused to renew the access token: try later");
				}
				return super.renew(token);
			}

		};
		RenewingTokenProvider provider = this.providers.provider(client, PASSWORD);
		AccessToken token = provider.getToken();
		refuseNext.set(true);
		this.providers.runUntil(token.expirationTime().minus(SimulatedProviders.MARGIN).plusSeconds(1));
		// /auth/me vouched for the session: the token stays, and the renewal is tried
		// again, on the same session.
		assertThat(this.simulator.journal().loginRequests()).isOne();
		assertThat(requestsTo("/v1/auth/me")).isOne();
		assertThat(this.simulator.journal().renewals()).isOne();
		assertThat(this.simulator.journal().sessionsOpened()).isOne();
		assertThat(provider.getCurrentToken().expirationTime()).isAfter(token.expirationTime());
	}

	private RestClient restClient() {
		return RestClient.builder().baseUrl(this.simulator.baseUrl().toString()).build();
	}

	private long requestsTo(String path) {
		return this.simulator.journal().requests().stream().filter((request) -> request.path().equals(path)).count();
	}

}
