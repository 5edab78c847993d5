package com.example.websockets;

import io.github.futuresauth.tradovate.auth.TokenProvider;
import io.github.futuresauth.tradovate.auth.websocket.TradovateWebSocketClient;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

@Component
class Fills implements ApplicationRunner {

	private final TradovateWebSocketClient trading;

	private final TokenProvider tokenProvider;

	Fills(@Qualifier("tradovateWebSocketClient") TradovateWebSocketClient trading, TokenProvider tokenProvider) {
		this.trading = trading;
		this.tokenProvider = tokenProvider;
	}

	@Override
	public void run(ApplicationArguments args) {
		Long userId = this.tokenProvider.getToken().userId();
		this.trading.subscribe("user/syncrequest", "{\"users\":[" + userId + "]}", (event) -> {
			if (event.name().equals("props")) {
				JsonNode change = event.data(); // entityType, eventType, entity
				// ...
			}
		});
	}

}
