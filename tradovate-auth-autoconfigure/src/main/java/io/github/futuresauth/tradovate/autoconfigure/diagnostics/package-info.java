/**
 * Failure analyzers that explain why an application using Tradovate authentication failed
 * to start, and what to change. They never show a password, an API secret or a token.
 */
@NullMarked
package io.github.futuresauth.tradovate.autoconfigure.diagnostics;

import org.jspecify.annotations.NullMarked;
