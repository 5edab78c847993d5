package io.github.futuresauth.tradovate.autoconfigure;

import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.system.CapturedOutput;
import org.junit.jupiter.api.extension.ExtendWith;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.github.futuresauth.tradovate.auth.Concurrently;
import io.github.futuresauth.tradovate.auth.CredentialsRejectedException;
import io.github.futuresauth.tradovate.auth.InMemoryTokenStore;
import io.github.futuresauth.tradovate.auth.TokenProvider;
import io.github.futuresauth.tradovate.auth.TradovateCredentials;
import io.github.futuresauth.tradovate.auth.TradovateUsers;
import io.github.futuresauth.tradovate.auth.file.FileTokenStore;
import io.github.futuresauth.tradovate.autoconfigure.actuate.TradovateActuatorAutoConfiguration;
import io.github.futuresauth.tradovate.autoconfigure.actuate.TradovateEndpoint;
import io.github.futuresauth.tradovate.autoconfigure.health.TradovateHealthAutoConfiguration;
import io.github.futuresauth.tradovate.autoconfigure.health.TradovateHealthIndicator;
import io.github.futuresauth.tradovate.autoconfigure.metrics.TradovateMetricsAutoConfiguration;
import io.github.futuresauth.tradovate.autoconfigure.metrics.TradovateUsersMetrics;
import io.github.futuresauth.tradovate.autoconfigure.store.TradovateFileStoreAutoConfiguration;
import io.github.futuresauth.tradovate.autoconfigure.websocket.TradovateWebSocketAutoConfiguration;
import io.github.futuresauth.tradovate.autoconfigure.websocket.TradovateWebSocketClients;
import io.github.futuresauth.tradovate.auth.websocket.TradovateResponse;
import io.github.futuresauth.tradovate.auth.websocket.TradovateWebSocketClient;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.awaitility.Awaitility;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.github.futuresauth.tradovate.simulator.RequestKind;
import io.github.futuresauth.tradovate.simulator.TradovateSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for the auto-configuration of several Tradovate users,
 * {@code tradovate.users.<key>.*}.
 */
@ExtendWith(OutputCaptureExtension.class)
class TradovateUsersAutoConfigurationTests {

	private static final String PASSWORD = "secret";

