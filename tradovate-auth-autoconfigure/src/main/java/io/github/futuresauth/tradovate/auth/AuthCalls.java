package io.github.futuresauth.tradovate.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

/**
 * The requests to Tradovate's {@code /auth/*} endpoints, each sent only when the
 * {@link AuthBudget} allows it and after the {@link AuthLedger} recorded it under the
 * caller's lease, so that a holder whose lease has passed sends nothing. Each returns an
 * {@link Outcome}; what to do about it (schedule, publish, retry, log in) is the
 * caller's. Callers hold the lock and the lease.
 */
final class AuthCalls {

	private final TradovateAuthClient client;

	private final TradovateCredentials credentials;

	private final String owner;

	private final FleetView fleet;

	private final Supplier<AuthBudget> budget;

	private final Supplier<ServerClock> serverClock;

	/** The limits this user shares with every other user of the network address. */
	private volatile AuthNetwork network = new AuthNetwork();

	/** This user's part in the shared network's plan of renewals, or {@code null}. */
	private volatile RenewalPlan.@Nullable Member member;

	/** The ticket of the latest time penalty, kept until a login carries it. */
	private volatile @Nullable String penaltyTicket;

	AuthCalls(TradovateAuthClient client, TradovateCredentials credentials, String owner, FleetView fleet,
			Supplier<AuthBudget> budget, Supplier<ServerClock> serverClock) {
		this.client = client;
		this.credentials = credentials;
		this.owner = owner;
		this.fleet = fleet;
		this.budget = budget;
		this.serverClock = serverClock;
	}

	/**
	 * Share a network's limits, and take part in its plan of renewals.
	 * @param network the network
	 * @return this user's part in the plan
	 */
	RenewalPlan.Member setNetwork(AuthNetwork network) {
		RenewalPlan.Member previous = this.member;
		if (previous != null) {
			previous.leave();
		}
		RenewalPlan.Member member = network.plan().join(() -> budget().getLimits());
		this.network = network;
		this.member = member;
		return member;
	}

	/**
	 * Log in as the client does: with the password, or, for a user who has none, by a
	 * grant that is no login by Tradovate's count (see {@link AuthRequest}).
	 * @param lease the caller's lease
	 * @param interruptHold how long to hold logins after one interrupted once sent
	 * @return the outcome
	 */
	Outcome login(Lease lease, Duration interruptHold) {
		return (this.client.loginRequest() == AuthRequest.ACCESS_TOKEN_REQUEST) ? passwordLogin(lease, interruptHold)
				: grant(lease, interruptHold);
	}

	/**
	 * Log in with the password, with the ticket of the latest penalty if there is one.
	 */
	private Outcome passwordLogin(Lease lease, Duration interruptHold) {
		TokenStore store = this.fleet.store();
		Instant now = now();
		AuthLedger ledger = store.ledger().trimmed(now);
		Hold hold = budget().loginHold(ledger, now, this.owner, this.credentials);
		hold = (hold != null) ? hold
				: this.network.reserve(now, (network) -> budget().loginHold(network, now, this.owner, this.credentials),
						(network) -> budget().loginAttemptFailed(network, now));
		if (hold != null) {
			return new Held(hold);
		}
		// Counted before it goes out, under the lease: a holder whose lease was taken
		// over while it was paused finds out here, before it opens a session nobody
		// keeps.
		AuthLedger attempted = budget().loginAttemptFailed(ledger, now);
		if (!store.saveLedger(attempted, lease)) {
			this.network.update((network) -> network.withoutFailedLogin(now));
			return new LeaseLost();
		}
		try {
			AccessToken token = requireUnexpired(this.client.login(this.credentials, penaltyTicket(ledger)));
			this.penaltyTicket = null;
			// A login went through from this address: no penalty or captcha holds it.
			this.network.update((network) -> network.withoutFailedLogin(now).withHold(null));
			return new Token(token, store.saveLedger(budget().loginSucceeded(ledger, now()), lease));
		}
		catch (TradovateAuthException ex) {
			if (ex instanceof TimePenaltyException || ex instanceof CaptchaRequiredException) {
				// Keyed to the address: every user's logins wait, and only this one
				// carries the ticket.
				this.network
					.update((network) -> budget().loginFailed(network, now(), ex, this.owner, this.credentials));
			}
			if (ex instanceof TimePenaltyException penalty) {
				this.penaltyTicket = penalty.getTicket();
			}
			else if (!ex.isTransient()) {
				// Answered, so the ticket, if one was sent, has been used.
				this.penaltyTicket = null;
			}
			return loginFailed(store, attempted, lease, interruptHold, ex);
		}
	}

