package io.github.futuresauth.tradovate.auth;

import java.time.Instant;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The share of Tradovate's limits that every user of one network address draws on.
 * Tradovate counts failed logins, renewals and {@code /auth/me} checks per address, not
 * per user, and a time penalty or a captcha holds every login from that address: the
 * providers of several users in one application share one {@code AuthNetwork} (see
 * {@link RenewingTokenProvider#setNetwork(AuthNetwork)}), and no request to
 * {@code /auth/*} goes out that it does not allow.
 * <p>
 * It keeps an {@link AuthLedger} of this network's requests, which the {@link AuthBudget}
 * decides from as it does from a user's own. What concerns one user alone (a refused
 * password, sessions closed elsewhere, a {@code 429}) stays in that user's ledger. The
 * ledger lives in this JVM unless a {@link NetworkLedgerStore} that the instances of a
 * fleet share keeps it.
 * <p>
 * Its {@link RenewalPlan} says when each of its users renews, so that their renewals
 * spread over the hour and stay within the limit.
 */
public final class AuthNetwork {

	private final NetworkLedgerStore store;

	/** Create a network whose ledger lives in this JVM. */
	public AuthNetwork() {
		this(NetworkLedgerStore.inMemory());
	}

	/**
	 * Create a network whose ledger lives in the given store, such as one that every
	 * instance of a fleet behind the address shares.
	 * @param store the store of the ledger
	 */
	public AuthNetwork(NetworkLedgerStore store) {
		Assert.notNull(store, "NetworkLedgerStore must not be null");
		this.store = store;
	}

	private final RenewalPlan plan = new RenewalPlan(this);

	/**
	 * Return the ledger of this network's requests in the last hour.
	 * @param now Tradovate's time
	 * @return the ledger
	 */
	public AuthLedger ledger(Instant now) {
		return this.store.read().trimmed(now);
	}

	/**
	 * Record a request when the ledger allows it, as one step: users who ask at once
	 * cannot pass a limit together, each having seen room for one more.
	 * @param now Tradovate's time
	 * @param hold the hold that the ledger puts on the request, or {@code null}
	 * @param sent the ledger with the request recorded
	 * @return the hold that stops the request, or {@code null} when it was recorded
	 */
	public @Nullable Hold reserve(Instant now, Function<AuthLedger, @Nullable Hold> hold,
			UnaryOperator<AuthLedger> sent) {
		while (true) {
			AuthLedger current = this.store.read();
			AuthLedger trimmed = current.trimmed(now);
			Hold held = hold.apply(trimmed);
			if (held != null) {
				return held;
			}
			if (this.store.compareAndSet(current, sent.apply(trimmed))) {
				return null;
			}
		}
	}

	/**
	 * Return the plan of this network's renewals.
	 * @return the plan
	 */
	RenewalPlan plan() {
		return this.plan;
	}

	void update(UnaryOperator<AuthLedger> change) {
		while (true) {
			AuthLedger current = this.store.read();
			if (this.store.compareAndSet(current, change.apply(current))) {
				return;
			}
		}
	}

	@Override
	public String toString() {
		return "AuthNetwork[" + this.store + "]";
	}

}
