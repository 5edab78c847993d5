package io.github.futuresauth.tradovate.autoconfigure.websocket;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.futuresauth.tradovate.auth.TokenProvider;
import io.github.futuresauth.tradovate.auth.websocket.TradovateEvent;
import io.github.futuresauth.tradovate.auth.websocket.TradovateWebSocketClient;
import io.github.futuresauth.tradovate.auth.websocket.TradovateWebSocketClient.Channel;
import io.github.futuresauth.tradovate.auth.websocket.TradovateWebSocketClient.State;
import io.github.futuresauth.tradovate.auth.websocket.WebSocketRateLimit;
import io.github.futuresauth.tradovate.auth.websocket.WebSocketRateLimitListener;
import io.github.futuresauth.tradovate.autoconfigure.TradovateAuthAutoConfiguration;
import io.github.futuresauth.tradovate.simulator.ManualTaskScheduler;
import io.github.futuresauth.tradovate.simulator.MutableClock;
import io.github.futuresauth.tradovate.simulator.SimulatedWebSockets;
import io.github.futuresauth.tradovate.simulator.TradovateSimulatorExtension;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link TradovateWebSocketAutoConfiguration} and
 * {@link TradovateWebSocketHealthAutoConfiguration}.
 */
class TradovateWebSocketAutoConfigurationTests {

	@RegisterExtension
	static final TradovateSimulatorExtension extension = new TradovateSimulatorExtension();

