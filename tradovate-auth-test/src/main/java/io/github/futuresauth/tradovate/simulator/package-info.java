/**
 * An in-process stand-in for Tradovate's authentication API, for tests and local runs.
 *
 * <p>
 * {@link io.github.futuresauth.tradovate.simulator.TradovateSimulator} serves the login,
 * renewal and {@code /auth/me} endpoints plus a few ordinary bearer-protected endpoints
 * over real HTTP on the loopback interface. It enforces the rules a client has to live
 * with (two sessions per user, expiring tokens, time penalties, hourly endpoint limits
 * per caller address, a server clock that need not agree with the client's) and can
 * inject faults, while its {@link io.github.futuresauth.tradovate.simulator.Journal}
 * records what the client did.
 */
@NullMarked
package io.github.futuresauth.tradovate.simulator;

import org.jspecify.annotations.NullMarked;
