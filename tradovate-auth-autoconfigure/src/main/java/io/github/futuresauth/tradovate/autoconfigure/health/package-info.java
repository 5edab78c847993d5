/**
 * Health indicator for the Tradovate access token.
 */
@NullMarked
package io.github.futuresauth.tradovate.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
