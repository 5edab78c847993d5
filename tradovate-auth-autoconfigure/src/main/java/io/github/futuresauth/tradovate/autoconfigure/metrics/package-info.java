/**
 * Micrometer meters for logins, renewals and failures of the Tradovate access token.
 */
@NullMarked
package io.github.futuresauth.tradovate.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
