package io.github.futuresauth.tradovate.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Users, sessions, tokens and login penalties of a {@link TradovateSimulator}.
 *
 * <p>
 * Time penalties are kept per caller address, as the real service keys them to the
 * caller's network: a ticket clears only the penalty of the address that received it.
 * Sessions and their tokens are kept in a {@link SessionRegistry}.
 *
 * <p>
 * Every method that reads or changes sessions, tokens or penalties is synchronized: a
 * login has to check the penalty, open a session and close the oldest one as one step, or
 * concurrent logins would let a user exceed the session limit.
 */
final class AuthenticationState {

	static final String INCORRECT_CREDENTIALS = "Incorrect username or password. Please try again.";

	static final int UNAUTHORIZED = 401;

	/**
	 * The {@code p-time} of a captcha penalty: the real one lifts after about an hour.
	 */
	private static final Duration CAPTCHA_WAIT = Duration.ofHours(1);

	private final Clock clock;

	private final Map<String, SimulatedUser> users;

	private final Journal journal;

	private final EndpointLimits limits;

	private final SessionRegistry sessions;

	private final Deque<LoginChallenge> pendingChallenges = new ArrayDeque<>();

	/**
	 * Time penalties in force, by the caller address that received them.
	 */
	private final Map<String, ActivePenalty> activePenalties = new HashMap<>();

	private int closedSessionStatus = UNAUTHORIZED;

	/**
	 * Users whose every request is refused with 429, by user name.
	 */
	private final Map<String, UserRateLimit> userRateLimits = new HashMap<>();

	/**
	 * Until when every login is refused with 423, or {@code null}.
	 */
	private @Nullable Instant loginsLockedOutUntil;

	/**
	 * How many of the next logins are refused with 423.
	 */
	private int lockedOutLogins;

	private final boolean initialOAuthRenewal;

	/**
	 * Whether a renewal accepts an access token of an OAuth session.
	 */
	private boolean oauthRenewal;

	AuthenticationState(Clock clock, Duration tokenLifetime, int sessionLimit, Map<String, SimulatedUser> users,
			Journal journal, EndpointLimits limits, boolean oauthRenewal) {
		this.clock = clock;
		this.users = Map.copyOf(users);
		this.journal = journal;
		this.sessions = new SessionRegistry(tokenLifetime, sessionLimit, journal);
		this.limits = limits;
		this.initialOAuthRenewal = oauthRenewal;
		this.oauthRenewal = oauthRenewal;
	}

	/**
	 * Answer a login. A time penalty in force for the caller's address is checked first
	 * because the real service keys it to the caller's network, whoever logs in; then the
	 * hourly limit of failed logins from that address.
	 * @param request the login request
	 * @param address the caller's address
	 * @return the outcome
	 */
	synchronized LoginOutcome login(LoginRequest request, String address) {
		Instant now = this.clock.instant();
		// Neither refusal looks at the credentials, so neither counts as a failed login.
		if (isLockedOut(now)) {
			return new LoginOutcome.LockedOut();
		}
		UserRateLimit userRateLimit = (request.name() != null) ? activeRateLimit(request.name(), now) : null;
		if (userRateLimit != null) {
			return new LoginOutcome.UserRateLimited(userRateLimit.retryAfter());
		}
		LoginOutcome outcome = attemptLogin(request, address, now);
		if (!(outcome instanceof LoginOutcome.Granted)) {
			this.limits.count(EndpointLimits.Endpoint.LOGIN, address, now);
		}
		return outcome;
	}

	/**
	 * Count a login that could not be read as a failed login of the given address.
	 * @param address the caller's address
	 */
	synchronized void unreadableLogin(String address) {
		this.limits.count(EndpointLimits.Endpoint.LOGIN, address, this.clock.instant());
	}

