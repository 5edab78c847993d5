package io.github.futuresauth.tradovate.auth.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.github.futuresauth.tradovate.auth.AccessToken;
import io.github.futuresauth.tradovate.auth.AuthBudget;
import io.github.futuresauth.tradovate.auth.AuthLimits;
import io.github.futuresauth.tradovate.auth.AuthNetwork;
import io.github.futuresauth.tradovate.auth.Concurrently;
import io.github.futuresauth.tradovate.auth.CaptchaRequiredException;
import io.github.futuresauth.tradovate.auth.Hold;
import io.github.futuresauth.tradovate.auth.HoldReason;
import io.github.futuresauth.tradovate.auth.Lease;
import io.github.futuresauth.tradovate.auth.LoginHeldException;
import io.github.futuresauth.tradovate.auth.RenewingTokenProvider;
import io.github.futuresauth.tradovate.auth.SimulatedProviders;
import io.github.futuresauth.tradovate.auth.StoredToken;
import io.github.futuresauth.tradovate.auth.TimePenaltyException;
import io.github.futuresauth.tradovate.simulator.RequestKind;
import io.github.futuresauth.tradovate.simulator.TradovateSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.http.HttpStatusCode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests that a fleet of token providers, each with a Redis connection of its own, shares
 * one Tradovate session through a real Redis, against the simulator, with time moved by
 * hand.
 */
class FleetTests {

	private static final String PASSWORD = TradovateSimulator.DEFAULT_PASSWORD;

	@RegisterExtension
	static final RedisServerExtension redis = new RedisServerExtension();

	private final TradovateSimulator simulator = TradovateSimulator.builder()
		.user(TradovateSimulator.DEFAULT_USER_NAME, PASSWORD)
		.start();

	private final SimulatedProviders providers = new SimulatedProviders(this.simulator);

	private final RedisStores stores = new RedisStores(redis.getServer());

	@AfterEach
	void close() throws Exception {
		this.providers.close();
		this.stores.close();
		this.simulator.close();
	}

	@Test
	void eightColdInstancesLogInOnce() throws Exception {
		List<RenewingTokenProvider> fleet = fleet(8);
		List<AccessToken> tokens = Concurrently.run(fleet.size(), (i) -> fleet.get(i).getToken());
		assertThat(tokens).extracting(AccessToken::accessToken).containsOnly(tokens.get(0).accessToken());
		assertThat(this.simulator.journal().logins()).isOne();
		assertThat(this.simulator.journal().sessionsOpened()).isOne();
	}

	@Test
	void eightInstancesRenewEachTokenOnceForADay() {
		List<RenewingTokenProvider> fleet = fleet(8);
		fleet.forEach(RenewingTokenProvider::getToken);
		this.providers.runUntil(this.providers.clock().instant().plus(Duration.ofDays(1)));
		assertThat(this.simulator.journal().sessionsOpened()).isOne();
		// One renewal every 75 to 76.5 minutes for the fleet, not one per instance.
		assertThat(this.simulator.journal().renewals()).isBetween(18, 20);
		StoredToken latest = this.stores.create().read();
		assertThat(latest).isNotNull();
		await().atMost(Duration.ofSeconds(3))
			.until(() -> fleet.stream()
				.allMatch((provider) -> provider.getToken().accessToken().equals(latest.token().accessToken())));
	}

	@Test
	void unauthorizedSeenByEveryInstanceLeadsToOneLogin() throws Exception {
		List<RenewingTokenProvider> fleet = fleet(8);
		fleet.forEach(RenewingTokenProvider::getToken);
		this.providers.clock().advance(Duration.ofMinutes(5));
		this.simulator.closeAllSessions(TradovateSimulator.DEFAULT_USER_NAME);
		List<HttpStatusCode> statuses = Concurrently.run(fleet.size(),
				(i) -> this.providers.restClient(fleet.get(i))
					.get()
					.uri("/account/list")
					.retrieve()
					.toBodilessEntity()
					.getStatusCode());
		assertThat(statuses).containsOnly(HttpStatusCode.valueOf(200));
		assertThat(this.simulator.journal().logins()).isEqualTo(2);
	}

	@Test
	void tokenThatOneInstanceFoundDeadIsNeverGivenBackByAnother() throws Exception {
		List<RenewingTokenProvider> fleet = fleet(2);
		AccessToken dead = fleet.get(0).getToken();
		await().atMost(Duration.ofSeconds(3)).until(() -> fleet.get(1).getCurrentToken() != null);
		this.simulator.closeAllSessions(TradovateSimulator.DEFAULT_USER_NAME);
		// The first instance confirms the token dead; its login is locked out, so none
		// succeeds yet and the store stays empty.
		this.simulator.lockOutNextLogins(1);
		assertThatExceptionOfType(CaptchaRequiredException.class).isThrownBy(() -> fleet.get(0).recover(dead));
		await().atMost(Duration.ofSeconds(3)).until(() -> fleet.get(1).getCurrentToken() == null);
		assertThatExceptionOfType(LoginHeldException.class).isThrownBy(fleet.get(1)::getToken);
		assertThat(this.stores.create().read()).isNull();
		assertThat(fleet.get(1).clearHold()).isTrue();
		AccessToken next = fleet.get(1).getToken();
		assertThat(next.accessToken()).isNotEqualTo(dead.accessToken());
		assertThat(this.simulator.journal().logins()).isEqualTo(2);
	}

