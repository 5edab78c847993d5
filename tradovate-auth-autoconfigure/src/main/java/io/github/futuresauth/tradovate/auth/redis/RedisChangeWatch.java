package io.github.futuresauth.tradovate.auth.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Keeps a {@link RedisTokenStore}'s local copy fresh: subscribes to the announcements of
 * changes, subscribes again when a subscription was lost, and polls in case an
 * announcement was lost, all on one {@link TaskScheduler}; the refresh itself is the
 * store's.
 */
final class RedisChangeWatch {

	private static final Log logger = LogFactory.getLog(RedisChangeWatch.class);

	/** How often a lost subscription is tried again. */
	static final Duration RESUBSCRIBE_INTERVAL = Duration.ofSeconds(1);

	private static final AtomicInteger instances = new AtomicInteger();

	private final RedisConnectionFactory connectionFactory;

	private final String channel;

	private final Runnable refresh;

	private final Object monitor = new Object();

	private final List<ScheduledFuture<?>> tasks = new CopyOnWriteArrayList<>();

	private final AtomicBoolean refreshPending = new AtomicBoolean();

	private @Nullable TaskScheduler taskScheduler;

	private @Nullable ThreadPoolTaskScheduler ownScheduler;

	private @Nullable RedisMessageListenerContainer listenerContainer;

	private volatile boolean running;

	RedisChangeWatch(RedisConnectionFactory connectionFactory, String channel, Runnable refresh) {
		this.connectionFactory = connectionFactory;
		this.channel = channel;
		this.refresh = refresh;
	}

	void setTaskScheduler(TaskScheduler taskScheduler) {
		this.taskScheduler = taskScheduler;
	}

	/**
	 * Subscribe and start polling.
	 * @param pollInterval how often to read in case an announcement was lost
	 * @param commandTimeout how long a subscription may take
	 * @return whether it started now, {@code false} when it was running
	 */
	boolean start(Duration pollInterval, Duration commandTimeout) {
		TaskScheduler scheduler;
		synchronized (this.monitor) {
			if (this.running) {
				return false;
			}
			if (this.taskScheduler == null) {
				ThreadPoolTaskScheduler own = new ThreadPoolTaskScheduler();
				own.setThreadNamePrefix("tradovate-fleet-" + instances.incrementAndGet() + "-");
				own.setDaemon(true);
				own.initialize();
				this.ownScheduler = own;
				this.taskScheduler = own;
			}
			scheduler = this.taskScheduler;
			this.running = true;
		}
		Instant now = scheduler.getClock().instant();
		this.tasks.add(scheduler.scheduleWithFixedDelay(this::requestRefresh, now.plus(pollInterval), pollInterval));
		if (!subscribe(commandTimeout)) {
			logger.warn("Could not subscribe to announcements of token changes; polling every " + pollInterval
					+ " and trying again every " + RESUBSCRIBE_INTERVAL.toSeconds() + "s");
		}
		this.tasks.add(scheduler.scheduleWithFixedDelay(() -> subscribe(commandTimeout), now.plus(RESUBSCRIBE_INTERVAL),
				RESUBSCRIBE_INTERVAL));
		return true;
	}

	/** Stop polling and unsubscribe; a scheduler of its own is shut down. */
	void stop() {
		synchronized (this.monitor) {
			this.running = false;
			this.tasks.forEach((task) -> task.cancel(false));
			this.tasks.clear();
			RedisMessageListenerContainer container = this.listenerContainer;
			if (container != null) {
				destroy(container);
				this.listenerContainer = null;
			}
			if (this.ownScheduler != null) {
				this.ownScheduler.shutdown();
				this.ownScheduler = null;
				this.taskScheduler = null;
			}
		}
	}

	boolean isRunning() {
		return this.running;
	}

	/**
	 * Subscribe to announcements of changes unless the subscription is in place. A
	 * subscription that failed, for example because Redis was down when the store
	 * started, is not retried by the container, so a new container tries again.
	 * @return whether the store is subscribed
	 */
	private boolean subscribe(Duration commandTimeout) {
		RedisMessageListenerContainer previous = this.listenerContainer;
		if (!this.running || (previous != null && previous.isListening())) {
			return this.running;
		}
		if (previous != null) {
			destroy(previous);
		}
		RedisMessageListenerContainer container = new RedisMessageListenerContainer();
		container.setConnectionFactory(this.connectionFactory);
		// The listener only hands the refresh to the scheduler: no thread per message is
		// needed.
		container.setTaskExecutor(Runnable::run);
		container.setRecoveryInterval(RESUBSCRIBE_INTERVAL.toMillis());
		container.setMaxSubscriptionRegistrationWaitingTime(commandTimeout.toMillis());
		container.addMessageListener((message, pattern) -> requestRefresh(), new ChannelTopic(this.channel));
		container.setErrorHandler((ex) -> logger.debug("Announcements of token changes were interrupted", ex));
		container.afterPropertiesSet();
		this.listenerContainer = container;
		try {
			container.start();
		}
		catch (RuntimeException ex) {
			logger.debug("Could not subscribe to announcements of token changes", ex);
			return false;
		}
		if (previous != null) {
			// Announcements made while there was no subscription are lost: read what they
			// announced.
			requestRefresh();
		}
		return container.isListening();
	}

	private static void destroy(RedisMessageListenerContainer container) {
		try {
			container.destroy();
		}
		catch (Exception ex) {
			logger.debug("Could not stop the subscription to token changes", ex);
		}
	}

	/** Has the store read Redis soon, once however often it is asked meanwhile. */
	void requestRefresh() {
		if (this.refreshPending.compareAndSet(false, true) && !execute(() -> {
			this.refreshPending.set(false);
			this.refresh.run();
		})) {
			this.refreshPending.set(false);
		}
	}

	/**
	 * Runs a task on the scheduler, if the watch is running.
	 * @return whether it was handed over
	 */
	boolean execute(Runnable task) {
		TaskScheduler scheduler = this.taskScheduler;
		if (scheduler == null || !this.running) {
			return false;
		}
		try {
			scheduler.schedule(task, scheduler.getClock().instant());
			return true;
		}
		catch (RejectedExecutionException ex) {
			return false;
		}
	}

}
