package io.github.futuresauth.tradovate.auth;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.github.futuresauth.tradovate.simulator.RequestKind;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.awaitility.Awaitility;
import io.github.futuresauth.tradovate.simulator.TradovateSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link TradovateUsers}.
 */
class TradovateUsersTests {

	private static final String PASSWORD = "secret";

	private final TradovateSimulator simulator = TradovateSimulator.builder()
		.user("alice", PASSWORD)
		.user("bob", PASSWORD)
		.user("carol", PASSWORD)
		.start();

	private final SimulatedProviders providers = new SimulatedProviders(this.simulator);

	private final TradovateUsers users = new TradovateUsers(
			(credentials) -> this.providers.provider(this.providers.client(Duration.ofSeconds(2)), credentials),
			this.simulator.baseUrl());

	private final RestClient tradovate = RestClient.builder()
		.baseUrl(this.simulator.baseUrl().toString())
		.requestInterceptor(this.users.interceptor())
		.build();

	@AfterEach
	void close() {
		this.users.close();
		this.providers.close();
		this.simulator.close();
	}

	@Test
	void eachRequestCarriesOnlyTheTokenOfTheUserItNames() throws Exception {
		this.users.add("a", TradovateCredentials.of("alice", PASSWORD));
		this.users.add("b", TradovateCredentials.of("bob", PASSWORD));
		Map<String, String> names = Map.of("a", "alice", "b", "bob");
		ConcurrentLinkedQueue<String> mismatches = new ConcurrentLinkedQueue<>();
		Concurrently.run(8, (thread) -> {
			for (int i = 0; i < 50; i++) {
				String key = ThreadLocalRandom.current().nextBoolean() ? "a" : "b";
				Map<?, ?> me = this.tradovate.get()
					.uri("/auth/me")
					.attribute(TradovateUsers.USER_ATTRIBUTE, key)
					.retrieve()
					.body(Map.class);
				if (!names.get(key).equals(me.get("name"))) {
					mismatches.add(key + " got " + me.get("name"));
				}
			}
			return null;
		});
		assertThat(mismatches).isEmpty();
		// One login each, however many threads asked at once.
		assertThat(this.simulator.journal().logins()).isEqualTo(2);
		assertThat(this.simulator.journal().count(RequestKind.ME)).isEqualTo(400);
	}

	@Test
	void usersWhoShareAClientShareItsEstimateOfTradovatesTime() {
		TradovateAuthClient client = this.providers.client(Duration.ofSeconds(2));
		RenewingTokenProvider alice = new RenewingTokenProvider(client, TradovateCredentials.of("alice", PASSWORD));
		RenewingTokenProvider bob = new RenewingTokenProvider(client, TradovateCredentials.of("bob", PASSWORD));
		// The client reports the Date of every answer to one clock, which both use.
		assertThat(alice.getServerClock()).isSameAs(bob.getServerClock());
		alice.close();
		bob.close();
	}

	@Test
	void usersAreAddedAndRemovedWhileTheApplicationRuns() {
		this.users.add("a", TradovateCredentials.of("alice", PASSWORD));
		assertThat(me("a").get("name")).isEqualTo("alice");
		RenewingTokenProvider carol = this.users.add("c", TradovateCredentials.of("carol", PASSWORD));
		assertThat(me("c").get("name")).isEqualTo("carol");
		assertThat(this.users.keys()).containsExactly("a", "c");
		assertThat(this.users.remove("c")).isTrue();
		assertThat(this.users.keys()).containsExactly("a");
		assertThatIllegalArgumentException().isThrownBy(() -> me("c"))
			.withMessage("No Tradovate user of key 'c' (known users: [a])");
		// Removed, the user's token is no longer renewed.
		assertThat(carol.closed).isTrue();
	}

