package com.example.plain;

import io.github.futuresauth.tradovate.auth.TokenProvider;
import io.github.futuresauth.tradovate.auth.websocket.TradovateWebSocketClient;
import io.github.futuresauth.tradovate.auth.websocket.TradovateWebSocketListener;

class PlainWebSocket {

	static void streamUserEvents(TokenProvider tokenProvider, long userId, TradovateWebSocketListener listener) {
		TradovateWebSocketClient trading = new TradovateWebSocketClient("trading", TradovateWebSocketClient.DEMO_URL,
				TradovateWebSocketClient.Channel.TRADING, tokenProvider);
		trading.subscribe("user/syncrequest", "{\"users\":[" + userId + "]}", listener);
		// ...
		trading.close();
	}

}
