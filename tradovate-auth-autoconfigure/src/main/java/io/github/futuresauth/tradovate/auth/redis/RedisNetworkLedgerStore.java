package io.github.futuresauth.tradovate.auth.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.github.futuresauth.tradovate.auth.AuthLedger;
import io.github.futuresauth.tradovate.auth.AuthNetwork;
import io.github.futuresauth.tradovate.auth.NetworkLedgerStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.util.Assert;

/**
 * The ledger of an {@link AuthNetwork} in Redis, shared by every instance of a fleet
 * behind one network address, so that the failed logins, renewals and checks of all their
 * users count once against Tradovate's limits for the address. A change is a
 * compare-and-set in Redis on the SHA-1 digest of the value that was read: two instances
 * that ask at once cannot pass a limit together, and a value that this version cannot
 * read, or that another version wrote otherwise, is replaced like any other.
 * <p>
 * A value that cannot be read counts as an empty ledger, and the next change replaces it;
 * the store says so once in its log.
 * <p>
 * While Redis cannot be reached, each instance counts its own requests from the last
 * ledger it read, and says so in its log; a stricter answer would stop every renewal of
 * every user. Every command gives up after the {@link #setCommandTimeout(Duration)
 * command timeout}, whatever the client's own timeout: a Redis that does not answer holds
 * a renewal no longer than that. {@link #close()} ends the threads that wait for Redis.
 */
public class RedisNetworkLedgerStore implements NetworkLedgerStore, AutoCloseable {

	private static final Log logger = LogFactory.getLog(RedisNetworkLedgerStore.class);

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> READ = script("network-read.lua", List.class);

	private static final RedisScript<Long> COMPARE_AND_SET = script("network-compare-and-set.lua", Long.class);

	/** How long Redis keeps the ledger after its last change. */
	private static final Duration KEPT_FOR = Duration.ofHours(2);

	/** The version of a ledger that was never written. */
	private static final String ABSENT = "";

	// Fields that a later version adds are ignored, so that a fleet of several versions
	// keeps counting together while it is updated.
	private static final JsonMapper jsonMapper = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private static final AtomicInteger instances = new AtomicInteger();

	private final StringRedisTemplate redis;

	private final String key;

	/**
	 * The threads that wait for Redis. Commands queue for them rather than fail when all
	 * are busy: a command that failed would count a request on this instance alone, as if
	 * Redis could not be reached, while the others count it in Redis.
	 */
	private final ThreadPoolExecutor commandExecutor = commandExecutor(
			"tradovate-network-redis-" + instances.incrementAndGet() + "-");

	private volatile Duration commandTimeout = Duration.ofSeconds(2);

	/**
	 * The ledger as last read or written, which this instance counts on by itself while
	 * Redis cannot be reached.
	 */
	private final AtomicReference<Snapshot> lastKnown = new AtomicReference<>(new Snapshot(AuthLedger.EMPTY, ABSENT));

	private final AtomicBoolean unreadableLogged = new AtomicBoolean();

	private volatile boolean unreachable;

	/**
	 * Create a store under the given key prefix.
	 * @param redis the template to reach Redis with
	 * @param keyPrefix the first part of the key, such as {@code tradovate}; the ledger
	 * is kept at {@code <prefix>:network:ledger}
	 */
	public RedisNetworkLedgerStore(StringRedisTemplate redis, String keyPrefix) {
		Assert.notNull(redis, "StringRedisTemplate must not be null");
		Assert.hasText(keyPrefix, "The key prefix must not be empty");
		this.redis = redis;
		this.key = keyPrefix + ":network:ledger";
	}

	/**
	 * Set how long to wait for Redis to answer a command before treating it as
	 * unreachable.
	 * @param commandTimeout the timeout, 2 seconds by default
	 */
	public void setCommandTimeout(Duration commandTimeout) {
		Assert.isTrue(commandTimeout != null && !commandTimeout.isNegative() && !commandTimeout.isZero(),
				"The command timeout must be positive");
		this.commandTimeout = commandTimeout;
	}

	/**
	 * Return the key the ledger is kept at.
	 * @return the key
	 */
	public String getKey() {
		return this.key;
	}

	@Override
	public Snapshot read() {
		List<?> values = call(() -> this.redis.execute(READ, List.of(this.key)));
		if (values == null) {
			return this.lastKnown.get();
		}
		String version = (String) values.get(1);
		Snapshot snapshot = ABSENT.equals(version) ? new Snapshot(AuthLedger.EMPTY, ABSENT)
				: parse((String) values.get(0), version);
		this.lastKnown.set(snapshot);
		return snapshot;
	}

