/**
 * A Spring Boot application that authenticates to Tradovate through the starter.
 */
@NullMarked
package io.github.futuresauth.tradovate.sample;

import org.jspecify.annotations.NullMarked;