	private final SimulatedWebSockets sockets = extension.simulator().webSockets();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TradovateAuthAutoConfiguration.class,
				TradovateWebSocketAutoConfiguration.class, TradovateWebSocketHealthAutoConfiguration.class))
		.withPropertyValues("tradovate.login-at-startup=false")
		.withPropertyValues(extension.simulator().springProperties());

	@Test
	void providesATradingAndAMarketDataClientThatConnectOnlyWhenUsed() {
		this.contextRunner.run((context) -> {
			TradovateWebSocketClient trading = context.getBean("tradovateWebSocketClient",
					TradovateWebSocketClient.class);
			TradovateWebSocketClient marketData = context.getBean("tradovateMarketDataWebSocketClient",
					TradovateWebSocketClient.class);
			assertThat(trading.getChannel()).isEqualTo(Channel.TRADING);
			assertThat(trading.getUrl()).isEqualTo(this.sockets.tradingUrl());
			assertThat(marketData.getChannel()).isEqualTo(Channel.MARKET_DATA);
			assertThat(marketData.getUrl()).isEqualTo(this.sockets.marketDataUrl());
			assertThat(trading.getState()).isEqualTo(State.IDLE);
			assertThat(this.sockets.openSockets()).isZero();
			assertThat(extension.simulator().journal().logins()).isZero();
		});
	}

	@Test
	void defaultUrlsAreTheEnvironmentsAndTheMarketDataHost() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TradovateAuthAutoConfiguration.class,
					TradovateWebSocketAutoConfiguration.class))
			.withPropertyValues("tradovate.login-at-startup=false", "tradovate.name=trader",
					"tradovate.password=secret", "tradovate.environment=live")
			.run((context) -> {
				assertThat(context.getBean("tradovateWebSocketClient", TradovateWebSocketClient.class).getUrl())
					.isEqualTo(URI.create("wss://live.tradovateapi.com/v1/websocket"));
				assertThat(
						context.getBean("tradovateMarketDataWebSocketClient", TradovateWebSocketClient.class).getUrl())
					.isEqualTo(URI.create("wss://md.tradovateapi.com/v1/websocket"));
			});
	}

	@Test
	void closingTheContextClosesTheSockets() {
		List<TradovateEvent> events = new CopyOnWriteArrayList<>();
		ConfigurableApplicationContext[] holder = new ConfigurableApplicationContext[1];
		this.contextRunner.run((context) -> {
			holder[0] = context;
			TradovateWebSocketClient trading = context.getBean("tradovateWebSocketClient",
					TradovateWebSocketClient.class);
			TradovateWebSocketClient marketData = context.getBean("tradovateMarketDataWebSocketClient",
					TradovateWebSocketClient.class);
			trading.subscribe("user/syncrequest", "{\"users\":[2600001]}", events::add);
			marketData.subscribe("md/subscribeQuote", "{\"symbol\":\"ESZ6\"}", events::add);
			await().until(() -> trading.getState() == State.OPEN && marketData.getState() == State.OPEN);
			assertThat(this.sockets.openSockets()).isEqualTo(2);
			await().until(() -> events.stream().map(TradovateEvent::name).distinct().count() == 2);
		});
		assertThat(holder[0].isActive()).isFalse();
		await().until(() -> this.sockets.openSockets() == 0);
	}

	@Test
	void appliesTheProperties() {
		this.contextRunner
			.withPropertyValues("tradovate.websocket.request-timeout=200ms",
					"tradovate.websocket.heartbeat-interval=1s", "tradovate.websocket.silence-timeout=3s")
			.run((context) -> {
				TradovateWebSocketClient trading = context.getBean("tradovateWebSocketClient",
						TradovateWebSocketClient.class);
				trading.start();
				await().until(() -> trading.getState() == State.OPEN);
				this.sockets.stopAnswering();
				// The short request timeout applies.
				assertThat(trading.request("user/syncrequest", null, null)).failsWithin(Duration.ofSeconds(2))
					.withThrowableThat()
					.withCauseInstanceOf(java.util.concurrent.TimeoutException.class);
				// And the silence timeout: the silent socket is replaced.
				await().atMost(Duration.ofSeconds(10)).until(() -> trading.getHeartbeatsMissed() == 1);
				assertThat(this.sockets.heartbeatsReceived()).isPositive();
			});
	}

	@Test
	void sharesTheSchedulerNamedTradovateTaskScheduler() {
		this.contextRunner.withUserConfiguration(SharedSchedulerConfiguration.class).run((context) -> {
			ManualTaskScheduler shared = context.getBean("tradovateTaskScheduler", ManualTaskScheduler.class);
			TradovateWebSocketClient trading = context.getBean("tradovateWebSocketClient",
					TradovateWebSocketClient.class);
			trading.start();
			// The deadline to be ready, then the heartbeat, are the shared scheduler's.
			await().until(() -> shared.pendingTasks() >= 1);
		});
	}

	@Test
	void anotherSchedulerIsNotTaken() {
		this.contextRunner.withUserConfiguration(OtherSchedulerConfiguration.class).run((context) -> {
			ManualTaskScheduler other = context.getBean("someScheduler", ManualTaskScheduler.class);
			TradovateWebSocketClient trading = context.getBean("tradovateWebSocketClient",
					TradovateWebSocketClient.class);
			trading.start();
			await().until(() -> trading.getState() == State.OPEN);
			assertThat(other.pendingTasks()).isZero();
		});
	}

	@Test
	void appliesTheDeadlineAndBackOffProperties() {
		this.contextRunner
			.withPropertyValues("tradovate.websocket.ready-timeout=300ms", "tradovate.websocket.reconnect.jitter=0s",
					"tradovate.websocket.reconnect.initial-delay=5s")
			.run((context) -> {
				TradovateWebSocketClient trading = context.getBean("tradovateWebSocketClient",
						TradovateWebSocketClient.class);
				this.sockets.ignoreRequests("authorize", 1);
				trading.start();
				await().until(() -> trading.getState() == State.RECONNECTING);
				assertThat(trading.getLastFailure()).isEqualTo("Not ready within 300 ms (authorize was not answered)");
			});
	}

	@Test
	void canBeDisabled() {
		this.contextRunner.withPropertyValues("tradovate.websocket.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(TradovateWebSocketClient.class)
				.doesNotHaveBean(TradovateWebSocketProperties.class));
	}

	@Test
	void usersOwnClientWins() {
		this.contextRunner.withUserConfiguration(UserClientConfiguration.class).run((context) -> {
			assertThat(context.getBean("tradovateWebSocketClient"))
				.isSameAs(context.getBean(UserClientConfiguration.class).client);
			assertThat(context).hasBean("tradovateMarketDataWebSocketClient");
		});
	}

	@Test
	void invalidPropertiesStopStartupNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("tradovate.websocket.heartbeat-interval=0s",
					"tradovate.websocket.url=ws://example.org/v1/websocket",
					"tradovate.websocket.listener-queue-capacity=0", "tradovate.websocket.reconnect.quota-delay=0s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("tradovate.websocket.heartbeat-interval must be a positive duration")
				.hasMessageContaining("tradovate.websocket.listener-queue-capacity must be positive")
				.hasMessageContaining("tradovate.websocket.reconnect.quota-delay must be a positive duration")
				.hasMessageContaining("tradovate.websocket.url must be a wss URL"));
	}

	@Test
	void rateLimitListenersAreTold() {
		this.contextRunner.withUserConfiguration(RateLimitListenerConfiguration.class).run((context) -> {
			TradovateWebSocketClient trading = context.getBean("tradovateWebSocketClient",
					TradovateWebSocketClient.class);
			trading.start();
			await().until(() -> trading.getState() == State.OPEN);
			this.sockets.rateLimitNextRequests(1, Duration.ofSeconds(3));
			trading.request("user/syncrequest", null, null);
			List<WebSocketRateLimit> limits = context.getBean(RateLimitListenerConfiguration.class).limits;
			await().until(() -> limits.size() == 1);
			assertThat(limits.get(0).waitTime()).isEqualTo(Duration.ofSeconds(3));
		});
	}

	@Test
	void healthReportsEachSocketAndIsDownOnlyOnceASocketWasNotReadyForTheDownAfterTime() {
		this.contextRunner.withPropertyValues("tradovate.websocket.down-after=300ms").run((context) -> {
			TradovateWebSocketHealthIndicator indicator = context.getBean("tradovateWebSocketHealthIndicator",
					TradovateWebSocketHealthIndicator.class);
			Health idle = indicator.health();
			assertThat(idle.getStatus()).isEqualTo(Status.UP);
			assertThat(details(idle, "trading")).containsEntry("state", State.IDLE)
				.containsEntry("url", this.sockets.tradingUrl().toString());
			TradovateWebSocketClient trading = context.getBean("tradovateWebSocketClient",
					TradovateWebSocketClient.class);
			trading.start();
			await().until(() -> trading.getState() == State.OPEN);
			Health open = indicator.health();
			assertThat(open.getStatus()).isEqualTo(Status.UP);
			assertThat(details(open, "trading")).containsEntry("state", State.OPEN).containsKey("openSince");
			String token = context.getBean(TokenProvider.class).getToken().accessToken();
			assertThat(open.toString()).doesNotContain(token);
			this.sockets.refuseNextAuthorizations(10);
			this.sockets.dropAll();
			await().until(() -> trading.getState() == State.RECONNECTING);
			// A reconnect within the down-after time is no outage.
			Health reconnecting = indicator.health();
			assertThat(reconnecting.getStatus()).isEqualTo(Status.UP);
			assertThat(details(reconnecting, "trading")).containsKey("notReadySince");
			await().until(() -> indicator.health().getStatus() == Status.DOWN);
			Health down = indicator.health();
			assertThat(details(down, "trading")).containsEntry("lastFailure", "Closed by the server (1001 Dropped)");
			assertThat(details(down, "marketData")).containsEntry("state", State.IDLE);
		});
	}

	@Test
	void healthIndicatorCanBeDisabled() {
		this.contextRunner.withPropertyValues("management.health.tradovate-websocket.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TradovateWebSocketHealthIndicator.class));
	}

	@Test
	void metricsCountConnectsAndMessages() {
		this.contextRunner.run((context) -> {
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			context.getBean(TradovateWebSocketMetrics.class).bindTo(registry);
			TradovateWebSocketClient trading = context.getBean("tradovateWebSocketClient",
					TradovateWebSocketClient.class);
			trading.subscribe("user/syncrequest", null, (event) -> {
			});
			await().until(() -> trading.getState() == State.OPEN);
			assertThat(registry.get("tradovate.websocket.connects").tag("socket", "trading").functionCounter().count())
				.isEqualTo(1);
			await().until(() -> registry.get("tradovate.websocket.messages")
				.tag("socket", "trading")
				.functionCounter()
				.count() > 3);
			assertThat(registry.get("tradovate.websocket.open").tag("socket", "trading").gauge().value()).isEqualTo(1);
			assertThat(registry.get("tradovate.websocket.open").tag("socket", "marketData").gauge().value()).isZero();
			assertThat(registry.get("tradovate.websocket.reconnects").functionCounters()).hasSize(2);
			assertThat(registry.get("tradovate.websocket.heartbeats.missed").functionCounters()).hasSize(2);
			assertThat(registry.get("tradovate.websocket.events.dropped").functionCounters()).hasSize(2);
		});
	}

	@Test
	void backsOffWithoutHealthOrMicrometer() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(AbstractHealthIndicator.class, MeterBinder.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasBean("tradovateWebSocketClient")
				.doesNotHaveBean("tradovateWebSocketHealthIndicator")
				.doesNotHaveBean(TradovateWebSocketMetrics.class));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> details(Health health, String socket) {
		return (Map<String, Object>) health.getDetails().get(socket);
	}

	@Configuration(proxyBeanMethods = false)
	static class UserClientConfiguration {

		final TradovateWebSocketClient client = new TradovateWebSocketClient("mine",
				URI.create("wss://proxy.example.org/websocket"), Channel.TRADING, new FixedToken());

		@Bean
		TradovateWebSocketClient tradovateWebSocketClient() {
			return this.client;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RateLimitListenerConfiguration {

		final List<WebSocketRateLimit> limits = new CopyOnWriteArrayList<>();

		@Bean
		WebSocketRateLimitListener recordingListener() {
			return this.limits::add;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SharedSchedulerConfiguration {

		@Bean
		ManualTaskScheduler tradovateTaskScheduler() {
			return new ManualTaskScheduler(new MutableClock(java.time.Instant.now()));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OtherSchedulerConfiguration {

		@Bean
		ManualTaskScheduler someScheduler() {
			return new ManualTaskScheduler(new MutableClock(java.time.Instant.now()));
		}

	}

	static class FixedToken implements TokenProvider {

		@Override
		public io.github.futuresauth.tradovate.auth.AccessToken getToken() {
			return new io.github.futuresauth.tradovate.auth.AccessToken("token", null, java.time.Instant.MAX, null,
					null, null);
		}

		@Override
		public void invalidate(io.github.futuresauth.tradovate.auth.AccessToken token) {
		}

	}

}
