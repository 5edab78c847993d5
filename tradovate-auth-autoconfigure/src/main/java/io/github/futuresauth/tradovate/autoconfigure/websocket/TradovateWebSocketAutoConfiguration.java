package io.github.futuresauth.tradovate.autoconfigure.websocket;

import java.net.URI;
import java.util.List;
import java.util.stream.Stream;

import io.github.futuresauth.tradovate.auth.RenewingTokenProvider;
import io.github.futuresauth.tradovate.auth.TokenProvider;
import io.github.futuresauth.tradovate.auth.TradovateEnvironment;
import io.github.futuresauth.tradovate.auth.TradovateUsers;
import io.github.futuresauth.tradovate.auth.websocket.LoginHoldingRateLimitListener;
import io.github.futuresauth.tradovate.auth.websocket.TradovateWebSocketClient;
import io.github.futuresauth.tradovate.auth.websocket.TradovateWebSocketClient.Channel;
import io.github.futuresauth.tradovate.auth.websocket.WebSocketRateLimitListener;
import io.github.futuresauth.tradovate.autoconfigure.TradovateAuthAutoConfiguration;
import io.github.futuresauth.tradovate.autoconfigure.TradovateAuthProperties;
import io.github.futuresauth.tradovate.autoconfigure.TradovateUserProperties;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.scheduling.TaskScheduler;

/**
 * Auto-configuration of the WebSockets to Tradovate: a {@link TradovateWebSocketClient}
 * for the trading socket of the configured environment ({@code tradovateWebSocketClient})
 * and one for the market data socket ({@code tradovateMarketDataWebSocketClient}), both
 * authorized once with the {@link TokenProvider}'s token. They connect at their first
 * subscription or request, keep their socket across renewals, and close when the
 * application context closes. Their heartbeats, deadlines and reconnects run on the
 * {@link TaskScheduler} named {@code tradovateTaskScheduler} when there is one, shared
 * with the token provider, else on a thread of each client's own. With Micrometer, their
 * {@link TradovateWebSocketMetrics meters} are bound.
 * <p>
 * Every {@link WebSocketRateLimitListener} bean is told about rate limits on either
 * socket.
 */
@AutoConfiguration(after = TradovateAuthAutoConfiguration.class)
@ConditionalOnBean(TradovateUsers.class)
@ConditionalOnBooleanProperty(name = "tradovate.websocket.enabled", matchIfMissing = true)
@EnableConfigurationProperties(TradovateWebSocketProperties.class)
public final class TradovateWebSocketAutoConfiguration {

	/**
	 * The name of the scheduler that the clients share with the token provider.
	 */
	static final String TASK_SCHEDULER = "tradovateTaskScheduler";

	@Bean
	@Lazy
	@ConditionalOnMissingBean(name = "tradovateWebSocketClient")
	@ConditionalOnBean(TokenProvider.class)
	TradovateWebSocketClient tradovateWebSocketClient(TokenProvider tokenProvider,
			TradovateWebSocketProperties properties, ObjectProvider<TradovateAuthProperties> authProperties,
			ObjectProvider<WebSocketRateLimitListener> rateLimitListeners,
			@Qualifier(TASK_SCHEDULER) ObjectProvider<TaskScheduler> taskScheduler) {
		TradovateEnvironment environment = authProperties.getIfAvailable(TradovateAuthProperties::new).getEnvironment();
		return configure(new TradovateWebSocketClient("trading", properties.determineUrl(environment), Channel.TRADING,
				tokenProvider), properties, rateLimitListeners, taskScheduler);
	}

	@Bean
	@Lazy
	@ConditionalOnMissingBean(name = "tradovateMarketDataWebSocketClient")
	@ConditionalOnBean(TokenProvider.class)
	TradovateWebSocketClient tradovateMarketDataWebSocketClient(TokenProvider tokenProvider,
			TradovateWebSocketProperties properties, ObjectProvider<WebSocketRateLimitListener> rateLimitListeners,
			@Qualifier(TASK_SCHEDULER) ObjectProvider<TaskScheduler> taskScheduler) {
		return configure(new TradovateWebSocketClient("marketData", properties.getMarketDataUrl(), Channel.MARKET_DATA,
				tokenProvider), properties, rateLimitListeners, taskScheduler);
	}

