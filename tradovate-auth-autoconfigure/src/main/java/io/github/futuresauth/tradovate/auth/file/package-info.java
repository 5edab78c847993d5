/**
 * A {@link io.github.futuresauth.tradovate.auth.TokenStore} kept in an encrypted file, so
 * that a session outlives a restart of the process, and processes of one user on one
 * machine share one token, one lease and one request budget.
 */
@NullMarked
package io.github.futuresauth.tradovate.auth.file;

import org.jspecify.annotations.NullMarked;
