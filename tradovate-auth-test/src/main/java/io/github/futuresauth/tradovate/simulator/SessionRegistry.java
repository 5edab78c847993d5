package io.github.futuresauth.tradovate.simulator;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * The sessions of a {@link TradovateSimulator}'s users and the tokens issued in them.
 *
 * <p>
 * A user holds at most the session limit of open sessions; opening one more closes the
 * oldest. Tokens of closed sessions are kept until a reset, so that they can be refused
 * differently from unknown ones.
 *
 * <p>
 * Not thread-safe: {@link AuthenticationState} uses it only while holding its own lock,
 * so that a login opens a session and closes the oldest one as one step.
 */
final class SessionRegistry {

	private final Duration tokenLifetime;

	private final int sessionLimit;

	private final Journal journal;

	/**
	 * Open sessions per user name, oldest first.
	 */
	private final Map<String, Deque<Session>> openSessions = new HashMap<>();

	private final Map<String, IssuedToken> accessTokens = new HashMap<>();

	/**
	 * Market data tokens, valid while their session is open.
	 */
	private final Map<String, Session> marketDataTokens = new HashMap<>();

	SessionRegistry(Duration tokenLifetime, int sessionLimit, Journal journal) {
		this.tokenLifetime = tokenLifetime;
		this.sessionLimit = sessionLimit;
		this.journal = journal;
	}

	/**
	 * Open a session for the given user, closing the user's oldest session when the user
	 * then holds more than the session limit.
	 * @param user the user
	 * @param oauth whether an OAuth grant opens the session
	 * @return the new session
	 */
	Session open(SimulatedUser user, boolean oauth) {
		Deque<Session> sessions = this.openSessions.computeIfAbsent(user.name(), (name) -> new ArrayDeque<>());
		sessions.addLast(new Session(user, oauth));
		this.journal.sessionOpened();
		while (sessions.size() > this.sessionLimit) {
			close(sessions.removeFirst());
		}
		return sessions.getLast();
	}

	/**
	 * Issue an access token in the given session, valid for the token lifetime from now.
	 * @param session the session
	 * @param now the current server time
	 * @return the token
	 */
	IssuedToken issueAccessToken(Session session, Instant now) {
		// Millisecond precision, so that the expiration time a client reads back from the
		// response is exactly the one enforced here.
		Instant expirationTime = now.plus(this.tokenLifetime).truncatedTo(ChronoUnit.MILLIS);
		IssuedToken token = new IssuedToken(Secrets.newSecret(), session, expirationTime);
		this.accessTokens.put(token.value(), token);
		this.journal.tokenIssued(token.value());
		return token;
	}

	/**
	 * Issue a market data token in the given session, valid while the session is open.
	 * @param session the session
	 * @return the token
	 */
	String issueMarketDataToken(Session session) {
		String token = Secrets.newSecret();
		this.journal.tokenIssued(token);
		this.marketDataTokens.put(token, session);
		return token;
	}

	/**
	 * Return the given access token as it was issued, whether it is still valid or not.
	 * @param token the access token, or {@code null}
	 * @return the issued token, or {@code null} when the token is missing or unknown
	 */
	@Nullable IssuedToken find(@Nullable String token) {
		return (token != null) ? this.accessTokens.get(token) : null;
	}

	/**
	 * Return the given access token if it is valid: known, not expired, and of an open
	 * session.
	 * @param token the access token, or {@code null}
	 * @param now the current server time
	 * @return the issued token, or {@code null} when it is not valid
	 */
	@Nullable IssuedToken valid(@Nullable String token, Instant now) {
		IssuedToken issued = find(token);
		if (issued == null || !issued.session().isOpen() || !now.isBefore(issued.expirationTime())) {
			return null;
		}
		return issued;
	}