	/**
	 * Ask for a token without a password ({@code /auth/oauthtoken}), or learn from the
	 * client that nothing can be sent. No login by Tradovate's count: the address's
	 * failed logins, penalty and captcha neither hold it nor learn from it. This user's
	 * own holds, a {@code 429} among them, still do, and it goes out under the lease.
	 */
	private Outcome grant(Lease lease, Duration interruptHold) {
		TokenStore store = this.fleet.store();
		Instant now = now();
		AuthLedger ledger = store.ledger().trimmed(now);
		Hold hold = budget().loginHold(ledger, now, this.owner, this.credentials);
		if (hold != null) {
			return new Held(hold);
		}
		// Nothing to count, but the lease is proved before anything goes out.
		if (!store.saveLedger(ledger, lease)) {
			return new LeaseLost();
		}
		try {
			AccessToken token = requireUnexpired(this.client.login(this.credentials, null));
			return new Token(token, store.saveLedger(budget().loginSucceeded(ledger, now()), lease));
		}
		catch (TradovateAuthException ex) {
			return loginFailed(store, ledger, lease, interruptHold, ex);
		}
	}

	/**
	 * What a failed login brought: refused (the credentials, an inactive user, a user who
	 * must authorize the application again), or failed otherwise.
	 */
	private Outcome loginFailed(TokenStore store, AuthLedger ledger, Lease lease, Duration interruptHold,
			TradovateAuthException ex) {
		if (Thread.currentThread().isInterrupted()) {
			// The login went out and its answer was lost to the interrupt: it may have
			// opened a session, so none is sent again at once, here or by a caller who
			// takes over.
			store.saveLedger(
					ledger.withHold(new Hold(HoldReason.UNAVAILABLE, now().plus(interruptHold),
							"A login was interrupted after it was sent, and may have opened a session", 0, null, null)),
					lease);
			return new Failed(new CallRetry.InterruptedLoginException("Interrupted while logging in to Tradovate", ex));
		}
		return (ex instanceof CredentialsRejectedException || ex instanceof UserNotActiveException) ? new Rejected(ex)
				: new Failed(ex);
	}

	/**
	 * The ticket of the latest time penalty: this instance's own, or, when another
	 * process received it and has ended since, the one the store kept.
	 */
	private @Nullable String penaltyTicket(AuthLedger ledger) {
		Hold hold = ledger.hold();
		return (this.penaltyTicket != null || hold == null || hold.reason() != HoldReason.PENALTY) ? this.penaltyTicket
				: hold.ticket();
	}

	/**
	 * Record a renewal on the network, if the network allows it. With a shared network,
	 * the slots planned for the other users count too.
	 * @param now Tradovate's time
	 * @return the hold that stops the renewal, or {@code null} when it was recorded
	 */
	@Nullable Hold reserveRenewal(Instant now) {
		RenewalPlan.Member member = this.member;
		UnaryOperator<AuthLedger> sent = (network) -> budget().renewalSent(network, now);
		return (member != null) ? member.reserve(now, budget()::renewalHold, sent)
				: this.network.reserve(now, budget()::renewalHold, sent);
	}

	/**
	 * Return whether a renewal now goes to {@code /auth/renewaccesstoken}, the only
	 * request that Tradovate counts as one: a client may renew otherwise, or send
	 * nothing.
	 * @return whether a renewal is to be reserved and counted
	 */
	boolean isRenewal() {
		return this.client.renewalRequest() == AuthRequest.RENEW_ACCESS_TOKEN;
	}

	/**
	 * Renew a token. A {@code 429} holds every request to {@code /auth/*}.
	 * @param lease the caller's lease
	 * @param token the token to renew
	 * @return the outcome
	 */
	Outcome renew(Lease lease, AccessToken token) {
		TokenStore store = this.fleet.store();
		Instant now = now();
		AuthLedger ledger = store.ledger().trimmed(now);
		boolean renewal = isRenewal();
		Hold hold = budget().authHold(ledger, now);
		hold = (hold != null || !renewal) ? hold : budget().renewalHold(ledger);
		// A renewal reserved on the network but not sent, its lease lost, stays counted
		// there for the hour: an error on the side of the budget.
		hold = (hold != null || !renewal) ? hold : reserveRenewal(now);
		if (hold != null) {
			return new Held(hold);
		}
		if (!store.saveLedger(renewal ? budget().renewalSent(ledger, now) : ledger, lease)) {
			return new LeaseLost();
		}
		try {
			return new Token(requireUnexpired(this.client.renew(token)), true);
		}
		catch (TokenRejectedException | ReauthorizationRequiredException ex) {
			// Refused, or nothing can be sent until the user authorizes the application
			// again: trying again changes neither.
			return new Rejected(ex);
		}
		catch (TradovateAuthException ex) {
			if (ex instanceof TradovateUnavailableException unavailable && unavailable.isTooManyRequests()) {
				Hold held = tooManyRequests(lease, unavailable, "a renewal");
				if (held != null) {
					return new Held(held);
				}
			}
			return new Failed(ex);
		}
	}

