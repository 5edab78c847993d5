package io.github.futuresauth.tradovate.auth;

import java.util.Objects;

/**
 * The right, granted by a {@link TokenStore} to one owner at a time and for a limited
 * time, to send requests to Tradovate's {@code /auth/*} endpoints and to write what they
 * return.
 * <p>
 * Every grant carries a fencing number greater than that of every earlier grant. A store
 * accepts a write only from the latest grant, so that an owner whose lease expired while
 * it was paused (a long garbage collection, a stopped process) cannot overwrite what its
 * successor stored.
 *
 * @param owner who holds the lease, unique per provider instance
 * @param fence the fencing number of this grant
 */
public record Lease(String owner, long fence) {

	public Lease {
		Objects.requireNonNull(owner, "owner must not be null");
	}

}
