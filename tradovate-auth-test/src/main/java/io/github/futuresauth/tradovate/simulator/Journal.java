package io.github.futuresauth.tradovate.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the {@link TradovateSimulator} received and did, for assertions in tests: every request in
 * arrival order, counters for sessions and tokens, and every token issued, so that a test can
 * check that none of them leaked into logs or messages.
 *
 * <p>A request is recorded just before it is answered, so a test that has received an answer
 * finds its request here. Thread-safe. Every accessor returns a snapshot.
 * {@link TradovateSimulator#reset()} clears the journal.
 */
public final class Journal {

	private final Object monitor = new Object();

	private final AtomicLong arrivals = new AtomicLong();

	/**
	 * Requests by arrival number: a delayed request is recorded after requests that arrived
	 * later but still belongs before them.
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
	 * Return how many sessions were opened, by logins and by
	 * {@link TradovateSimulator#openSessionElsewhere(String)}.
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
	 * Return every {@code accessToken} and {@code mdAccessToken} issued, in issue order.
	 * @return a snapshot of the issued tokens
	 */
	public List<String> issuedTokens() {
		synchronized (this.monitor) {
			return List.copyOf(this.issuedTokens);
		}
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