	@Override
	public boolean compareAndSet(Snapshot expected, AuthLedger updated) {
		Assert.notNull(expected, "expected must not be null");
		Assert.notNull(updated, "updated must not be null");
		String version = expected.version();
		Assert.notNull(version, "The snapshot must be one that this store read");
		String json = jsonMapper.writeValueAsString(updated);
		// Named by the digest that Redis would compute, so that a later change can start
		// from it, in Redis or from the last known ledger.
		Snapshot written = new Snapshot(updated, digest(json));
		Long result = call(() -> this.redis.execute(COMPARE_AND_SET, List.of(this.key), version, json,
				Long.toString(KEPT_FOR.toMillis())));
		if (result == null) {
			// One step, as Redis would take it: two threads that read the same ledger
			// cannot both count a request on it.
			return this.lastKnown.compareAndSet(expected, written);
		}
		if (result == 1) {
			this.lastKnown.set(written);
			return true;
		}
		return false;
	}

	/**
	 * Run a command on a thread of the store's and wait for it for at most the command
	 * timeout, so that a Redis that does not answer holds no caller longer than that.
	 * @return the command's result, or {@code null} when it failed or timed out
	 */
	private <T> @Nullable T call(Supplier<@Nullable T> command) {
		CompletableFuture<@Nullable T> future;
		try {
			future = CompletableFuture.supplyAsync(command, this.commandExecutor);
		}
		catch (RejectedExecutionException ex) {
			unreachable("the store is closed");
			return null;
		}
		try {
			T result = future.get(this.commandTimeout.toMillis(), TimeUnit.MILLISECONDS);
			if (result == null) {
				// A script always answers; no answer is a connection that was lost.
				unreachable("no answer");
				return null;
			}
			reached();
			return result;
		}
		catch (InterruptedException ex) {
			// The caller's thread was interrupted, which says nothing about Redis.
			future.cancel(false);
			Thread.currentThread().interrupt();
			return null;
		}
		catch (ExecutionException ex) {
			unreachable(String.valueOf((ex.getCause() != null) ? ex.getCause() : ex));
			return null;
		}
		catch (TimeoutException ex) {
			// A command that has not started yet never runs: its caller has moved on.
			future.cancel(false);
			unreachable("no answer within " + this.commandTimeout.toMillis() + "ms");
			return null;
		}
	}

	@Override
	public void close() {
		this.commandExecutor.shutdownNow();
	}

	private Snapshot parse(String json, String version) {
		try {
			return new Snapshot(jsonMapper.readValue(json, AuthLedger.class), version);
		}
		catch (RuntimeException ex) {
			// The message may quote the value, which can hold a penalty's ticket: only
			// the kind of failure is logged.
			if (this.unreadableLogged.compareAndSet(false, true)) {
				logger.warn("Cannot read the network's ledger at " + this.key + " (" + ex.getClass().getSimpleName()
						+ "): it counts as empty, and the next request to /auth/* replaces it");
			}
			return new Snapshot(AuthLedger.EMPTY, version);
		}
	}

	private void reached() {
		if (this.unreachable) {
			this.unreachable = false;
			logger.info("Reached Redis again: the network's limits are counted for the whole fleet again");
		}
	}

	private void unreachable(String why) {
		if (!this.unreachable && !this.commandExecutor.isShutdown()) {
			this.unreachable = true;
			logger.warn("Cannot reach Redis for the network's ledger (" + why
					+ "); until it can, this instance counts its own requests to /auth/* against the"
					+ " network's limits");
		}
	}

	private static String digest(String json) {
		try {
			MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
			return HexFormat.of().formatHex(sha1.digest(json.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-1 is not available", ex);
		}
	}

	private static ThreadPoolExecutor commandExecutor(String prefix) {
		AtomicInteger count = new AtomicInteger();
		ThreadFactory threads = (runnable) -> {
			Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
		ThreadPoolExecutor executor = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
				threads);
		executor.allowCoreThreadTimeOut(true);
		return executor;
	}

	private static <T> RedisScript<T> script(String name, Class<T> resultType) {
		DefaultRedisScript<T> script = new DefaultRedisScript<>();
		script.setLocation(new ClassPathResource(name, RedisNetworkLedgerStore.class));
		script.setResultType(resultType);
		return script;
	}

	@Override
	public String toString() {
		return "RedisNetworkLedgerStore[key=" + this.key + "]";
	}

}
