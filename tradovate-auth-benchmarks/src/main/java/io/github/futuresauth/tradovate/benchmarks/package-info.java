/**
 * Benchmarks of the starter, side by side with a floor and with Spring Security's OAuth2
 * client.
 */
@NullMarked
package io.github.futuresauth.tradovate.benchmarks;

import org.jspecify.annotations.NullMarked;