	/**
	 * Ask {@code /auth/me} whether a token still works.
	 * @param lease the caller's lease
	 * @param token the token
	 * @return the outcome: the token when it works, rejected when it does not, held when
	 * the budget or a {@code 429} stops the check
	 */
	Outcome me(Lease lease, AccessToken token) {
		TokenStore store = this.fleet.store();
		Instant now = now();
		AuthLedger ledger = store.ledger().trimmed(now);
		Hold hold = budget().authHold(ledger, now);
		hold = (hold != null) ? hold : budget().checkHold(ledger);
		hold = (hold != null) ? hold
				: this.network.reserve(now, budget()::checkHold, (network) -> budget().checkSent(network, now));
		if (hold != null) {
			return new Held(hold);
		}
		if (!store.saveLedger(budget().checkSent(ledger, now), lease)) {
			return new LeaseLost();
		}
		try {
			this.client.me(token);
			return new Token(token, true);
		}
		catch (TokenRejectedException ex) {
			return new Rejected(ex);
		}
		catch (TradovateUnavailableException ex) {
			Hold held = ex.isTooManyRequests() ? tooManyRequests(lease, ex, "/auth/me") : null;
			return (held != null) ? new Held(held) : new Failed(ex);
		}
		catch (TradovateAuthException ex) {
			// Answered, though not as expected: the session is there.
			return new Token(token, true);
		}
	}

	/**
	 * End a captcha hold on this network address, once a person has solved it.
	 * @return whether there was one, and it was ended
	 */
	boolean clearNetworkCaptcha() {
		Hold hold = this.network.ledger(now()).hold();
		if (hold == null || hold.reason() != HoldReason.CAPTCHA) {
			return false;
		}
		return this.network.update((network) -> hold.equals(network.hold()) ? network.withHold(null) : network);
	}

	/**
	 * Ask, without a token, whether Tradovate is up; counts against no budget.
	 * @return whether it answered as it does when it is up
	 */
	boolean isUp() {
		return this.client.isUp();
	}

	/** Holds every request to /auth/* after a 429. */
	private @Nullable Hold tooManyRequests(Lease lease, TradovateUnavailableException ex, String what) {
		Instant now = now();
		AuthLedger ledger = budget().tooManyRequests(this.fleet.store().ledger().trimmed(now), now, ex.getRetryAfter(),
				what);
		this.fleet.store().saveLedger(ledger, lease);
		return budget().authHold(ledger, now);
	}

	/**
	 * Refuses a token that has already expired in Tradovate's time as it arrives. Serving
	 * it would send callers straight back to log in, and each login opens a session.
	 */
	AccessToken requireUnexpired(AccessToken token) {
		Instant now = now();
		if (token.isExpired(now)) {
			throw new TradovateAuthException("Tradovate issued a token that expires at " + token.expirationTime()
					+ ", which has passed by Tradovate's own clock (" + now + ")");
		}
		return token;
	}

	private AuthBudget budget() {
		return this.budget.get();
	}

	private Instant now() {
		return this.serverClock.get().instant();
	}

	/** What a request to {@code /auth/*} brought. */
	sealed interface Outcome permits Token, Held, Rejected, Failed, LeaseLost {

	}

	/**
	 * A token: issued, renewed, or vouched for by {@code /auth/me}.
	 *
	 * @param token the token
	 * @param recorded whether the ledger recorded it under the lease
	 */
	record Token(AccessToken token, boolean recorded) implements Outcome {

	}

	/**
	 * Not sent: a hold is in force, or was put in force by the answer ({@code 429}).
	 *
	 * @param hold the hold
	 */
	record Held(Hold hold) implements Outcome {

	}

	/**
	 * Refused: the credentials (a login), or the token (a renewal or check, {@code 401}
	 * or {@code errorText}); or not sent, since only the user can restore the token by
	 * authorizing the application again ({@link ReauthorizationRequiredException}).
	 *
	 * @param failure what Tradovate said
	 */
	record Rejected(TradovateAuthException failure) implements Outcome {

	}

	/**
	 * Failed otherwise: a penalty, a captcha, an outage, no answer, an interrupt.
	 *
	 * @param failure the failure
	 */
	record Failed(TradovateAuthException failure) implements Outcome {

	}

	/** Not sent: the lease passed to another instance. */
	record LeaseLost() implements Outcome {

	}

}
