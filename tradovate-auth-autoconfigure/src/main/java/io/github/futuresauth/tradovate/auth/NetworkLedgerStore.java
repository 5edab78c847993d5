package io.github.futuresauth.tradovate.auth;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

/**
 * Where an {@link AuthNetwork} keeps its ledger: in this JVM, or shared by every instance
 * of a fleet behind the network address, so that the address's hourly limits are counted
 * once for all of them.
 * <p>
 * A change is a compare-and-set on what was read: {@link #read()} returns a
 * {@link Snapshot}, and {@link #compareAndSet(Snapshot, AuthLedger)} replaces the ledger
 * only if the store still holds what that snapshot was read from. Implementations must
 * decide that from what they read (the value as stored, a version), never by comparing
 * ledgers: a value that this version cannot read, or that another version wrote, would
 * otherwise never compare equal, and no change would ever succeed.
 * <p>
 * Implementations must be thread-safe. They are used only around requests to
 * {@code /auth/*}, never on the path of other requests.
 */
public interface NetworkLedgerStore {

	/**
	 * Return the ledger as it is now.
	 * @return the ledger as read: {@link AuthLedger#EMPTY} when nothing was recorded, or
	 * when what was recorded cannot be read, which the next change then replaces
	 */
	Snapshot read();

	/**
	 * Replace the ledger, if the store still holds what the given snapshot was read from.
	 * @param expected the snapshot as {@link #read()} returned it
	 * @param updated the new ledger
	 * @return whether it was replaced: {@code false} when it changed meanwhile
	 */
	boolean compareAndSet(Snapshot expected, AuthLedger updated);

	/**
	 * Return a store in this JVM.
	 * @return a new, empty store
	 */
	static NetworkLedgerStore inMemory() {
		AtomicReference<Snapshot> ledger = new AtomicReference<>(new Snapshot(AuthLedger.EMPTY, null));
		return new NetworkLedgerStore() {

			@Override
			public Snapshot read() {
				return ledger.get();
			}

			@Override
			public boolean compareAndSet(Snapshot expected, AuthLedger updated) {
				// The snapshot itself tells whether anything changed since it was read.
				return ledger.compareAndSet(expected, new Snapshot(updated, null));
			}

		};
	}

	/**
	 * A ledger as a store read it.
	 *
	 * @param ledger the ledger
	 * @param version what tells the store that read it whether it still holds the same
	 * value, such as a digest of the value as stored; opaque to everyone else, and
	 * {@code null} when the store needs none
	 */
	record Snapshot(AuthLedger ledger, @Nullable String version) {

		public Snapshot {
			Objects.requireNonNull(ledger, "ledger must not be null");
		}

	}

}