	@Test
	void userOfAKeyInUseIsRefused() {
		this.users.add("a", TradovateCredentials.of("alice", PASSWORD));
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> this.users.add("a", TradovateCredentials.of("bob", PASSWORD)))
			.withMessage("A Tradovate user of key 'a' exists already; remove it first");
		assertThat(me("a").get("name")).isEqualTo("alice");
	}

	@Test
	void requestToTradovateThatNamesNoUserIsNotSent() {
		this.users.add("a", TradovateCredentials.of("alice", PASSWORD));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.tradovate.get().uri("/auth/me").retrieve().toBodilessEntity())
			.withMessageContaining("must name its user with the request attribute TradovateUsers.USER_ATTRIBUTE")
			.withMessageContaining("[a]");
		assertThat(this.simulator.journal().requests()).isEmpty();
	}

	@Test
	void usersShareTheLimitsOfTheirNetworkAddress() {
		RenewingTokenProvider alice = this.users.add("a", TradovateCredentials.of("alice", PASSWORD));
		RenewingTokenProvider bob = this.users.add("b", TradovateCredentials.of("bob", PASSWORD));
		alice.getToken();
		bob.getToken();
		for (RenewingTokenProvider provider : List.of(alice, bob, alice, bob, alice, bob, alice, bob, alice, bob, alice,
				bob, alice, bob, alice)) {
			provider.renewNow();
		}
		assertThatExceptionOfType(TradovateAuthException.class).isThrownBy(bob::renewNow);
		assertThat(this.simulator.journal().renewals()).isEqualTo(15);
	}

	@Test
	void observationsOfAUserCarryItsKeyAndNeverItsName() {
		TestObservationRegistry observations = TestObservationRegistry.create();
		RenewingTokenProvider carol = this.providers.provider(this.providers.client(Duration.ofSeconds(2)),
				TradovateCredentials.of("carol", PASSWORD));
		carol.setObservationRegistry(observations);
		this.users.add("c", carol);
		carol.getToken();
		carol.renewNow();
		TestObservationRegistryAssert.assertThat(observations)
			.hasObservationWithNameEqualTo("tradovate.auth.login")
			.that()
			.hasLowCardinalityKeyValue("user", "c");
		TestObservationRegistryAssert.assertThat(observations)
			.hasObservationWithNameEqualTo("tradovate.auth.renewal")
			.that()
			.hasLowCardinalityKeyValue("user", "c");
	}

	@Test
	void aUserIsOnTheSharedNetworkBeforeARequestCanFindIt() {
		List<Set<String>> keysWhileJoining = new CopyOnWriteArrayList<>();
		RenewingTokenProvider alice = new RenewingTokenProvider(this.providers.client(Duration.ofSeconds(2)),
				TradovateCredentials.of("alice", PASSWORD)) {

			@Override
			public void setNetwork(AuthNetwork network) {
				// What a request arriving now would find.
				keysWhileJoining.add(TradovateUsersTests.this.users.keys());
				super.setNetwork(network);
			}

		};
		this.users.add("a", alice);
		assertThat(keysWhileJoining).containsExactly(Set.of());
		assertThat(me("a").get("name")).isEqualTo("alice");
	}

	@Test
	void listenersHearOfTheChangesOfAKeyInTheirOrder() throws Exception {
		List<String> changes = new CopyOnWriteArrayList<>();
		CountDownLatch adding = new CountDownLatch(1);
		AtomicReference<Thread> remover = new AtomicReference<>();
		this.users.addListener(new TradovateUsers.Listener() {

			@Override
			public void added(String key, RenewingTokenProvider provider) {
				adding.countDown();
				// The user can be found now: let a removal run until it is done or waits.
				Awaitility.await()
					.until(() -> remover.get() != null
							&& (changes.contains("removed " + key) || remover.get().getState() == Thread.State.WAITING
									|| remover.get().getState() == Thread.State.TERMINATED));
				changes.add("added " + key);
			}

			@Override
			public void removed(String key, RenewingTokenProvider provider) {
				changes.add("removed " + key);
			}

		});
		Thread thread = new Thread(() -> {
			try {
				adding.await();
				while (!this.users.remove("c")) {
					Thread.onSpinWait();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		remover.set(thread);
		thread.start();
		this.users.add("c", TradovateCredentials.of("carol", PASSWORD));
		thread.join(Duration.ofSeconds(10).toMillis());
		assertThat(changes).containsExactly("added c", "removed c");
	}

	@Test
	void aKeyInUseCreatesNoProvider() {
		AtomicInteger created = new AtomicInteger();
		TradovateUsers users = new TradovateUsers((credentials) -> {
			created.incrementAndGet();
			return this.providers.provider(this.providers.client(Duration.ofSeconds(2)), credentials);
		}, this.simulator.baseUrl());
		try {
			users.add("a", TradovateCredentials.of("alice", PASSWORD));
			assertThatExceptionOfType(IllegalStateException.class)
				.isThrownBy(() -> users.add("a", TradovateCredentials.of("bob", PASSWORD)));
			assertThat(created).hasValue(1);
		}
		finally {
			users.close();
		}
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void logLinesNameTheUserByItsKey(CapturedOutput output) {
		RenewingTokenProvider carol = this.users.add("c", TradovateCredentials.of("carol", "not-carols-password"));
		assertThatExceptionOfType(TradovateAuthException.class).isThrownBy(carol::getToken);
		this.users.add("a", TradovateCredentials.of("alice", PASSWORD))
			.rateLimitedElsewhere("the trading WebSocket", Duration.ofSeconds(30), false);
		assertThat(output).contains("Could not log in to Tradovate for the user of key 'c'")
			.contains("Holding logins to Tradovate of the user of key 'a'")
			.doesNotContain("not-carols-password");
	}

	private Map<?, ?> me(String key) {
		return this.tradovate.get()
			.uri("/auth/me")
			.attribute(TradovateUsers.USER_ATTRIBUTE, key)
			.retrieve()
			.body(Map.class);
	}

}
