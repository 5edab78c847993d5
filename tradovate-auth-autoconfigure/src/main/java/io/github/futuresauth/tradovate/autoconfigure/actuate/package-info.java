/**
 * Actuator support for Tradovate authentication: keeps the password and the API secret
 * out of the {@code env} and {@code configprops} endpoints.
 */
@NullMarked
package io.github.futuresauth.tradovate.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
