/**
 * WebSockets to Tradovate with Spring Framework alone: the
 * {@link io.github.futuresauth.tradovate.auth.websocket.TradovateWebSocketClient} that
 * authorizes a socket with the token of a
 * {@link io.github.futuresauth.tradovate.auth.TokenProvider}, keeps it alive, subscribes
 * again after every reconnect. A socket is authorized once and kept across renewals.
 */
@NullMarked
package io.github.futuresauth.tradovate.auth.websocket;

import org.jspecify.annotations.NullMarked;