	@Test
	void penaltyReceivedByOneInstanceHoldsTheOthersAndItsTicketIsSentOnce() {
		List<RenewingTokenProvider> fleet = fleet(3);
		this.simulator.penalizeNextLogin(Duration.ofMinutes(2));
		assertThatExceptionOfType(TimePenaltyException.class).isThrownBy(fleet.get(0)::getToken);
		for (RenewingTokenProvider other : fleet.subList(1, 3)) {
			assertThatExceptionOfType(LoginHeldException.class).isThrownBy(other::getToken)
				.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(HoldReason.PENALTY));
		}
		this.providers.runUntil(this.providers.clock().instant().plus(Duration.ofMinutes(3)));
		assertThat(this.simulator.journal().requests()).extracting("kind")
			.containsExactly(RequestKind.LOGIN_PENALIZED, RequestKind.LOGIN);
		await().atMost(Duration.ofSeconds(3))
			.until(() -> fleet.stream().allMatch((provider) -> provider.getCurrentToken() != null));
	}

	@Test
	void ticketsHolderKeepsItThroughATransientFailureAndTheOthersNeverLogInWithoutIt() {
		List<RenewingTokenProvider> fleet = fleet(2);
		this.simulator.penalizeNextLogin(Duration.ofMinutes(2));
		assertThatExceptionOfType(TimePenaltyException.class).isThrownBy(fleet.get(0)::getToken);
		// The resend with the ticket fails on the way.
		this.simulator.failNext(1, 503);
		this.providers.runUntil(this.providers.clock().instant().plus(Duration.ofMinutes(2).plusSeconds(1)));
		assertThat(this.simulator.journal().requests()).extracting("kind")
			.containsExactly(RequestKind.LOGIN_PENALIZED, RequestKind.FAULT);
		await().atMost(Duration.ofSeconds(3)).until(() -> {
			Hold hold = fleet.get(1).getStatus().hold();
			return hold != null && hold.strikes() == 1;
		});
		// Long after the hold of a transient failure would have ended, the other instance
		// still waits for the ticket's holder.
		this.providers.clock().advance(Duration.ofSeconds(45));
		assertThatExceptionOfType(LoginHeldException.class).isThrownBy(fleet.get(1)::getToken)
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(HoldReason.PENALTY));
		this.providers.runUntil(this.providers.clock().instant().plus(Duration.ofMinutes(5)));
		assertThat(this.simulator.journal().requests()).extracting("kind")
			.containsExactly(RequestKind.LOGIN_PENALIZED, RequestKind.FAULT, RequestKind.LOGIN);
		await().atMost(Duration.ofSeconds(3))
			.until(() -> fleet.stream().allMatch((provider) -> provider.getCurrentToken() != null));
	}

	@Test
	void leaseOfAnInstanceThatStoppedIsTakenOverWithinTheLeaseTime() {
		Lease stopped = this.stores.create().tryAcquireLease("stopped-instance", Duration.ofSeconds(2));
		assertThat(stopped).isNotNull();
		RenewingTokenProvider survivor = fleet(1).get(0);
		survivor.setTokenWaitTimeout(Duration.ofSeconds(10));
		long start = System.nanoTime();
		assertThat(survivor.getToken()).isNotNull();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
		assertThat(this.simulator.journal().logins()).isOne();
	}

	@Test
	void whileRedisIsDownInstancesServeAndRenewTheirTokenAndNeverLogIn() {
		List<RenewingTokenProvider> fleet = fleet(3);
		fleet.forEach(RenewingTokenProvider::getToken);
		AccessToken token = fleet.get(0).getToken();
		redis.getServer().kill();
		for (RenewingTokenProvider provider : fleet) {
			assertThat(provider.getToken()).isEqualTo(token);
		}
		this.providers.runUntil(token.expirationTime().plus(Duration.ofMinutes(30)));
		assertThat(this.simulator.journal().logins()).isOne();
		assertThat(this.simulator.journal().renewals()).isPositive();
		for (RenewingTokenProvider provider : fleet) {
			assertThat(provider.getToken().expirationTime()).isAfter(this.providers.clock().instant());
		}
		redis.getServer().restart();
		// The fleet converges on one token when Redis is back, still on one session.
		Instant end = this.providers.clock().instant().plus(Duration.ofHours(3));
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			this.providers.runUntil(this.providers.clock().instant().plus(Duration.ofSeconds(30)));
			return fleet.stream().map((provider) -> provider.getToken().accessToken()).distinct().count() == 1;
		});
		assertThat(this.providers.clock().instant()).isBefore(end);
		assertThat(this.simulator.journal().sessionsOpened()).isOne();
	}

	@Test
	void whileRedisIsDownTheNetworksLimitStillHoldsRenewals() {
		RenewingTokenProvider provider = fleet(1).get(0);
		AuthNetwork network = new AuthNetwork();
		provider.setNetwork(network);
		AccessToken token = provider.getToken();
		this.providers.runUntil(token.expirationTime().minus(Duration.ofMinutes(20)));
		// Other users of the address have used its hour, just before this renewal.
		AuthBudget budget = new AuthBudget(AuthLimits.TRADOVATE, Duration.ofSeconds(30));
		Instant now = provider.getServerClock().instant();
		while (network.reserve(now, budget::renewalHold, (ledger) -> budget.renewalSent(ledger, now)) == null) {
			// fill the hour
		}
		redis.getServer().kill();
		this.providers.runUntil(token.expirationTime().minus(Duration.ofMinutes(1)));
		assertThat(this.simulator.journal().renewals()).isZero();
		redis.getServer().restart();
	}

	@Test
	void redisRestartedEmptyCostsNoLoginPerInstance() throws Exception {
		List<RenewingTokenProvider> fleet = fleet(8);
		fleet.forEach(RenewingTokenProvider::getToken);
		redis.getServer().kill();
		redis.getServer().restart();
		await().atMost(Duration.ofSeconds(5))
			.until(() -> fleet.stream().allMatch((provider) -> provider.getCurrentToken() == null));
		this.providers.clock().advance(Duration.ofMinutes(5));
		List<AccessToken> tokens = Concurrently.run(fleet.size(), (i) -> fleet.get(i).getToken());
		assertThat(tokens).extracting(AccessToken::accessToken).containsOnly(tokens.get(0).accessToken());
		// The token is given back to the store: still one session, no login.
		assertThat(this.simulator.journal().loginRequests()).isOne();
		assertThat(this.simulator.journal().sessionsOpened()).isOne();
	}

	@Test
	void redisRestartedEmptyIsGivenBackTheLedger() {
		List<RenewingTokenProvider> fleet = fleet(2);
		this.simulator.penalizeNextLogin(Duration.ofMinutes(10));
		assertThatExceptionOfType(TimePenaltyException.class).isThrownBy(fleet.get(0)::getToken);
		RedisTokenStore reader = this.stores.create();
		await().atMost(Duration.ofSeconds(3))
			.until(() -> fleet.get(1).getStatus().hold() != null && reader.ledger().hold() != null);
		redis.getServer().kill();
		redis.getServer().restart();
		// Every copy follows Redis, which lost everything.
		await().atMost(Duration.ofSeconds(5))
			.until(() -> reader.ledger().hold() == null && this.fleetStores.get(1).ledger().hold() == null);
		// The other instance is still held by the penalty, whose ticket the first one
		// holds; the store has the hold back.
		assertThatExceptionOfType(LoginHeldException.class).isThrownBy(fleet.get(1)::getToken)
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(HoldReason.PENALTY));
		await().atMost(Duration.ofSeconds(3)).until(() -> reader.ledger().hold() != null);
		assertThat(reader.ledger().hold().reason()).isEqualTo(HoldReason.PENALTY);
		assertThat(reader.ledger().failedLogins()).hasSize(1);
		assertThat(this.simulator.journal().loginRequests()).isOne();
	}

	@Test
	void tokenFoundDeadWhileAnInstanceMissedItIsNotGivenBackAfterRedisRestartedEmpty() {
		List<RenewingTokenProvider> fleet = fleet(2);
		AccessToken dead = fleet.get(0).getToken();
		await().atMost(Duration.ofSeconds(3)).until(() -> fleet.get(1).getCurrentToken() != null);
		// The second instance misses what follows.
		this.fleetStores.get(1).stop();
		this.simulator.closeAllSessions(TradovateSimulator.DEFAULT_USER_NAME);
		this.simulator.lockOutNextLogins(1);
		assertThatExceptionOfType(CaptchaRequiredException.class).isThrownBy(() -> fleet.get(0).recover(dead));
		redis.getServer().kill();
		redis.getServer().restart();
		this.fleetStores.get(1).start();
		await().atMost(Duration.ofSeconds(5)).until(() -> fleet.get(1).getCurrentToken() == null);
		// It asks /auth/me before it gives the store its last known token, and logs in.
		AccessToken next = fleet.get(1).getToken();
		assertThat(next.accessToken()).isNotEqualTo(dead.accessToken());
		assertThat(this.stores.create().read().token().accessToken()).isEqualTo(next.accessToken());
	}

	private final List<RedisTokenStore> fleetStores = new ArrayList<>();

	private List<RenewingTokenProvider> fleet(int size) {
		List<RenewingTokenProvider> fleet = new ArrayList<>();
		for (int i = 0; i < size; i++) {
			RenewingTokenProvider provider = this.providers.provider(PASSWORD);
			RedisTokenStore store = this.stores.create();
			this.fleetStores.add(store);
			provider.setTokenStore(store);
			fleet.add(provider);
		}
		return fleet;
	}

}
