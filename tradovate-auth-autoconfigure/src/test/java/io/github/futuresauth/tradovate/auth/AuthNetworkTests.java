package io.github.futuresauth.tradovate.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.futuresauth.tradovate.simulator.RequestKind;
import io.github.futuresauth.tradovate.simulator.TradovateSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Tests for {@link AuthNetwork}: the providers of several users on one network address,
 * against a simulator that counts its limits per address, as Tradovate does.
 */
class AuthNetworkTests {

	private static final String PASSWORD = "secret";

	private final TradovateSimulator simulator = TradovateSimulator.builder()
		.user("alice", PASSWORD)
		.user("bob", PASSWORD)
		.user("carol", PASSWORD)
		.start();

	private final SimulatedProviders providers = new SimulatedProviders(this.simulator);

	private final AuthNetwork network = new AuthNetwork();

	@AfterEach
	void close() {
		this.providers.close();
		this.simulator.close();
	}

	@Test
	void renewalsOfEveryUserCountAgainstTheAddresssHourlyLimit() {
		RenewingTokenProvider alice = provider("alice", PASSWORD);
		RenewingTokenProvider bob = provider("bob", PASSWORD);
		alice.getToken();
		bob.getToken();
		for (int i = 0; i < 15; i++) {
			((i % 2 == 0) ? alice : bob).renewNow();
		}
		// Each user has renewed 7 or 8 times, far from the limit; the address has not.
		assertThatExceptionOfType(TradovateAuthException.class).isThrownBy(bob::renewNow);
		assertThat(this.simulator.journal().renewals()).isEqualTo(15);
		assertThat(this.simulator.journal().count(RequestKind.RATE_LIMITED)).isZero();
		// Both tokens stay in service.
		assertThat(alice.getToken()).isNotNull();
		assertThat(bob.getToken()).isNotNull();
	}

	@Test
	void usersWhoAskAtOnceCannotPassALimitTogether() throws Exception {
		AuthBudget budget = new AuthBudget(AuthLimits.TRADOVATE, Duration.ofSeconds(30));
		Instant now = Instant.parse("2026-12-05T08:00:00Z");
		int sent = Concurrently.run(8, (thread) -> {
			int renewals = 0;
			for (int i = 0; i < 100; i++) {
				if (this.network.reserve(now, budget::renewalHold,
						(network) -> budget.renewalSent(network, now)) == null) {
					renewals++;
				}
			}
			return renewals;
		}).stream().mapToInt(Integer::intValue).sum();
		assertThat(sent).isEqualTo(15);
		assertThat(this.network.ledger(now).renewals()).hasSize(15);
	}

