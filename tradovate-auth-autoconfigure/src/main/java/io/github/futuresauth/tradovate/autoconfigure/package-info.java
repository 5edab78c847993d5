/**
 * Spring Boot auto-configuration for authenticating to the Tradovate REST API.
 */
@NullMarked
package io.github.futuresauth.tradovate.autoconfigure;

import org.jspecify.annotations.NullMarked;
