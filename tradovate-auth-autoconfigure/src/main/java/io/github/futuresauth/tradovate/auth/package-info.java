/**
 * Authentication to the Tradovate REST API with Spring Framework alone: the API client,
 * the {@link io.github.futuresauth.tradovate.auth.TokenProvider} that keeps one access
 * token renewed, and the interceptor that puts it on requests to Tradovate.
 */
@NullMarked
package io.github.futuresauth.tradovate.auth;

import org.jspecify.annotations.NullMarked;
