package io.github.futuresauth.tradovate.simulator;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Faults waiting to be applied, one per request, in the order they were added.
 */
final class FaultQueue {

	private final Deque<PendingFault> pending = new ArrayDeque<>();

	synchronized void add(Fault fault, int count) {
		this.pending.addLast(new PendingFault(fault, count));
	}

	/**
	 * Take the fault for the request that just arrived.
	 * @return the fault, or {@code null} when the request should be answered normally
	 */
	synchronized Fault next() {
		PendingFault head = this.pending.peekFirst();
		if (head == null) {
			return null;
		}
		if (--head.remaining == 0) {
			this.pending.removeFirst();
		}
		return head.fault;
	}

	synchronized boolean isEmpty() {
		return this.pending.isEmpty();
	}

	synchronized void clear() {
		this.pending.clear();
	}

	/**
	 * A fault applied to one request.
	 */
	sealed interface Fault {

	}

	/**
	 * Answer with an error status instead of calling the endpoint.
	 *
	 * @param status the HTTP status
	 * @param retryAfter the {@code Retry-After} to answer with, or {@code null} for none
	 */
	record Failure(int status, Duration retryAfter) implements Fault {

	}

	/**
	 * Wait, then answer normally.
	 *
	 * @param delay how long to wait
	 */
	record Delay(Duration delay) implements Fault {

	}

	/**
	 * Close the connection without answering.
	 */
	record Drop() implements Fault {

	}

	private static final class PendingFault {

		private final Fault fault;

		private int remaining;

		PendingFault(Fault fault, int remaining) {
			this.fault = fault;
			this.remaining = remaining;
		}

	}

}
