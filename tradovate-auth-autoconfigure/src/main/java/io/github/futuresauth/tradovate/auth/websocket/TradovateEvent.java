package io.github.futuresauth.tradovate.auth.websocket;

import tools.jackson.databind.JsonNode;

/**
 * An event that Tradovate pushed on a WebSocket, such as {@code props} (changes to the
 * user's entities, after {@code user/syncrequest}) or {@code md} (quotes, after
 * {@code md/subscribeQuote}).
 *
 * @param name the event name ({@code e})
 * @param data the data ({@code d}), a missing node when the event carries none
 */
public record TradovateEvent(String name, JsonNode data) implements TradovateMessage {

}
