/**
 * Auto-configuration of where the token is kept: a file by default, memory, or Redis.
 */
@NullMarked
package io.github.futuresauth.tradovate.autoconfigure.store;

import org.jspecify.annotations.NullMarked;
