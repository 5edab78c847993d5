/**
 * A {@link io.github.futuresauth.tradovate.auth.TokenStore} kept in Redis, so that every
 * instance of a fleet that logs in as the same user shares one token, one lease and one
 * request budget.
 */
@NullMarked
package io.github.futuresauth.tradovate.auth.redis;

import org.jspecify.annotations.NullMarked;
