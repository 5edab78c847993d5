package io.github.futuresauth.tradovate.simulator;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The authorization codes of a {@link SimulatedOAuth}: issued when a user approves an
 * application, and used up by the first attempt to exchange them, within
 * {@link SimulatedOAuth#CODE_LIFETIME}.
 *
 * <p>
 * Not thread-safe: {@link SimulatedOAuth} uses it only while holding its own lock.
 */
final class OAuthCodes {

	private final Clock clock;

	private final Journal journal;

	private final Map<String, IssuedCode> codes = new HashMap<>();

	/**
	 * Codes exchanged or refused, so that a replay can be told from an unknown code.
	 */
	private final Set<String> usedCodes = new HashSet<>();

	OAuthCodes(Clock serverClock, Journal journal) {
		this.clock = serverClock;
		this.journal = journal;
	}

	/**
	 * Issue a code for the given request, approved by the given user.
	 * @param request the authorization request
	 * @param user the user who approved it
	 * @return the code
	 */
	String issue(OAuthAuthorizationRequest request, SimulatedUser user) {
		String code = Secrets.newSecret();
		this.codes.put(code, new IssuedCode(request, user, this.clock.instant().plus(SimulatedOAuth.CODE_LIFETIME)));
		this.journal.tokenIssued(code);
		return code;
	}

	/**
	 * Use up the given code: whatever becomes of the exchange, it cannot be exchanged
	 * again.
	 * @param code the code
	 * @return the code as it was issued, or {@code null} when it is not known or was used
	 * up before
	 */
	@Nullable IssuedCode use(String code) {
		IssuedCode issued = this.codes.remove(code);
		if (issued != null) {
			this.usedCodes.add(code);
		}
		return issued;
	}

	/**
	 * Return whether the given code was issued and has been used up.
	 * @param code the code
	 * @return whether the code was used
	 */
	boolean wasUsed(String code) {
		return this.usedCodes.contains(code);
	}

	/**
	 * Forget the codes that the given user approved for the given application and that
	 * have not been exchanged yet, so that they are refused as unknown.
	 * @param client the application
	 * @param user the user
	 */
	void revoke(SimulatedOAuth.Client client, SimulatedUser user) {
		this.codes.values()
			.removeIf((code) -> code.request().client().equals(client) && code.user().name().equals(user.name()));
	}

	void clear() {
		this.codes.clear();
		this.usedCodes.clear();
	}

	/**
	 * A code as it was issued.
	 *
	 * @param request the authorization request it was issued for
	 * @param user the user who approved the request
	 * @param expiresAt when it can no longer be exchanged
	 */
	record IssuedCode(OAuthAuthorizationRequest request, SimulatedUser user, Instant expiresAt) {

		@Override
		public String toString() {
			return "IssuedCode[user=" + this.user.name() + ", expiresAt=" + this.expiresAt + "]";
		}

	}

}
