package io.github.futuresauth.tradovate.auth.oauth;

import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

/**
 * Where the refresh token of one OAuth user is kept, so that any instance that serves the
 * user can refresh its token, and one that restarts still can. Tradovate may rotate the
 * refresh token on every use, and refuse one it has replaced: a replacement is made only
 * if the token it replaces is still the current one.
 */
public interface RefreshTokens {

	/**
	 * Return the current refresh token.
	 * @return the token, or {@code null} when Tradovate gave none, or refused the last
	 */
	@Nullable String get();

	/**
	 * Replace the refresh token that was used, with the one that came back or, when
	 * Tradovate refused it, with none. Does nothing when another caller replaced it
	 * meanwhile.
	 * @param used the refresh token that was used
	 * @param replacement the new refresh token, or {@code null} to forget it
	 */
	void replace(String used, @Nullable String replacement);

	/**
	 * Return refresh tokens kept in this JVM alone, for a user whom only this instance
	 * serves.
	 * @param refreshToken the refresh token, or {@code null}
	 * @return the refresh tokens
	 */
	static RefreshTokens inMemory(@Nullable String refreshToken) {
		AtomicReference<@Nullable String> current = new AtomicReference<>(refreshToken);
		return new RefreshTokens() {

			@Override
			public @Nullable String get() {
				return current.get();
			}

			@Override
			public void replace(String used, @Nullable String replacement) {
				current.compareAndSet(used, replacement);
			}

			@Override
			public String toString() {
				return "RefreshTokens[inMemory]";
			}

		};
	}

}
