/**
 * Auto-configuration of a token store in Redis that a fleet shares, with its health
 * indicator and metrics.
 */
@NullMarked
package io.github.futuresauth.tradovate.autoconfigure.redis;

import org.jspecify.annotations.NullMarked;
