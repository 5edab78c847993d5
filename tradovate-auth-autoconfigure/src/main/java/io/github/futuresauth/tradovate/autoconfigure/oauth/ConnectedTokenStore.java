package io.github.futuresauth.tradovate.autoconfigure.oauth;

import java.time.Duration;

import io.github.futuresauth.tradovate.auth.AccessToken;
import io.github.futuresauth.tradovate.auth.AuthLedger;
import io.github.futuresauth.tradovate.auth.Lease;
import io.github.futuresauth.tradovate.auth.StoredToken;
import io.github.futuresauth.tradovate.auth.TokenStore;
import org.jspecify.annotations.Nullable;

/**
 * The token store of a user who connected through OAuth, as that user's provider sees it:
 * it stores a token only while the user's connection is in the store. A disconnect
 * removes the connection before the token, so that no instance of the fleet, this one
 * included, writes back a token that it still holds (a renewal under way, a token given
 * back to a store that seems to have lost it) once the user has disconnected.
 */
final class ConnectedTokenStore implements TokenStore {

	private static final Duration LEASE = Duration.ofSeconds(10);

	private final TokenStore tokens;

	private final TokenStore connection;

	private final String owner;

	/**
	 * Create the view.
	 * @param tokens the store of the user's token
	 * @param connection the store of the user's connection
	 * @param owner who takes the connection's lease to read it, apart from every other
	 * owner
	 */
	ConnectedTokenStore(TokenStore tokens, TokenStore connection, String owner) {
		this.tokens = tokens;
		this.connection = connection;
		this.owner = owner;
	}

	@Override
	public @Nullable StoredToken current() {
		return this.tokens.current();
	}

	@Override
	public @Nullable StoredToken read() {
		return this.tokens.read();
	}

	@Override
	public boolean isReachable() {
		return this.tokens.isReachable();
	}

	@Override
	public AuthLedger ledger() {
		return this.tokens.ledger();
	}

	@Override
	public @Nullable Lease tryAcquireLease(String owner, Duration ttl) {
		return this.tokens.tryAcquireLease(owner, ttl);
	}

	@Override
	public void releaseLease(Lease lease) {
		this.tokens.releaseLease(lease);
	}

	@Override
	public @Nullable StoredToken compareAndSet(long expectedVersion, AccessToken token, Lease lease) {
		return isConnected() ? this.tokens.compareAndSet(expectedVersion, token, lease) : null;
	}

	@Override
	public boolean remove(long version, Lease lease) {
		return this.tokens.remove(version, lease);
	}

	@Override
	public boolean saveLedger(AuthLedger ledger, Lease lease) {
		return this.tokens.saveLedger(ledger, lease);
	}

	@Override
	public void addChangeListener(Runnable listener) {
		this.tokens.addChangeListener(listener);
	}

	/**
	 * Whether the user's connection is in the store: as the store holds it, read under
	 * its lease, or, when another holds the lease, as this instance last saw it.
	 */
	private boolean isConnected() {
		Lease lease = this.connection.tryAcquireLease(this.owner, LEASE);
		if (lease == null) {
			return this.connection.current() != null;
		}
		try {
			return this.connection.read() != null;
		}
		finally {
			this.connection.releaseLease(lease);
		}
	}

	@Override
	public String toString() {
		return "ConnectedTokenStore[" + this.tokens + "]";
	}

}