	private final TradovateSimulator simulator = TradovateSimulator.builder()
		.user("alice", PASSWORD)
		.user("bob", PASSWORD)
		.user("carol", PASSWORD)
		.start();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(TradovateAuthAutoConfiguration.class, RestClientAutoConfiguration.class))
		.withPropertyValues("tradovate.base-url=" + this.simulator.baseUrl(), "tradovate.store.type=memory");

	private final ApplicationContextRunner twoUsers = this.contextRunner.withPropertyValues(
			"tradovate.users.a.name=alice", "tradovate.users.a.password=" + PASSWORD, "tradovate.users.b.name=bob",
			"tradovate.users.b.password=" + PASSWORD);

	@AfterEach
	void stopSimulator() {
		this.simulator.close();
	}

	@Test
	void usersFromPropertiesLogInOnceEachAndEveryRequestCarriesOnlyItsOwnUsersToken() {
		this.twoUsers.run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(TokenProvider.class);
			assertThat(context.getBean(TradovateUsers.class).keys()).containsExactly("a", "b");
			assertThat(this.simulator.journal().logins()).isEqualTo(2);
			RestClient byAttribute = context.getBean(RestClient.Builder.class)
				.baseUrl(this.simulator.baseUrl().toString())
				.build();
			TradovateRestClients clients = context.getBean(TradovateRestClients.class);
			Map<String, String> names = Map.of("a", "alice", "b", "bob");
			Queue<String> mismatches = new ConcurrentLinkedQueue<>();
			Concurrently.run(8, (thread) -> {
				for (int i = 0; i < 50; i++) {
					String key = ThreadLocalRandom.current().nextBoolean() ? "a" : "b";
					String name = (i % 2 == 0)
							? name(byAttribute.get()
								.uri("/auth/me")
								.attribute(TradovateUsers.USER_ATTRIBUTE, key)
								.retrieve()
								.body(Map.class))
							: name(clients.get(key).get().uri("/auth/me").retrieve().body(Map.class));
					if (!names.get(key).equals(name)) {
						mismatches.add(key + " got " + name);
					}
				}
				return null;
			});
			assertThat(mismatches).isEmpty();
			assertThat(this.simulator.journal().count(RequestKind.ME)).isEqualTo(400);
			assertThat(this.simulator.journal().logins()).isEqualTo(2);
		});
	}

	@Test
	void configuredUsersThatDoNotFitTheAddresssRenewalsAreReportedOnceAtStartup(CapturedOutput output) {
		List<String> properties = new ArrayList<>(List.of("tradovate.login-at-startup=false"));
		for (int i = 0; i < 20; i++) {
			properties.add("tradovate.users.u" + i + ".name=user" + i);
			properties.add("tradovate.users.u" + i + ".password=" + PASSWORD);
		}
		this.contextRunner.withPropertyValues(properties.toArray(String[]::new)).run((context) -> {
			assertThat(context.getBean(TradovateUsers.class).keys()).hasSize(20);
			assertThat(output).containsOnlyOnce("Tradovate users share one network address")
				.contains("20 Tradovate users share one network address and each renews every 75 minutes: they"
						+ " need 16.0 renewals an hour, and the address allows 15, which carry 18 users.");
			assertThat(this.simulator.journal().requests()).isEmpty();
		});
	}

	@Test
	void theFlatUserIsTheDefaultUserOfRequestsThatNameNone() {
		this.contextRunner
			.withPropertyValues("tradovate.name=alice", "tradovate.password=" + PASSWORD, "tradovate.users.b.name=bob",
					"tradovate.users.b.password=" + PASSWORD)
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(TokenProvider.class);
				TradovateUsers users = context.getBean(TradovateUsers.class);
				assertThat(users.keys()).containsExactly("b", "default");
				assertThat(users.getTokenProvider("default")).isSameAs(context.getBean(TokenProvider.class));
				RestClient client = context.getBean(RestClient.Builder.class)
					.baseUrl(this.simulator.baseUrl().toString())
					.build();
				assertThat(name(client.get().uri("/auth/me").retrieve().body(Map.class))).isEqualTo("alice");
				assertThat(name(client.get()
					.uri("/auth/me")
					.attribute(TradovateUsers.USER_ATTRIBUTE, "b")
					.retrieve()
					.body(Map.class))).isEqualTo("bob");
				assertThat(name(context.getBean(TradovateRestClients.class)
					.get("default")
					.get()
					.uri("/auth/me")
					.retrieve()
					.body(Map.class))).isEqualTo("alice");
				assertThat(this.simulator.journal().logins()).isEqualTo(2);
			});
	}

	@Test
	void aRequestNamingAUserAddedBesideTheFlatUserCarriesThatUsersToken() {
		this.contextRunner.withPropertyValues("tradovate.name=alice", "tradovate.password=" + PASSWORD)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				RestClient client = context.getBean(RestClient.Builder.class)
					.baseUrl(this.simulator.baseUrl().toString())
					.build();
				RestClient tradovateRestClient = context.getBean("tradovateRestClient", RestClient.class);
				context.getBean(TradovateUsers.class).add("c", TradovateCredentials.of("carol", PASSWORD));
				for (RestClient each : List.of(client, tradovateRestClient)) {
					assertThat(name(each.get().uri("/auth/me").retrieve().body(Map.class))).isEqualTo("alice");
					assertThat(name(each.get()
						.uri("/auth/me")
						.attribute(TradovateUsers.USER_ATTRIBUTE, "c")
						.retrieve()
						.body(Map.class))).isEqualTo("carol");
					assertThatIllegalArgumentException()
						.isThrownBy(() -> each.get()
							.uri("/auth/me")
							.attribute(TradovateUsers.USER_ATTRIBUTE, "d")
							.retrieve()
							.toBodilessEntity())
						.withMessageContaining("'d'");
				}
				assertThat(this.simulator.journal().count(RequestKind.ME)).isEqualTo(4);
			});
	}

	@Test
	void aRequestNamingAUserOfThePropertiesThroughTheDefaultUsersClientCarriesThatUsersToken() {
		this.contextRunner
			.withPropertyValues("tradovate.name=alice", "tradovate.password=" + PASSWORD, "tradovate.users.b.name=bob",
					"tradovate.users.b.password=" + PASSWORD)
			.run((context) -> {
				RestClient tradovateRestClient = context.getBean("tradovateRestClient", RestClient.class);
				assertThat(name(tradovateRestClient.get()
					.uri("/auth/me")
					.attribute(TradovateUsers.USER_ATTRIBUTE, "b")
					.retrieve()
					.body(Map.class))).isEqualTo("bob");
			});
	}

	@Test
	void aRequestThatNamesNoUserIsNotSentWithoutADefaultUser() {
		this.twoUsers.run((context) -> {
			RestClient client = context.getBean(RestClient.Builder.class)
				.baseUrl(this.simulator.baseUrl().toString())
				.build();
			assertThatIllegalArgumentException()
				.isThrownBy(() -> client.get().uri("/auth/me").retrieve().toBodilessEntity())
				.withMessageContaining("TradovateUsers.USER_ATTRIBUTE")
				.withMessageContaining("[a, b]");
			assertThatIllegalArgumentException().isThrownBy(() -> context.getBean(TradovateRestClients.class).get("c"))
				.withMessageContaining("'c'");
			assertThat(this.simulator.journal().count(RequestKind.ME)).isZero();
		});
	}

	@Test
	void usersAddedWhileTheApplicationRunsGetAClientAndAStoreOfTheirOwn() {
		this.twoUsers.run((context) -> {
			TradovateUsers users = context.getBean(TradovateUsers.class);
			users.add("c", TradovateCredentials.of("carol", PASSWORD));
			TradovateRestClients clients = context.getBean(TradovateRestClients.class);
			assertThat(name(clients.get("c").get().uri("/auth/me").retrieve().body(Map.class))).isEqualTo("carol");
			assertThat(users.remove("c")).isTrue();
			assertThatIllegalArgumentException()
				.isThrownBy(() -> clients.get("c").get().uri("/auth/me").retrieve().toBodilessEntity());
			assertThat(this.simulator.journal().logins()).isEqualTo(3);
		});
	}

	@Test
	void theStoreOfARemovedUserIsClosedAndSoAreTheOthersWithTheContext() {
		List<ClosableStore> stores = new CopyOnWriteArrayList<>();
		recordingStores(this.twoUsers, stores).run((context) -> {
			assertThat(stores).extracting((store) -> store.user).containsExactlyInAnyOrder("alice", "bob");
			context.getBean(TradovateUsers.class).remove("a");
			assertThat(stores).filteredOn((store) -> store.closed)
				.extracting((store) -> store.user)
				.containsExactly("alice");
		});
		assertThat(stores).allMatch((store) -> store.closed);
	}

	@Test
	void eachUserKeepsItsTokenInAFileOfItsOwn(@TempDir Path directory) {
		ApplicationContextRunner withFiles = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TradovateAuthAutoConfiguration.class,
					TradovateFileStoreAutoConfiguration.class, RestClientAutoConfiguration.class))
			.withPropertyValues("tradovate.base-url=" + this.simulator.baseUrl(),
					"tradovate.store.directory=" + directory, "tradovate.users.a.name=alice",
					"tradovate.users.a.password=" + PASSWORD, "tradovate.users.b.name=bob",
					"tradovate.users.b.password=" + PASSWORD);
		withFiles.run((context) -> {
			assertThat(context).hasNotFailed();
			try (Stream<Path> files = Files.list(directory)) {
				assertThat(
						files.map((file) -> file.getFileName().toString()).filter((name) -> name.endsWith(".session")))
					.containsExactlyInAnyOrder(FileTokenStoreNames.of("demo", "alice"),
							FileTokenStoreNames.of("demo", "bob"));
			}
		});
		// A restart takes both tokens from their files: no login.
		int logins = this.simulator.journal().logins();
		withFiles.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(TradovateUsers.class).getTokenProvider("b").getToken().name()).isEqualTo("bob");
		});
		assertThat(this.simulator.journal().logins()).isEqualTo(logins);
	}

	@Test
	void aUsersRefusedPasswordStopsStartupNamingItsKey() {
		this.contextRunner
			.withPropertyValues("tradovate.users.a.name=alice", "tradovate.users.a.password=" + PASSWORD,
					"tradovate.users.b.name=bob", "tradovate.users.b.password=wrong")
			.run((context) -> {
				assertThat(context).getFailure()
					.isInstanceOf(TradovateUserLoginException.class)
					.hasMessageContaining("tradovate.users.b")
					.hasMessageNotContaining("wrong")
					.hasCauseInstanceOf(CredentialsRejectedException.class);
				assertThat(((TradovateUserLoginException) context.getStartupFailure()).getKey()).isEqualTo("b");
			});
	}

	@Test
	void invalidUsersAreReportedByTheirKeys() {
		this.contextRunner
			.withPropertyValues("tradovate.users.a.name=alice", "tradovate.users.b.name=bob",
					"tradovate.users.b.password=" + PASSWORD, "tradovate.users.b.cid=7", "tradovate.users.c.name=bob",
					"tradovate.users.c.password=other")
			.run((context) -> {
				List<String> messages = new ArrayList<>();
				Throwable failure = context.getStartupFailure();
				for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
					messages.add(String.valueOf(cause.getMessage()));
				}
				assertThat(String.join("\n", messages)).contains("tradovate.users.a.password is required")
					.contains("tradovate.users.b.sec is required when tradovate.users.b.cid is set")
					.doesNotContain("other");
			});
		this.contextRunner
			.withPropertyValues("tradovate.users.a.name=bob", "tradovate.users.a.password=" + PASSWORD,
					"tradovate.users.c.name=bob", "tradovate.users.c.password=other")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("tradovate.users.c.name logs in as the same Tradovate user as tradovate.users.a")
				.hasMessageNotContaining("other"));
		this.contextRunner
			.withPropertyValues("tradovate.name=alice", "tradovate.password=" + PASSWORD,
					"tradovate.users.default.name=bob", "tradovate.users.default.password=" + PASSWORD)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("tradovate.users.default is the key of the user of the flat tradovate.name"));
	}

	@Test
	void aMisspeltPropertyOfAUserIsReportedWithTheRightName() {
		this.twoUsers.withPropertyValues("tradovate.users.b.pasword=x")
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining("tradovate.users.b.pasword")
				.hasMessageContaining("tradovate.users.b.password"));
	}

	@Test
	void healthHasOneComponentPerUserUnderTradovate() {
		this.twoUsers.withConfiguration(AutoConfigurations.of(TradovateHealthAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).doesNotHaveBean(TradovateHealthIndicator.class);
				CompositeHealthContributor tradovate = context.getBean("tradovateHealthContributor",
						CompositeHealthContributor.class);
				context.getBean(TradovateUsers.class).add("c", TradovateCredentials.of("carol", "wrong"));
				assertThat(tradovate.stream().map(HealthContributors.Entry::name)).containsExactly("a", "b", "c");
				Health alice = ((HealthIndicator) tradovate.getContributor("a")).health(true);
				assertThat(alice.getStatus()).isEqualTo(Status.UP);
				assertThat(alice.getDetails()).containsEntry("user", "alice");
				assertThat(((HealthIndicator) tradovate.getContributor("c")).health(true).getStatus())
					.isEqualTo(Status.UNKNOWN);
				assertThat(tradovate.getContributor("d")).isNull();
			});
	}

	@Test
	void theEndpointTakesTheUsersKey() {
		this.twoUsers
			.withConfiguration(
					AutoConfigurations.of(EndpointAutoConfiguration.class, TradovateActuatorAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=tradovate")
			.run((context) -> {
				TradovateEndpoint endpoint = context.getBean(TradovateEndpoint.class);
				assertThat(endpoint.status()).containsOnlyKeys("a", "b");
				assertThat(endpoint.userStatus("b")).containsEntry("user", "bob").containsEntry("state", "valid");
				assertThat(endpoint.userStatus("c")).isNull();
				assertThat(endpoint.userAct("a", "renew")).containsEntry("done", true);
				assertThat(endpoint.act("renew")).containsEntry("done", false)
					.extractingByKey("message")
					.asString()
					.contains("/actuator/tradovate/{user}/renew");
				assertThat(this.simulator.journal().renewals()).isOne();
			});
	}

	@Test
	void metricsCarryTheUsersKeyAndGoWithTheUser() {
		this.twoUsers.withBean(SimpleMeterRegistry.class)
			.withConfiguration(AutoConfigurations.of(TradovateMetricsAutoConfiguration.class))
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				context.getBean(TradovateUsersMetrics.class).bindTo(registry);
				assertThat(registry.find("tradovate.auth.token.expiry").gauges()).hasSize(2);
				assertThat(registry.get("tradovate.auth.token.expiry").tag("user", "a").gauge().value()).isPositive();
				TradovateUsers users = context.getBean(TradovateUsers.class);
				users.getTokenProvider("b").renewNow();
				assertThat(registry.get("tradovate.auth.renewals").tag("user", "b").functionCounter().count())
					.isEqualTo(1);
				assertThat(registry.get("tradovate.auth.renewals").tag("user", "a").functionCounter().count()).isZero();
				users.add("c", TradovateCredentials.of("carol", "wrong"));
				assertThat(registry.find("tradovate.auth.token.expiry").tag("user", "c").gauge()).isNotNull();
				users.remove("c");
				assertThat(registry.getMeters()).isNotEmpty()
					.allSatisfy((meter) -> assertThat(meter.getId().getTag("user")).isIn("a", "b"));
			});
	}

	@Test
	void timersOfLoginsAndRenewalsCarryTheUsersKeyAndGoWithTheUser() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
		this.twoUsers.withBean(MeterRegistry.class, () -> meters)
			.withBean(ObservationRegistry.class, () -> observations)
			.withConfiguration(AutoConfigurations.of(TradovateMetricsAutoConfiguration.class))
			.run((context) -> {
				context.getBean(TradovateUsersMetrics.class).bindTo(meters);
				TradovateUsers users = context.getBean(TradovateUsers.class);
				users.add("c", TradovateCredentials.of("carol", PASSWORD)).getToken();
				users.getTokenProvider("c").renewNow();
				assertThat(meters.get("tradovate.auth.login").tag("user", "c").timer().count()).isOne();
				assertThat(meters.get("tradovate.auth.renewal").tag("user", "c").timer().count()).isOne();
				assertThat(meters.get("tradovate.auth.login").tag("user", "a").timer().count()).isOne();
				users.remove("c");
				assertThat(meters.getMeters()).isNotEmpty()
					.allSatisfy((meter) -> assertThat(meter.getId().getTag("user")).isIn("a", "b"));
			});
	}

	@Test
	void aKeyInUseIsRefusedWithoutCreatingAStore() {
		List<ClosableStore> stores = new CopyOnWriteArrayList<>();
		recordingStores(this.twoUsers, stores).run((context) -> {
			TradovateUsers users = context.getBean(TradovateUsers.class);
			assertThatIllegalStateException()
				.isThrownBy(() -> users.add("a", TradovateCredentials.of("carol", PASSWORD)));
			assertThat(stores).extracting((store) -> store.user).containsExactlyInAnyOrder("alice", "bob");
			assertThat(stores).noneMatch((store) -> store.closed);
		});
	}

	@Test
	void aUserRemovedDuringAHealthScrapeIsLeftOut() {
		this.twoUsers.withConfiguration(AutoConfigurations.of(TradovateHealthAutoConfiguration.class))
			.run((context) -> {
				CompositeHealthContributor tradovate = context.getBean("tradovateHealthContributor",
						CompositeHealthContributor.class);
				Stream<HealthContributors.Entry> scrape = tradovate.stream();
				context.getBean(TradovateUsers.class).remove("b");
				assertThat(scrape.map(HealthContributors.Entry::name)).containsExactly("a");
			});
	}

	@Test
	void theClientsOfARemovedUserGoWithItAndItsKeyServesTheNextUser() {
		this.twoUsers
			.withPropertyValues("tradovate.websocket.url=" + this.simulator.webSockets().tradingUrl(),
					"tradovate.websocket.market-data-url=" + this.simulator.webSockets().marketDataUrl())
			.withConfiguration(AutoConfigurations.of(TradovateWebSocketAutoConfiguration.class))
			.run((context) -> {
				TradovateUsers users = context.getBean(TradovateUsers.class);
				TradovateRestClients restClients = context.getBean(TradovateRestClients.class);
				TradovateWebSocketClients sockets = context.getBean(TradovateWebSocketClients.class);
				RestClient bob = restClients.get("b");
				TradovateWebSocketClient bobsSocket = sockets.trading("b");
				assertThat(socketUser(bobsSocket)).isEqualTo("bob");
				users.remove("b");
				users.add("b", TradovateCredentials.of("carol", PASSWORD));
				assertThat(restClients.get("b")).isNotSameAs(bob);
				assertThat(name(restClients.get("b").get().uri("/auth/me").retrieve().body(Map.class)))
					.isEqualTo("carol");
				assertThat(sockets.trading("b")).isNotSameAs(bobsSocket);
				assertThat(socketUser(sockets.trading("b"))).isEqualTo("carol");
			});
	}

	private static String socketUser(TradovateWebSocketClient client) throws Exception {
		TradovateResponse response = client.request("user/syncrequest", null, null).get(10, TimeUnit.SECONDS);
		return response.data().path("users").path(0).path("name").asString();
	}

	@Test
	void eachUserHasWebSocketsAuthorizedWithItsOwnToken() {
		this.twoUsers
			.withPropertyValues("tradovate.websocket.url=" + this.simulator.webSockets().tradingUrl(),
					"tradovate.websocket.market-data-url=" + this.simulator.webSockets().marketDataUrl())
			.withConfiguration(AutoConfigurations.of(TradovateWebSocketAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).doesNotHaveBean("tradovateWebSocketClient");
				TradovateWebSocketClients clients = context.getBean(TradovateWebSocketClients.class);
				for (Map.Entry<String, String> user : Map.of("a", "alice", "b", "bob").entrySet()) {
					TradovateResponse response = clients.trading(user.getKey())
						.request("user/syncrequest", null, null)
						.get(10, TimeUnit.SECONDS);
					assertThat(response.data().path("users").path(0).path("name").asString())
						.isEqualTo(user.getValue());
				}
				assertThat(clients.trading("a")).isSameAs(clients.trading("a"));
				assertThat(this.simulator.webSockets().authorizedSockets()).isEqualTo(2);
				context.getBean(TradovateUsers.class).remove("b");
				Awaitility.await().until(() -> this.simulator.webSockets().openSockets() == 1);
			});
	}

	private static String name(Map<?, ?> me) {
		return String.valueOf(me.get("name"));
	}

	/** A runner whose users' stores are recorded as they are created. */
	private static ApplicationContextRunner recordingStores(ApplicationContextRunner runner,
			List<ClosableStore> stores) {
		return runner.withBean(TradovateTokenStoreFactory.class, () -> (environment, credentials) -> {
			ClosableStore store = new ClosableStore(credentials.name());
			stores.add(store);
			return store;
		});
	}

	private static final class ClosableStore extends InMemoryTokenStore implements AutoCloseable {

		private final String user;

		private volatile boolean closed;

		ClosableStore(String user) {
			this.user = user;
		}

		@Override
		public void close() {
			this.closed = true;
		}

	}

	private static final class FileTokenStoreNames {

		static String of(String environment, String name) {
			return FileTokenStore.fileName(environment, TradovateCredentials.of(name, PASSWORD));
		}

	}

}
