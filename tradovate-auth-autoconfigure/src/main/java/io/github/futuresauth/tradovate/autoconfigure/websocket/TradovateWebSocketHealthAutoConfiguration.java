package io.github.futuresauth.tradovate.autoconfigure.websocket;

import io.github.futuresauth.tradovate.auth.websocket.TradovateWebSocketClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of a {@link TradovateWebSocketHealthIndicator} for the WebSocket
 * clients, contributed to the health endpoint as {@code tradovateWebSocket}. Turn it off
 * with {@code management.health.tradovate-websocket.enabled=false}.
 */
@AutoConfiguration(after = TradovateWebSocketAutoConfiguration.class)
@ConditionalOnClass(AbstractHealthIndicator.class)
@ConditionalOnBean(TradovateWebSocketClient.class)
@ConditionalOnEnabledHealthIndicator("tradovate-websocket")
public final class TradovateWebSocketHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "tradovateWebSocketHealthIndicator")
	TradovateWebSocketHealthIndicator tradovateWebSocketHealthIndicator(
			ObjectProvider<TradovateWebSocketClient> clients, ObjectProvider<TradovateWebSocketProperties> properties) {
		return new TradovateWebSocketHealthIndicator(clients.orderedStream().toList(),
				properties.getIfAvailable(TradovateWebSocketProperties::new).getDownAfter());
	}

}
