package io.github.futuresauth.tradovate.auth;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Where an {@link AuthNetwork} keeps its ledger: in this JVM, or shared by every instance
 * of a fleet behind the network address, so that the address's hourly limits are counted
 * once for all of them.
 * <p>
 * Implementations must be thread-safe. They are used only around requests to
 * {@code /auth/*}, never on the path of other requests.
 */
public interface NetworkLedgerStore {

	/**
	 * Return the ledger as it is now.
	 * @return the ledger, {@link AuthLedger#EMPTY} when nothing was recorded
	 */
	AuthLedger read();

	/**
	 * Replace the ledger, if it is still the one that was read.
	 * @param expected the ledger as {@link #read()} returned it
	 * @param updated the new ledger
	 * @return whether it was replaced: {@code false} when it changed meanwhile
	 */
	boolean compareAndSet(AuthLedger expected, AuthLedger updated);

	/**
	 * Return a store in this JVM.
	 * @return a new, empty store
	 */
	static NetworkLedgerStore inMemory() {
		AtomicReference<AuthLedger> ledger = new AtomicReference<>(AuthLedger.EMPTY);
		return new NetworkLedgerStore() {

			@Override
			public AuthLedger read() {
				return ledger.get();
			}

			@Override
			public boolean compareAndSet(AuthLedger expected, AuthLedger updated) {
				return ledger.compareAndSet(expected, updated);
			}

		};
	}

}
