package io.github.futuresauth.tradovate.auth;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;

/**
 * A {@link TokenStore} that keeps the token and the ledger in this JVM, for one
 * application instance. Its lease is held by one owner at a time and released explicitly;
 * it does not expire, since an owner in the same JVM cannot be paused without the store
 * being paused too.
 */
public class InMemoryTokenStore implements TokenStore {

	private final Object monitor = new Object();

	private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

	private volatile @Nullable StoredToken current;

	private volatile AuthLedger ledger = AuthLedger.EMPTY;

	private @Nullable Lease lease;

	private long fences;

	private long versions;

	@Override
	public @Nullable StoredToken current() {
		return this.current;
	}

	@Override
	public AuthLedger ledger() {
		return this.ledger;
	}

	@Override
	public @Nullable Lease tryAcquireLease(String owner, Duration ttl) {
		synchronized (this.monitor) {
			if (this.lease != null && !this.lease.owner().equals(owner)) {
				return null;
			}
			this.lease = new Lease(owner, ++this.fences);
			return this.lease;
		}
	}

	@Override
	public void releaseLease(Lease lease) {
		synchronized (this.monitor) {
			if (lease.equals(this.lease)) {
				this.lease = null;
			}
		}
	}

	@Override
	public @Nullable StoredToken compareAndSet(long expectedVersion, AccessToken token, Lease lease) {
		StoredToken stored;
		synchronized (this.monitor) {
			StoredToken current = this.current;
			long currentVersion = (current != null) ? current.version() : 0;
			if (!lease.equals(this.lease) || currentVersion != expectedVersion) {
				return null;
			}
			stored = new StoredToken(token, Math.max(++this.versions, currentVersion + 1));
			this.versions = stored.version();
			this.current = stored;
		}
		notifyListeners();
		return stored;
	}

	@Override
	public boolean remove(long version, Lease lease) {
		synchronized (this.monitor) {
			StoredToken current = this.current;
			if (!lease.equals(this.lease) || current == null || current.version() != version) {
				return false;
			}
			this.current = null;
		}
		notifyListeners();
		return true;
	}

	@Override
	public boolean saveLedger(AuthLedger ledger, Lease lease) {
		synchronized (this.monitor) {
			if (!lease.equals(this.lease)) {
				return false;
			}
			this.ledger = ledger;
		}
		notifyListeners();
		return true;
	}

	@Override
	public void addChangeListener(Runnable listener) {
		this.listeners.add(listener);
	}

	private void notifyListeners() {
		this.listeners.forEach(Runnable::run);
	}

}
