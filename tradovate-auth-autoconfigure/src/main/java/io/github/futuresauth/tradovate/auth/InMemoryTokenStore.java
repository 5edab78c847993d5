package io.github.futuresauth.tradovate.auth;

import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

/**
 * A {@link TokenStore} that keeps the token in this JVM.
 */
public class InMemoryTokenStore implements TokenStore {

	private final AtomicReference<@Nullable AccessToken> token = new AtomicReference<>();

	@Override
	public @Nullable AccessToken get() {
		return this.token.get();
	}

	@Override
	public void put(AccessToken token) {
		this.token.set(token);
	}

	@Override
	public void remove(AccessToken token) {
		this.token.compareAndSet(token, null);
	}

}
