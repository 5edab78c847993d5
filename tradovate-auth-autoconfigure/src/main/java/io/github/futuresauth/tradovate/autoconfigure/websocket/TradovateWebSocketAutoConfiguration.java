package io.github.futuresauth.tradovate.autoconfigure.websocket;

import java.util.List;

import io.github.futuresauth.tradovate.auth.RenewingTokenProvider;
import io.github.futuresauth.tradovate.auth.TokenProvider;
import io.github.futuresauth.tradovate.auth.TradovateEnvironment;
import io.github.futuresauth.tradovate.auth.websocket.LoginHoldingRateLimitListener;
import io.github.futuresauth.tradovate.auth.websocket.TradovateWebSocketClient;
import io.github.futuresauth.tradovate.auth.websocket.TradovateWebSocketClient.Channel;
import io.github.futuresauth.tradovate.auth.websocket.WebSocketRateLimitListener;
import io.github.futuresauth.tradovate.autoconfigure.TradovateAuthAutoConfiguration;
import io.github.futuresauth.tradovate.autoconfigure.TradovateAuthProperties;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the WebSockets to Tradovate: a {@link TradovateWebSocketClient}
 * for the trading socket of the configured environment ({@code tradovateWebSocketClient})
 * and one for the market data socket ({@code tradovateMarketDataWebSocketClient}), both
 * authorized with the {@link TokenProvider}'s token. They connect at their first
 * subscription or request, move to each renewed token, and close when the application
 * context closes. With Micrometer, their {@link TradovateWebSocketMetrics meters} are
 * bound.
 * <p>
 * Every {@link WebSocketRateLimitListener} bean is told about rate limits on either
 * socket.
 */
@AutoConfiguration(after = TradovateAuthAutoConfiguration.class)
@ConditionalOnBean(TokenProvider.class)
@ConditionalOnBooleanProperty(name = "tradovate.websocket.enabled", matchIfMissing = true)
@EnableConfigurationProperties(TradovateWebSocketProperties.class)
public final class TradovateWebSocketAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "tradovateWebSocketClient")
	TradovateWebSocketClient tradovateWebSocketClient(TokenProvider tokenProvider,
			TradovateWebSocketProperties properties, ObjectProvider<TradovateAuthProperties> authProperties,
			ObjectProvider<WebSocketRateLimitListener> rateLimitListeners) {
		TradovateEnvironment environment = authProperties.getIfAvailable(TradovateAuthProperties::new).getEnvironment();
		return configure(new TradovateWebSocketClient("trading", properties.determineUrl(environment), Channel.TRADING,
				tokenProvider), properties, rateLimitListeners);
	}

	@Bean
	@ConditionalOnMissingBean(name = "tradovateMarketDataWebSocketClient")
	TradovateWebSocketClient tradovateMarketDataWebSocketClient(TokenProvider tokenProvider,
			TradovateWebSocketProperties properties, ObjectProvider<WebSocketRateLimitListener> rateLimitListeners) {
		return configure(new TradovateWebSocketClient("marketData", properties.getMarketDataUrl(), Channel.MARKET_DATA,
				tokenProvider), properties, rateLimitListeners);
	}

	/**
	 * Rate limits on either socket hold logins too: Tradovate keys its limits and
	 * penalties to the network, so a login sent now would only earn a longer one.
	 */
	@Bean
	@ConditionalOnBean(RenewingTokenProvider.class)
	@ConditionalOnMissingBean(name = "tradovateWebSocketLoginBudget")
	WebSocketRateLimitListener tradovateWebSocketLoginBudget(RenewingTokenProvider tokenProvider) {
		return new LoginHoldingRateLimitListener(tokenProvider);
	}

	private static TradovateWebSocketClient configure(TradovateWebSocketClient client,
			TradovateWebSocketProperties properties, ObjectProvider<WebSocketRateLimitListener> rateLimitListeners) {
		client.setConnectTimeout(properties.getConnectTimeout());
		client.setRequestTimeout(properties.getRequestTimeout());
		client.setHeartbeatInterval(properties.getHeartbeatInterval());
		client.setSilenceTimeout(properties.getSilenceTimeout());
		TradovateWebSocketProperties.Reconnect reconnect = properties.getReconnect();
		client.setReconnectBackOff(reconnect.getInitialDelay(), reconnect.getMaxDelay(), reconnect.getMultiplier(),
				reconnect.getJitter());
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
