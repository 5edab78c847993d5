package io.github.futuresauth.tradovate.auth;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Where the current access token, and the record of requests to {@code /auth/*}, are
 * kept: in this JVM ({@link InMemoryTokenStore}), or shared by every instance of a fleet
 * that logs in as the same user.
 * <p>
 * The store holds state and arbitrates; it never calls Tradovate.
 * {@link RenewingTokenProvider} decides when to log in and renew, and does so only while
 * it holds the store's {@link Lease}, so that one instance of a fleet at a time spends
 * the user's sessions and the network's request budget. Everything the lease holder
 * writes is checked against the lease's fencing number and the version it read, so that a
 * holder that lost its lease unknowingly cannot overwrite newer state.
 * <p>
 * Implementations must be thread-safe. {@link #current()} and {@link #ledger()} are on
 * the path of every request to Tradovate: they return a local copy and must never block
 * or do I/O. A shared store keeps that copy up to date by itself.
 *
 * @see InMemoryTokenStore
 */
public interface TokenStore {

	/**
	 * Return the current token, from a local copy.
	 * @return the token with its version, or {@code null} when there is none
	 */
	@Nullable StoredToken current();

	/**
	 * Return the current token as the store itself holds it. Only a lease holder calls
	 * it, before it decides to log in or renew, so that it never acts on a local copy
	 * that missed a change. The default returns {@link #current()}: a store whose local
	 * copy can lag behind must bring it up to date when it grants the lease, or override
	 * this method.
	 * @return the token with its version, or {@code null} when there is none
	 */
	default @Nullable StoredToken read() {
		return current();
	}

	/**
	 * Return whether the store can be reached now, so that an instance that cannot take
	 * the lease knows whether another instance holds it or nobody can. A store in this
	 * JVM always can.
	 * @return whether the latest attempt to reach the store succeeded
	 */
	default boolean isReachable() {
		return true;
	}

	/**
	 * Return the record of requests to {@code /auth/*} and of the holds in force, from a
	 * local copy.
	 * @return the ledger, {@link AuthLedger#EMPTY} when nothing was recorded
	 */
	AuthLedger ledger();

	/**
	 * Try to take the lease, for at most the given time.
	 * @param owner who asks, unique per provider instance
	 * @param ttl how long the lease lasts unless released earlier
	 * @return the lease, or {@code null} when another owner holds it, or the store cannot
	 * be reached
	 */
	@Nullable Lease tryAcquireLease(String owner, Duration ttl);

	/**
	 * Give the lease back. Does nothing when it has expired or passed to another owner.
	 * @param lease the lease to release
	 */
	void releaseLease(Lease lease);

	/**
	 * Store a token as the successor of the given version.
	 * @param expectedVersion the version the writer read, {@code 0} when it read no token
	 * @param token the new token
	 * @param lease the writer's lease
	 * @return the token as stored, with its new version, or {@code null} when the store
	 * no longer holds {@code expectedVersion} or the lease is no longer the latest grant
	 */
	@Nullable StoredToken compareAndSet(long expectedVersion, AccessToken token, Lease lease);

	/**
	 * Forget the token of the given version, if it is still the current one: Tradovate no
	 * longer accepts it.
	 * @param version the version of the token to forget
	 * @param lease the writer's lease
	 * @return whether the token was forgotten
	 */
	boolean remove(long version, Lease lease);

	/**
	 * Replace the ledger.
	 * @param ledger the new ledger
	 * @param lease the writer's lease
	 * @return whether it was stored: {@code false} when the lease is no longer the latest
	 * grant
	 */
	boolean saveLedger(AuthLedger ledger, Lease lease);

	/**
	 * Register a callback that runs whenever the token or the ledger changes, here or,
	 * for a shared store, on another instance. It runs on a thread of the store's, and
	 * must be quick.
	 * @param listener the callback
	 */
	default void addChangeListener(Runnable listener) {
	}

}
