package io.github.futuresauth.tradovate.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
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

	/**
	 * How many times a change is tried on the ledger. Each lost race means that the
	 * ledger changed meanwhile, which happens only as often as requests to
	 * {@code /auth/*} are recorded: a change that loses this many in a row meets a store
	 * that does not work as it should, and gives up rather than try for ever.
	 */
	static final int ATTEMPTS = 16;

	/** How long a request is held after it could not be recorded. */
	static final Duration UNRECORDED_HOLD = Duration.ofSeconds(5);

	private static final Log logger = LogFactory.getLog(AuthNetwork.class);

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
		return this.store.read().ledger().trimmed(now);
	}

	/**
	 * Record a request when the ledger allows it, as one step: users who ask at once
	 * cannot pass a limit together, each having seen room for one more.
	 * @param now Tradovate's time
	 * @param hold the hold that the ledger puts on the request, or {@code null}
	 * @param sent the ledger with the request recorded
	 * @return the hold that stops the request, or {@code null} when it was recorded; a
	 * request that could not be recorded in {@value #ATTEMPTS} attempts is held too,
	 * since one sent unrecorded could pass the limit that every other user keeps to
	 */
	public @Nullable Hold reserve(Instant now, Function<AuthLedger, @Nullable Hold> hold,
			UnaryOperator<AuthLedger> sent) {
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			NetworkLedgerStore.Snapshot current = this.store.read();
			AuthLedger trimmed = current.ledger().trimmed(now);
			Hold held = hold.apply(trimmed);
			if (held != null) {
				return held;
			}
			if (this.store.compareAndSet(current, sent.apply(trimmed))) {
				return null;
			}
		}
		logger.warn("Could not record a request to /auth/* in the ledger of this network address (" + this.store
				+ "), which changed under each of " + ATTEMPTS + " attempts: the request is not sent now");
		return new Hold(HoldReason.UNAVAILABLE, now.plus(UNRECORDED_HOLD),
				"the ledger of this network address's limits could not record the request, which is not sent"
						+ " unrecorded",
				0, null, null);
	}

	/**
	 * Return the plan of this network's renewals.
	 * @return the plan
	 */
	RenewalPlan plan() {
		return this.plan;
	}

	/**
	 * Change the ledger after a request was answered.
	 * @param change the change
	 * @return whether it was made; one that could not be made in {@value #ATTEMPTS}
	 * attempts is dropped, since the request has been sent either way
	 */
	boolean update(UnaryOperator<AuthLedger> change) {
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			NetworkLedgerStore.Snapshot current = this.store.read();
			if (this.store.compareAndSet(current, change.apply(current.ledger()))) {
				return true;
			}
		}
		logger.warn("Could not change the ledger of this network address (" + this.store
				+ "), which changed under each of " + ATTEMPTS + " attempts: the change is dropped");
		return false;
	}

	@Override
	public String toString() {
		return "AuthNetwork[" + this.store + "]";
	}

}