	@Test
	void penaltyHoldsEveryUsersLoginsAndItsTicketGoesWithItsOwnUser() {
		RenewingTokenProvider alice = provider("alice", PASSWORD);
		RenewingTokenProvider bob = provider("bob", PASSWORD);
		this.simulator.penalizeNextLogin(Duration.ofMinutes(6));
		assertThatExceptionOfType(TimePenaltyException.class).isThrownBy(alice::getToken);
		// The penalty is the address's: bob's login waits too, and nothing is sent.
		assertThatExceptionOfType(LoginHeldException.class).isThrownBy(bob::getToken)
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(HoldReason.PENALTY));
		assertThat(this.simulator.journal().loginRequests()).isOne();
		this.providers.runUntil(this.providers.clock().instant().plus(Duration.ofMinutes(7)));
		// Alice, who received the ticket, sent it with her own login, which cleared the
		// penalty; only then did bob log in.
		assertThat(alice.getCurrentToken()).isNotNull();
		assertThat(this.simulator.journal().requests()).extracting("kind")
			.startsWith(RequestKind.LOGIN_PENALIZED, RequestKind.LOGIN);
		assertThat(bob.getToken()).isNotNull();
		assertThat(this.simulator.journal().count(RequestKind.LOGIN_PENALIZED)).isOne();
		assertThat(this.simulator.journal().sessionsOpened()).isEqualTo(2);
	}

	@Test
	void captchaHoldsEveryUserUntilClearedOnce() {
		RenewingTokenProvider alice = provider("alice", PASSWORD);
		RenewingTokenProvider bob = provider("bob", PASSWORD);
		this.simulator.requireCaptchaOnNextLogin();
		assertThatExceptionOfType(CaptchaRequiredException.class).isThrownBy(alice::getToken);
		assertThatExceptionOfType(LoginHeldException.class).isThrownBy(bob::getToken)
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(HoldReason.CAPTCHA));
		// The person who solved it clears the hold where they see it: every user may log
		// in again.
		assertThat(bob.clearHold()).isTrue();
		assertThat(bob.getToken()).isNotNull();
		assertThat(alice.clearHold()).isTrue();
		assertThat(alice.getToken()).isNotNull();
		assertThat(this.simulator.journal().loginRequests()).isEqualTo(3);
	}

	@Test
	void refusedPasswordHoldsOnlyItsUser() {
		RenewingTokenProvider alice = provider("alice", PASSWORD);
		RenewingTokenProvider bob = provider("bob", "wrong");
		assertThatExceptionOfType(CredentialsRejectedException.class).isThrownBy(bob::getToken);
		assertThatExceptionOfType(LoginHeldException.class).isThrownBy(bob::getToken)
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(HoldReason.REFUSED));
		assertThat(alice.getToken()).isNotNull();
		assertThat(this.simulator.journal().loginRequests()).isEqualTo(2);
	}

	@Test
	void failedLoginsOfEveryUserCountAgainstTheAddresssHourlyLimit() {
		RenewingTokenProvider alice = provider("alice", PASSWORD);
		RenewingTokenProvider bob = provider("bob", "wrong");
		RenewingTokenProvider carol = provider("carol", "wrong");
		refuse(bob);
		refuse(carol);
		// Each refusal holds its own user, for a minute, then five: wait them out.
		this.providers.clock().advance(Duration.ofMinutes(1));
		refuse(bob);
		refuse(carol);
		this.providers.clock().advance(Duration.ofMinutes(5));
		refuse(bob);
		// Five failed logins from this address within the hour: a sixth would earn a
		// penalty for every user on it, so alice's waits.
		assertThatExceptionOfType(LoginHeldException.class).isThrownBy(alice::getToken)
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(HoldReason.LIMIT));
		assertThat(this.simulator.journal().loginRequests()).isEqualTo(5);
		assertThat(this.simulator.journal().count(RequestKind.LOGIN_PENALIZED)).isZero();
	}

	@Test
	void requestThatTheLedgerCannotRecordIsHeldNotSent() {
		// A ledger that changes under every attempt, as one would that the store could
		// never compare: no request goes out unrecorded, and nothing tries for ever.
		AtomicInteger attempts = new AtomicInteger();
		NetworkLedgerStore changing = new NetworkLedgerStore() {

			@Override
			public Snapshot read() {
				return new Snapshot(AuthLedger.EMPTY, null);
			}

			@Override
			public boolean compareAndSet(Snapshot expected, AuthLedger updated) {
				attempts.incrementAndGet();
				return false;
			}

		};
		AuthNetwork network = new AuthNetwork(changing);
		RenewingTokenProvider alice = provider("alice", PASSWORD, network);
		assertTimeoutPreemptively(Duration.ofSeconds(10),
				() -> assertThatExceptionOfType(LoginHeldException.class).isThrownBy(alice::getToken)
					.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(HoldReason.UNAVAILABLE)));
		assertThat(this.simulator.journal().loginRequests()).isZero();
		assertThat(attempts).hasValue(AuthNetwork.ATTEMPTS);
		attempts.set(0);
		assertTimeoutPreemptively(Duration.ofSeconds(10),
				() -> assertThat(network.update((ledger) -> ledger.withHold(null))).isFalse());
		assertThat(attempts).hasValue(AuthNetwork.ATTEMPTS);
	}

	private void refuse(RenewingTokenProvider provider) {
		assertThatExceptionOfType(CredentialsRejectedException.class).isThrownBy(provider::getToken);
	}

	private RenewingTokenProvider provider(String name, String password) {
		return provider(name, password, this.network);
	}

	private RenewingTokenProvider provider(String name, String password, AuthNetwork network) {
		RenewingTokenProvider provider = this.providers.provider(this.providers.client(Duration.ofSeconds(2)),
				TradovateCredentials.of(name, password));
		provider.setNetwork(network);
		return provider;
	}

}
