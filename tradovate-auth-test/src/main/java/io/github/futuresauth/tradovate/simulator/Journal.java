package io.github.futuresauth.tradovate.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the {@link TradovateSimulator} received and did, for assertions in tests: every
 * request in arrival order, counters for sessions and tokens, and every token issued, so
 * that a test can check that none of them leaked into logs or messages.
 *
 * <p>
 * A request is recorded just before it is answered, so a test that has received an answer
 * finds its request here. Thread-safe. Every accessor returns a snapshot.
 * {@link TradovateSimulator#reset()} clears the journal.
 */
public final class Journal {

	private static final Set<RequestKind> FAILED_LOGINS = EnumSet.of(RequestKind.LOGIN_REJECTED,
			RequestKind.LOGIN_PENALIZED, RequestKind.LOGIN_CAPTCHA, RequestKind.LOGIN_RATE_LIMITED);

	private final Object monitor = new Object();

	private final AtomicLong arrivals = new AtomicLong();

	/**
	 * Requests by arrival number: a delayed request is recorded after requests that
	 * arrived later but still belongs before them.
	 */
	private final SortedMap<Long, RecordedRequest> requests = new TreeMap<>();

	private final List<String> issuedTokens = new ArrayList<>();

	private int logins;

	private int renewals;

	private int sessionsOpened;

	private int sessionsClosed;

	Journal() {
	}

	/**
	 * Return every request received, in arrival order.
	 * @return a snapshot of the requests
	 */
	public List<RecordedRequest> requests() {
		synchronized (this.monitor) {
			return List.copyOf(this.requests.values());
		}
	}

	/**
	 * Return the requests of the given kind, in arrival order.
	 * @param kind the kind of request
	 * @return a snapshot of the matching requests
	 */
	public List<RecordedRequest> requests(RequestKind kind) {
		Objects.requireNonNull(kind, "'kind' must not be null");
		return requests().stream().filter((request) -> request.kind() == kind).toList();
	}

	/**
	 * Return how many requests of the given kind were received.
	 * @param kind the kind of request
	 * @return the number of matching requests
	 */
	public long count(RequestKind kind) {
		return requests(kind).size();
	}

	/**
	 * Return how many requests of any of the given kinds arrived within one hour, at
	 * most: the largest number of them in any rolling one-hour window of server time, as
	 * Tradovate's endpoint limits count them.
	 * @param kinds the kinds of request to count
	 * @return the most requests of those kinds in any hour
	 */
	public int maxInAnyHour(RequestKind... kinds) {
		Set<RequestKind> counted = (kinds.length == 0) ? EnumSet.noneOf(RequestKind.class)
				: EnumSet.copyOf(Arrays.asList(kinds));
		List<Instant> times = requests().stream()
			.filter((request) -> counted.contains(request.kind()))
			.map(RecordedRequest::arrivedAt)
			.sorted()
			.toList();
		int most = 0;
		int first = 0;
		for (int last = 0; last < times.size(); last++) {
			Instant windowStart = times.get(last).minus(EndpointLimits.WINDOW);
			while (!times.get(first).isAfter(windowStart)) {
				first++;
			}
			most = Math.max(most, last - first + 1);
		}
		return most;
	}

	/**
	 * Return how many login requests ({@code POST}s to {@code /auth/accesstokenrequest},
	 * in any spelling) arrived, whatever their outcome: successful, refused, penalized,
	 * or answered by an injected fault.
	 * @return the number of login requests
	 */
	public int loginRequests() {
		return (int) requests().stream().filter(Journal::isLoginRequest).count();
	}

	/**
	 * Return how many logins failed: refused ({@link RequestKind#LOGIN_REJECTED}) or
	 * answered with a penalty ({@link RequestKind#LOGIN_PENALIZED},
	 * {@link RequestKind#LOGIN_CAPTCHA}, {@link RequestKind#LOGIN_RATE_LIMITED}). These
	 * are the logins that Tradovate's hourly login limit counts.
	 * @return the number of failed logins
	 */
	public int failedLogins() {
		return (int) requests().stream().filter((request) -> FAILED_LOGINS.contains(request.kind())).count();
	}

	/**
	 * Return how many logins succeeded, each of which opened a session.
	 * @return the number of successful logins
	 */
	public int logins() {
		synchronized (this.monitor) {
			return this.logins;
		}
	}

	/**
	 * Return how many renewals succeeded.
	 * @return the number of successful renewals
	 */
	public int renewals() {
		synchronized (this.monitor) {
			return this.renewals;
		}
	}

	/**
	 * Return how many sessions were opened, by logins, by
	 * {@link TradovateSimulator#openSessionElsewhere(String)} and by OAuth grants.
	 * @return the number of sessions opened
	 */
	public int sessionsOpened() {
		synchronized (this.monitor) {
			return this.sessionsOpened;
		}
	}

	/**
	 * Return how many sessions were closed, because the session limit was exceeded or by
	 * {@link TradovateSimulator#closeAllSessions(String)}.
	 * @return the number of sessions closed
	 */
	public int sessionsClosed() {
		synchronized (this.monitor) {
			return this.sessionsClosed;
		}
	}

	/**
	 * Return every {@code accessToken} and {@code mdAccessToken} issued, and every OAuth
	 * code and refresh token, in issue order.
	 * @return a snapshot of the issued tokens
	 */
	public List<String> issuedTokens() {
		synchronized (this.monitor) {
			return List.copyOf(this.issuedTokens);
		}
	}

	private static boolean isLoginRequest(RecordedRequest request) {
		String path = request.path();
		if (path.endsWith("/")) {
			path = path.substring(0, path.length() - 1);
		}
		return "POST".equals(request.method()) && SimulatorHttpHandler.LOGIN_PATH.equalsIgnoreCase(path);
	}

	/**
	 * Number a request that has just arrived.
	 * @return the arrival number to {@link #record(long, RecordedRequest) record} it with
	 */
	long arrived() {
		return this.arrivals.incrementAndGet();
	}

	void record(long arrival, RecordedRequest request) {
		synchronized (this.monitor) {
			this.requests.put(arrival, request);
		}
	}

	void loginSucceeded() {
		synchronized (this.monitor) {
			this.logins++;
		}
	}

	void renewalSucceeded() {
		synchronized (this.monitor) {
			this.renewals++;
		}
	}

	void sessionOpened() {
		synchronized (this.monitor) {
			this.sessionsOpened++;
		}
	}

	void sessionClosed() {
		synchronized (this.monitor) {
			this.sessionsClosed++;
		}
	}

	void tokenIssued(String token) {
		synchronized (this.monitor) {
			this.issuedTokens.add(token);
		}
	}

	void clear() {
		synchronized (this.monitor) {
			this.requests.clear();
			this.issuedTokens.clear();
			this.logins = 0;
			this.renewals = 0;
			this.sessionsOpened = 0;
			this.sessionsClosed = 0;
		}
	}

	@Override
	public String toString() {
		synchronized (this.monitor) {
			return "Journal[requests=" + this.requests.size() + ", logins=" + this.logins + ", renewals="
					+ this.renewals + ", sessionsOpened=" + this.sessionsOpened + ", sessionsClosed="
					+ this.sessionsClosed + "]";
		}
	}

}
