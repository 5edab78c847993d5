package io.github.futuresauth.tradovate.auth.websocket;

import java.util.List;

/**
 * A frame that Tradovate sends on a WebSocket. The first character says what it is:
 * {@code o} (the socket is open), {@code h} (heartbeat), {@code a} followed by a JSON
 * array of messages, or {@code c}, bare or followed by a JSON array of a close code and a
 * reason.
 *
 * @see TradovateFrameParser
 */
public sealed interface TradovateFrame {

	/**
	 * The socket is open and waits for {@code authorize}.
	 */
	record Open() implements TradovateFrame {

	}

	/**
	 * The server is alive.
	 */
	record Heartbeat() implements TradovateFrame {

	}

	/**
	 * Responses to requests and pushed events.
	 *
	 * @param messages the messages, in the order the server sent them
	 */
	record Messages(List<TradovateMessage> messages) implements TradovateFrame {

		public Messages {
			messages = List.copyOf(messages);
		}

	}

	/**
	 * The server closes the socket.
	 *
	 * @param code the close code, or {@code 0} when the server sent none
	 * @param reason the reason, empty when the server sent none
	 */
	record Closed(int code, String reason) implements TradovateFrame {

	}

}
