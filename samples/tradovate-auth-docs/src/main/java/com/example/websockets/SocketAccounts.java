package com.example.websockets;

import java.util.concurrent.ExecutionException;

import io.github.futuresauth.tradovate.auth.websocket.TradovateResponse;
import io.github.futuresauth.tradovate.auth.websocket.TradovateWebSocketClient;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

@Component
class SocketAccounts {

	private final TradovateWebSocketClient trading;

	SocketAccounts(@Qualifier("tradovateWebSocketClient") TradovateWebSocketClient trading) {
		this.trading = trading;
	}

	TradovateResponse list() throws InterruptedException, ExecutionException {
		return this.trading.request("account/list", null, null).get();
	}

}
