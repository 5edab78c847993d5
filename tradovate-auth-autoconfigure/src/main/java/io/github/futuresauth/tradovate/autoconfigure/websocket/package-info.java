/**
 * Auto-configuration of the WebSockets to Tradovate, with their health and metrics.
 */
@NullMarked
package io.github.futuresauth.tradovate.autoconfigure.websocket;

import org.jspecify.annotations.NullMarked;