	/**
	 * Return whether the given access token belongs to a session that was closed while
	 * the token had not expired yet.
	 * @param token the access token, or {@code null}
	 * @param now the current server time
	 * @return whether the token is one of a closed session
	 */
	boolean isOfClosedSession(@Nullable String token, Instant now) {
		IssuedToken issued = find(token);
		return issued != null && !issued.session().isOpen() && now.isBefore(issued.expirationTime());
	}

	/**
	 * Return the user of a market data token whose session is open.
	 * @param token the market data token, or {@code null}
	 * @return the user, or {@code null} when the token is missing, unknown or its session
	 * closed
	 */
	@Nullable SimulatedUser userOfMarketDataToken(@Nullable String token) {
		Session session = (token != null) ? this.marketDataTokens.get(token) : null;
		return (session != null && session.isOpen()) ? session.user() : null;
	}

	/**
	 * Return how many sessions each of the given users holds.
	 * @param userNames the names of the users
	 * @return the open sessions per user name, in name order
	 */
	Map<String, Integer> openSessionCounts(Collection<String> userNames) {
		Map<String, Integer> counts = new TreeMap<>();
		for (String name : userNames) {
			Deque<Session> sessions = this.openSessions.get(name);
			counts.put(name, (sessions != null) ? sessions.size() : 0);
		}
		return counts;
	}

	/**
	 * Close the session of the given access token if it is open.
	 * @param token the access token, or {@code null}
	 * @return whether a session was closed
	 */
	boolean closeSessionIfOpen(@Nullable String token) {
		IssuedToken issued = find(token);
		if (issued == null || !issued.session().isOpen()) {
			return false;
		}
		closeOpen(issued.session());
		return true;
	}

	/**
	 * Close the session that the given access token or market data token belongs to.
	 * @param token the token
	 * @return whether a session was closed, {@code false} when it was closed already
	 * @throws IllegalArgumentException if no session has the token
	 */
	boolean closeSessionOf(String token) {
		IssuedToken issued = this.accessTokens.get(token);
		Session session = (issued != null) ? issued.session() : this.marketDataTokens.get(token);
		if (session == null) {
			// Without the token: it is a secret.
			throw new IllegalArgumentException(
					"No session has the given token; the simulator issued no such token since it was started or reset");
		}
		if (!session.isOpen()) {
			return false;
		}
		closeOpen(session);
		return true;
	}

	/**
	 * Close every session of the given user.
	 * @param user the user
	 */
	void closeAll(SimulatedUser user) {
		Deque<Session> sessions = this.openSessions.remove(user.name());
		if (sessions != null) {
			sessions.forEach(this::close);
		}
	}

	/**
	 * Forget every session and token.
	 */
	void clear() {
		this.openSessions.clear();
		this.accessTokens.clear();
		this.marketDataTokens.clear();
	}

	private void closeOpen(Session session) {
		this.openSessions.get(session.user().name()).remove(session);
		close(session);
	}

	private void close(Session session) {
		session.open = false;
		this.journal.sessionClosed();
		// Its tokens are kept, so that they can be told apart from unknown tokens, but
		// can never become valid again.
	}

	/**
	 * A server-side session, opened by a login, by a login on the web site or by an OAuth
	 * grant.
	 */
	static final class Session {

		private final SimulatedUser user;

		/**
		 * Whether an OAuth grant opened the session, whose tokens a renewal may refuse.
		 */
		private final boolean oauth;

		private boolean open = true;

		private Session(SimulatedUser user, boolean oauth) {
			this.user = user;
			this.oauth = oauth;
		}

		SimulatedUser user() {
			return this.user;
		}

		boolean isOAuth() {
			return this.oauth;
		}

		boolean isOpen() {
			return this.open;
		}

	}

	/**
	 * An access token as it was issued.
	 *
	 * @param value the token
	 * @param session the session it was issued in
	 * @param expirationTime when it expires
	 */
	record IssuedToken(String value, Session session, Instant expirationTime) {

		@Override
		public String toString() {
			return "IssuedToken[expirationTime=" + this.expirationTime + "]";
		}

	}

}
