package io.github.futuresauth.tradovate.auth;

import org.jspecify.annotations.Nullable;

/**
 * The user that a token belongs to, as {@code /auth/me} describes it.
 *
 * @param userId the user's id
 * @param name the user name
 * @param fullName the user's full name, or {@code null}
 * @param email the user's e-mail address, or {@code null}
 * @param emailVerified whether the e-mail address was verified
 * @param trial whether the user is on a trial
 */
public record TradovateUser(long userId, String name, @Nullable String fullName, @Nullable String email,
		boolean emailVerified, boolean trial) {

}
