package io.github.futuresauth.tradovate.auth.websocket;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a request cannot be sent on a Tradovate WebSocket or its socket closed
 * before the response arrived. Messages never contain a token or a penalty ticket.
 */
public class TradovateWebSocketException extends RuntimeException {

	public TradovateWebSocketException(String message) {
		super(message);
	}

	public TradovateWebSocketException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