	private LoginOutcome attemptLogin(LoginRequest request, String address, Instant now) {
		ActivePenalty penalty = this.activePenalties.get(address);
		if (penalty != null) {
			if (!penalty.isClearedBy(request.penaltyTicket(), now)) {
				return penalize(address, penalty.duration(), penalty.rateLimited(), now);
			}
			// The ticket lets this one login through, whatever the hourly limit says.
			this.activePenalties.remove(address);
		}
		else if (this.limits.isExceeded(EndpointLimits.Endpoint.LOGIN, address, now)) {
			Duration backOff = this.limits.violate(EndpointLimits.Endpoint.LOGIN, address, now);
			return penalize(address, backOff, true, now);
		}
		LoginChallenge challenge = this.pendingChallenges.pollFirst();
		if (challenge != null) {
			if (challenge.captcha()) {
				// A captcha cannot be cleared by a ticket, so none is remembered for it.
				return new LoginOutcome.Penalized(Secrets.newSecret(), wholeSeconds(challenge.waitTime()), true, false);
			}
			return penalize(address, challenge.waitTime(), false, now);
		}
		SimulatedUser user = authenticate(request);
		if (user == null) {
			return new LoginOutcome.Rejected(INCORRECT_CREDENTIALS);
		}
		SessionRegistry.Session session = this.sessions.open(user, false);
		this.journal.loginSucceeded();
		String mdAccessToken = this.sessions.issueMarketDataToken(session);
		SessionRegistry.IssuedToken accessToken = this.sessions.issueAccessToken(session, now);
		return new LoginOutcome.Granted(user, accessToken.value(), mdAccessToken, accessToken.expirationTime());
	}

	/**
	 * Issue a new access token for the session of the given one. The given token stays
	 * valid until its own expiration time so that requests already under way do not fail.
	 * @param token the current access token
	 * @return the new access token, or empty when the given token is not valid
	 */
	synchronized Optional<LoginOutcome.Granted> renew(String token) {
		Instant now = this.clock.instant();
		SessionRegistry.IssuedToken current = this.sessions.valid(token, now);
		if (current == null || (current.session().isOAuth() && !this.oauthRenewal)) {
			return Optional.empty();
		}
		this.journal.renewalSucceeded();
		SessionRegistry.IssuedToken renewed = this.sessions.issueAccessToken(current.session(), now);
		return Optional
			.of(new LoginOutcome.Granted(current.session().user(), renewed.value(), null, renewed.expirationTime()));
	}

	/**
	 * Return the user of a valid access token.
	 * @param token the access token, or {@code null}
	 * @return the user, or empty when the token is missing, unknown, expired or belongs
	 * to a closed session
	 */
	synchronized Optional<SimulatedUser> userOf(String token) {
		SessionRegistry.IssuedToken issued = this.sessions.valid(token, this.clock.instant());
		return Optional.ofNullable(issued).map((valid) -> valid.session().user());
	}

	/**
	 * Return whether the given token belongs to a session that was closed while the token
	 * had not expired yet.
	 * @param token the access token, or {@code null}
	 * @return whether the token is one of a closed session
	 */
	synchronized boolean isOfClosedSession(String token) {
		return this.sessions.isOfClosedSession(token, this.clock.instant());
	}

	/**
	 * Return the status that a token of a closed session is refused with.
	 * @return the status
	 */
	synchronized int closedSessionStatus() {
		return this.closedSessionStatus;
	}

	synchronized void closedSessionStatus(int status) {
		this.closedSessionStatus = status;
	}

	/**
	 * Return how many sessions each user holds, by user name.
	 * @return the open sessions per user, every user included
	 */
	synchronized Map<String, Integer> openSessionCounts() {
		return this.sessions.openSessionCounts(this.users.keySet());
	}

	/**
	 * Return the user of a market data token whose session is open.
	 * @param token the market data token, or {@code null}
	 * @return the user, or empty when the token is missing, unknown or its session closed
	 */
	synchronized Optional<SimulatedUser> userOfMarketDataToken(String token) {
		return Optional.ofNullable(this.sessions.userOfMarketDataToken(token));
	}

