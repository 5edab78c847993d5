package io.github.futuresauth.tradovate.auth;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * What one instance knows of the token and ledger that a fleet shares through a
 * {@link TokenStore}: the store's copy, read lock-free; the lease that one instance holds
 * at a time; a token renewed while the store could not be reached, written back when it
 * can be again; and the last token and ledger known to be good, given back to a store
 * that lost everything (a Redis restarted empty). Store changes made by any instance wake
 * the callers that wait for one.
 */
final class FleetView {

	private static final Log logger = LogFactory.getLog(FleetView.class);

	private final Consumer<StoredToken> tokenArrived;

	private final Object monitor = new Object();

	private TokenStore store = new InMemoryTokenStore();

	/**
	 * A token renewed while the store could not be reached, with the version of the
	 * stored token it was renewed from: it serves this instance until the store holds a
	 * newer version.
	 */
	private volatile @Nullable StoredToken localRenewal;

	/** When renewals went out while the store could not be reached. */
	private final List<Instant> renewalsWithoutStore = new ArrayList<>();

	/** The latest token this instance knew to be good. */
	private volatile @Nullable AccessToken lastKnown;

	/** The latest ledger this instance saw. */
	private volatile AuthLedger knownLedger = AuthLedger.EMPTY;

	/**
	 * Create a view.
	 * @param tokenArrived told of every token that the store holds after a change
	 */
	FleetView(Consumer<StoredToken> tokenArrived) {
		this.tokenArrived = tokenArrived;
	}

	void setStore(TokenStore store) {
		this.store = store;
		store.addChangeListener(this::storeChanged);
	}

	TokenStore store() {
		return this.store;
	}

	/** The store's token, or one renewed while the store could not be reached. */
	@Nullable StoredToken current() {
		StoredToken stored = this.store.current();
		StoredToken local = this.localRenewal;
		return (local == null || (stored != null && stored.version() > local.version())) ? stored : local;
	}

	@Nullable AccessToken lastKnown() {
		return this.lastKnown;
	}

	/** Remembers a token that Tradovate issued or renewed. */
	void known(AccessToken token) {
		this.lastKnown = token;
	}

	/** Forgets a token that no longer works, here and as renewed without the store. */
	void forget() {
		this.lastKnown = null;
		this.localRenewal = null;
	}

	/**
	 * Runs an action while holding the store's lease.
	 * @return what the action returned, or {@code null} when another instance holds the
	 * lease or the store cannot be reached
	 */
	<T> @Nullable T withLease(String owner, Duration leaseTime, Function<Lease, T> action) {
		Lease lease = this.store.tryAcquireLease(owner, leaseTime);
		if (lease == null) {
			return null;
		}
		try {
			return action.apply(lease);
		}
		finally {
			this.store.releaseLease(lease);
		}
	}

	/**
	 * Return the ledger with the renewals sent while the store could not be reached.
	 * @param now Tradovate's time
	 * @return the ledger, trimmed to the last hour
	 */
	AuthLedger ledgerWithLocalRenewals(Instant now) {
		AuthLedger ledger = this.store.ledger();
		synchronized (this.renewalsWithoutStore) {
			for (Instant at : this.renewalsWithoutStore) {
				ledger = ledger.withRenewal(at);
			}
		}
		return ledger.trimmed(now);
	}

	/** Records a renewal about to go out while the store cannot be reached. */
	void renewalSentWithoutStore(Instant now) {
		synchronized (this.renewalsWithoutStore) {
			this.renewalsWithoutStore.removeIf((at) -> !at.isAfter(now.minus(AuthLedger.WINDOW)));
			this.renewalsWithoutStore.add(now);
		}
	}

	/** Serves a token renewed while the store could not be reached. */
	void renewedWithoutStore(StoredToken local) {
		this.localRenewal = local;
		this.lastKnown = local.token();
	}

	/**
	 * Writes what was renewed while the store could not be reached back to the store,
	 * unless the fleet has moved on to a newer token meanwhile. Callers hold the lease.
	 * @param lease the lease
	 * @param fresh the token that the store holds
	 * @param now Tradovate's time
	 * @return the token that the store now holds
	 */
	@Nullable StoredToken writeBack(Lease lease, @Nullable StoredToken fresh, Instant now) {
		synchronized (this.renewalsWithoutStore) {
			if (!this.renewalsWithoutStore.isEmpty() && this.store.saveLedger(ledgerWithLocalRenewals(now), lease)) {
				this.renewalsWithoutStore.clear();
			}
		}
		StoredToken local = this.localRenewal;
		if (local == null) {
			return fresh;
		}
		this.localRenewal = null;
		if (fresh != null && fresh.version() > local.version()) {
			return fresh;
		}
		StoredToken written = this.store.compareAndSet((fresh != null) ? fresh.version() : 0, local.token(), lease);
		return (written != null) ? written : this.store.read();
	}

	/**
	 * Gives a store that lost everything the ledger this instance last saw: its holds, a
	 * penalty's holder and the requests counted. Callers hold the lease.
	 * @param lease the lease
	 * @param now Tradovate's time
	 */
	void restoreLedger(Lease lease, Instant now) {
		AuthLedger known = this.knownLedger;
		if (isEmpty(this.store.ledger()) && !isEmpty(known) && this.store.saveLedger(known.trimmed(now), lease)) {
			logger.info("Gave the token store, which had lost it, the record of requests to Tradovate's /auth/*"
					+ " and the holds in force");
		}
	}

	/**
	 * Waits for a change of the store, or until the given time.
	 * @param nanos how long to wait at most
	 * @throws InterruptedException when interrupted
	 */
	void awaitChange(long nanos) throws InterruptedException {
		synchronized (this.monitor) {
			TimeUnit.NANOSECONDS.timedWait(this.monitor, nanos);
		}
	}

	/** Wakes every caller that waits for a change. */
	void wakeAll() {
		synchronized (this.monitor) {
			this.monitor.notifyAll();
		}
	}

	private void storeChanged() {
		AuthLedger ledger = this.store.ledger();
		if (!isEmpty(ledger)) {
			this.knownLedger = ledger;
		}
		StoredToken stored = this.store.current();
		if (stored != null) {
			this.lastKnown = stored.token();
			this.tokenArrived.accept(stored);
		}
		else if (ledger.lastLogin() != null) {
			// Another instance forgot the token because it no longer works; a store that
			// lost everything (a Redis restarted empty) has lost its ledger too.
			this.lastKnown = null;
		}
		wakeAll();
	}

	private static boolean isEmpty(AuthLedger ledger) {
		return ledger.lastLogin() == null && ledger.hold() == null && ledger.failedLogins().isEmpty()
				&& ledger.renewals().isEmpty() && ledger.checks().isEmpty();
	}

	/**
	 * Return a name for this instance as a holder of the store's lease: the process, and
	 * a random part that sets apart the providers of one process.
	 * @return the owner id
	 */
	static String ownerId() {
		String process = ManagementFactory.getRuntimeMXBean().getName();
		return process + "/" + Integer.toHexString(ThreadLocalRandom.current().nextInt());
	}

}
