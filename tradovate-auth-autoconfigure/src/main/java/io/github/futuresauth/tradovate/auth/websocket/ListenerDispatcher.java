package io.github.futuresauth.tradovate.auth.websocket;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Calls a client's listeners on a thread of their own, one call at a time, in the order
 * the calls were handed over: a slow listener delays its own events, never the socket's
 * heartbeat or another client.
 * <p>
 * Events wait in a queue of bounded length; an event that finds it full is not queued
 * ({@link #dispatchEvent} answers {@code false}) and the client decides what to do. Other
 * calls (answers to subscriptions) are always queued: they are few, and they are how a
 * listener catches up.
 */
final class ListenerDispatcher {

	private static final Log logger = LogFactory.getLog(ListenerDispatcher.class);

	private final String name;

	private final int capacity;

	private final AtomicInteger queuedEvents = new AtomicInteger();

	private final ExecutorService executor;

	ListenerDispatcher(String name, int capacity) {
		this.name = name;
		this.capacity = capacity;
		this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), (task) -> {
			Thread thread = new Thread(task, "tradovate-websocket-" + name + "-listeners");
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Queue an event's delivery to the listeners of the subscriptions active then (each
	 * listener once), unless the queue holds its capacity of events already.
	 * @param event the event
	 * @param subscriptions the client's subscriptions
	 * @return whether it was queued
	 */
	boolean dispatchEvent(TradovateEvent event, List<TradovateWebSocketSubscription> subscriptions) {
		Runnable delivery = () -> {
			Set<TradovateWebSocketListener> told = Collections.newSetFromMap(new IdentityHashMap<>());
			for (TradovateWebSocketSubscription subscription : subscriptions) {
				if (told.add(subscription.getListener())) {
					try {
						subscription.getListener().onEvent(event);
					}
					catch (RuntimeException ex) {
						logger.warn("A listener of the '" + this.name + "' WebSocket failed on event '" + event.name()
								+ "'", ex);
					}
				}
			}
		};
		if (this.queuedEvents.incrementAndGet() > this.capacity) {
			this.queuedEvents.decrementAndGet();
			return false;
		}
		if (!execute(() -> {
			this.queuedEvents.decrementAndGet();
			delivery.run();
		})) {
			this.queuedEvents.decrementAndGet();
			return false;
		}
		return true;
	}

	/**
	 * Queue a call that must not be dropped, behind the events queued before it.
	 * @param call calls a listener
	 */
	void dispatch(Runnable call) {
		execute(call);
	}

	int queuedEvents() {
		return this.queuedEvents.get();
	}

	private boolean execute(Runnable call) {
		try {
			this.executor.execute(() -> {
				try {
					call.run();
				}
				catch (RuntimeException ex) {
					logger.warn("A listener of the '" + this.name + "' WebSocket failed", ex);
				}
			});
			return true;
		}
		catch (RejectedExecutionException ex) {
			// Shut down: the client is closed.
			return false;
		}
	}

	/**
	 * Stop the thread; what is still queued is not delivered.
	 */
	void shutdown() {
		this.executor.shutdownNow();
	}

}