	synchronized void penalizeNextLogin(Duration wait) {
		this.pendingChallenges.addLast(new LoginChallenge(wait, false));
	}

	synchronized void requireCaptchaOnNextLogin() {
		this.pendingChallenges.addLast(new LoginChallenge(CAPTCHA_WAIT, true));
	}

	synchronized void openSessionElsewhere(String name) {
		this.sessions.open(requireUser(name), false);
	}

	/**
	 * Issue an access token for an OAuth grant of the given user: in the session of the
	 * grant's previous access token while that session is open, otherwise in a new
	 * session, which counts towards the user's session limit like any other.
	 * @param user the user who authorized the application
	 * @param previousAccessToken the grant's latest access token, or {@code null} for a
	 * new grant
	 * @return the new access token, without a market data token
	 */
	synchronized LoginOutcome.Granted grantOAuth(SimulatedUser user, @Nullable String previousAccessToken) {
		SessionRegistry.IssuedToken previous = this.sessions.find(previousAccessToken);
		SessionRegistry.Session session = (previous != null && previous.session().isOpen()) ? previous.session()
				: this.sessions.open(user, true);
		SessionRegistry.IssuedToken token = this.sessions.issueAccessToken(session, this.clock.instant());
		return new LoginOutcome.Granted(user, token.value(), null, token.expirationTime());
	}

	/**
	 * Close the session of the given access token if it is open, as a revoked OAuth grant
	 * does.
	 * @param token the access token, or {@code null}
	 * @return whether a session was closed
	 */
	synchronized boolean closeSessionIfOpen(@Nullable String token) {
		return this.sessions.closeSessionIfOpen(token);
	}

	/**
	 * Return the user with the given name and password, as the web site's login form
	 * checks them: without an application id or API key.
	 * @param name the user name, or {@code null}
	 * @param password the password, or {@code null}
	 * @return the user, or {@code null} when there is none with that name and password
	 */
	@Nullable SimulatedUser webLogin(@Nullable String name, @Nullable String password) {
		if (isBlank(name) || isBlank(password)) {
			return null;
		}
		SimulatedUser user = this.users.get(name);
		return (user != null && Secrets.equal(user.password(), password)) ? user : null;
	}

	/**
	 * Return the user with the given name.
	 * @param name the user name
	 * @return the user
	 * @throws IllegalArgumentException if there is no such user
	 */
	SimulatedUser user(String name) {
		return requireUser(name);
	}

	synchronized void oauthRenewal(boolean accepted) {
		this.oauthRenewal = accepted;
	}

	synchronized boolean oauthRenewal() {
		return this.oauthRenewal;
	}

	synchronized void closeAllSessions(String name) {
		this.sessions.closeAll(requireUser(name));
	}

	/**
	 * Close the session that the given access token or market data token belongs to.
	 * @param token the token
	 * @return whether a session was closed, {@code false} when it was closed already
	 * @throws IllegalArgumentException if no session has the token
	 */
	synchronized boolean closeSessionOf(String token) {
		return this.sessions.closeSessionOf(token);
	}

	/**
	 * Refuse every request of the given user with 429 until the given time.
	 * @param name the user name
	 * @param until when the user's requests are handled again
	 * @param retryAfter the {@code Retry-After} to answer with, or {@code null} for none
	 */
	synchronized void rateLimitUser(String name, Instant until, @Nullable Duration retryAfter) {
		this.userRateLimits.put(requireUser(name).name(), new UserRateLimit(until, retryAfter));
	}

	/**
	 * Return the rate limit in force for the user of the given access token, whether the
	 * token is still valid or not.
	 * @param token the access token, or {@code null}
	 * @return the rate limit, or {@code null} when the token is missing or unknown or its
	 * user is not rate limited
	 */
	synchronized @Nullable UserRateLimit rateLimitOf(@Nullable String token) {
		SessionRegistry.IssuedToken issued = this.sessions.find(token);
		return (issued != null) ? activeRateLimit(issued.session().user().name(), this.clock.instant()) : null;
	}

