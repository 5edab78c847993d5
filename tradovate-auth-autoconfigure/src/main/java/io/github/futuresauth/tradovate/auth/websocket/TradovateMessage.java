package io.github.futuresauth.tradovate.auth.websocket;

/**
 * A message in an {@code a} frame: a {@link TradovateResponse} to a request, or a
 * {@link TradovateEvent} that the server pushed.
 */
public sealed interface TradovateMessage permits TradovateResponse, TradovateEvent {

}