	/**
	 * A 429 or a captcha on either socket holds logins too: Tradovate then stops handling
	 * this user's or network's requests for a while, so a login sent now would only earn
	 * a longer wait.
	 */
	@Bean
	@Lazy
	@ConditionalOnBean(RenewingTokenProvider.class)
	@ConditionalOnMissingBean(name = "tradovateWebSocketLoginBudget")
	WebSocketRateLimitListener tradovateWebSocketLoginBudget(RenewingTokenProvider tokenProvider) {
		return new LoginHoldingRateLimitListener(tokenProvider);
	}

	/**
	 * The clients of every user of {@link TradovateUsers}, each told of rate limits on
	 * its own sockets by the application's listeners and by a listener that holds that
	 * user's logins.
	 */
	@Bean
	@Lazy
	@ConditionalOnMissingBean
	@ConditionalOnBean(TradovateUsers.class)
	TradovateWebSocketClients tradovateWebSocketClients(TradovateUsers users, TradovateWebSocketProperties properties,
			TradovateAuthProperties authProperties, ObjectProvider<WebSocketRateLimitListener> rateLimitListeners,
			@Qualifier(TASK_SCHEDULER) ObjectProvider<TaskScheduler> taskScheduler) {
		return new TradovateWebSocketClients(users, (key, channel, provider) -> {
			TradovateUserProperties user = authProperties.getUsers().get(key);
			TradovateEnvironment environment = (user != null) ? authProperties.determineEnvironment(user)
					: authProperties.getEnvironment();
			URI url = (channel == Channel.TRADING) ? properties.determineUrl(environment)
					: properties.getMarketDataUrl();
			TradovateWebSocketClient client = configure(
					new TradovateWebSocketClient(channelName(channel) + "-" + key, url, channel, provider), properties,
					ownListeners(rateLimitListeners), taskScheduler);
			client.addRateLimitListener(new LoginHoldingRateLimitListener(provider));
			return client;
		});
	}

	private static String channelName(Channel channel) {
		return (channel == Channel.TRADING) ? "trading" : "marketData";
	}

	/** The application's listeners, without those that hold the default user's logins. */
	private static ObjectProvider<WebSocketRateLimitListener> ownListeners(
			ObjectProvider<WebSocketRateLimitListener> listeners) {
		return new ObjectProvider<>() {

			@Override
			public Stream<WebSocketRateLimitListener> orderedStream() {
				return listeners.orderedStream()
					.filter((listener) -> !(listener instanceof LoginHoldingRateLimitListener));
			}

		};
	}

	private static TradovateWebSocketClient configure(TradovateWebSocketClient client,
			TradovateWebSocketProperties properties, ObjectProvider<WebSocketRateLimitListener> rateLimitListeners,
			ObjectProvider<TaskScheduler> taskScheduler) {
		client.setConnectTimeout(properties.getConnectTimeout());
		client.setRequestTimeout(properties.getRequestTimeout());
		client.setReadyTimeout(properties.getReadyTimeout());
		client.setHeartbeatInterval(properties.getHeartbeatInterval());
		client.setSilenceTimeout(properties.getSilenceTimeout());
		client.setMaxFrameSize((int) properties.getMaxFrameSize().toBytes());
		client.setListenerQueueCapacity(properties.getListenerQueueCapacity());
		TradovateWebSocketProperties.Reconnect reconnect = properties.getReconnect();
		client.setReconnectBackOff(reconnect.getInitialDelay(), reconnect.getMaxDelay(), reconnect.getMultiplier(),
				reconnect.getJitter());
		client.setBackOffResetAfter(reconnect.getResetAfter());
		client.setQuotaReconnectDelay(reconnect.getQuotaDelay());
		// Shared with the token provider when the application has it; otherwise the
		// client runs a thread of its own and shuts it down when it closes.
		taskScheduler.ifAvailable(client::setTaskScheduler);
		rateLimitListeners.orderedStream().forEach(client::addRateLimitListener);
		return client;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		TradovateWebSocketMetrics tradovateWebSocketMetrics(ObjectProvider<TradovateWebSocketClient> clients) {
			List<TradovateWebSocketClient> all = clients.orderedStream().toList();
			return new TradovateWebSocketMetrics(all);
		}

	}

}