	/**
	 * Return whether the given user's requests are refused with 429 now.
	 * @param name the user name
	 * @return whether the user is rate limited
	 */
	synchronized boolean isRateLimited(String name) {
		return activeRateLimit(name, this.clock.instant()) != null;
	}

	synchronized void lockOutLoginsUntil(Instant until) {
		this.loginsLockedOutUntil = until;
	}

	synchronized void lockOutNextLogins(int count) {
		this.lockedOutLogins += count;
	}

	synchronized void reset() {
		this.sessions.clear();
		this.pendingChallenges.clear();
		this.activePenalties.clear();
		this.limits.clear();
		this.closedSessionStatus = UNAUTHORIZED;
		this.userRateLimits.clear();
		this.loginsLockedOutUntil = null;
		this.lockedOutLogins = 0;
		this.oauthRenewal = this.initialOAuthRenewal;
	}

	private @Nullable UserRateLimit activeRateLimit(String name, Instant now) {
		UserRateLimit limit = this.userRateLimits.get(name);
		return (limit != null && now.isBefore(limit.until())) ? limit : null;
	}

	private boolean isLockedOut(Instant now) {
		if (this.loginsLockedOutUntil != null && now.isBefore(this.loginsLockedOutUntil)) {
			return true;
		}
		if (this.lockedOutLogins > 0) {
			this.lockedOutLogins--;
			return true;
		}
		return false;
	}

	private LoginOutcome.Penalized penalize(String address, Duration wait, boolean rateLimited, Instant now) {
		ActivePenalty penalty = new ActivePenalty(Secrets.newSecret(), now.plus(wait), wait, rateLimited);
		this.activePenalties.put(address, penalty);
		return new LoginOutcome.Penalized(penalty.ticket(), wholeSeconds(wait), false, rateLimited);
	}

	private SimulatedUser authenticate(LoginRequest request) {
		if (isBlank(request.name()) || isBlank(request.password())) {
			return null;
		}
		SimulatedUser user = this.users.get(request.name());
		if (user == null || !Secrets.equal(user.password(), request.password())) {
			return null;
		}
		if (user.apiKey() != null) {
			return user.apiKey().matches(request) ? user : null;
		}
		if (user.appId() != null && !user.appId().equals(request.appId())) {
			return null;
		}
		if (user.sec() != null && !Secrets.equal(user.sec(), request.sec())) {
			return null;
		}
		return user;
	}

	private SimulatedUser requireUser(String name) {
		SimulatedUser user = this.users.get(name);
		if (user == null) {
			throw new IllegalArgumentException("No user named '" + name + "'");
		}
		return user;
	}

	private static long wholeSeconds(Duration wait) {
		// Rounded up: a client that waits p-time seconds must not arrive early.
		long seconds = wait.getSeconds();
		return (wait.getNano() > 0) ? seconds + 1 : seconds;
	}

	private static boolean isBlank(String value) {
		return value == null || value.isBlank();
	}

	/**
	 * A period in which every request of a user is refused with 429.
	 *
	 * @param until when the user's requests are handled again
	 * @param retryAfter the {@code Retry-After} to answer with, or {@code null} for none
	 */
	record UserRateLimit(Instant until, @Nullable Duration retryAfter) {

	}

	/**
	 * A penalty that the next login that gets past any penalty in force is answered with.
	 */
	private record LoginChallenge(Duration waitTime, boolean captcha) {

	}

	/**
	 * A time penalty in force: every login is penalized again until one carries the
	 * ticket after the wait is over.
	 */
	private record ActivePenalty(String ticket, Instant notBefore, Duration duration, boolean rateLimited) {

		boolean isClearedBy(String ticket, Instant now) {
			return this.ticket.equals(ticket) && !now.isBefore(this.notBefore);
		}

		@Override
		public String toString() {
			return "ActivePenalty[notBefore=" + this.notBefore + "]";
		}

	}

}
