package io.github.futuresauth.tradovate.auth.redis;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.github.futuresauth.tradovate.auth.AccessToken;
import io.github.futuresauth.tradovate.auth.AuthLedger;
import io.github.futuresauth.tradovate.auth.Lease;
import io.github.futuresauth.tradovate.auth.StoredToken;
import io.github.futuresauth.tradovate.auth.TokenStore;
import io.github.futuresauth.tradovate.auth.TradovateCredentials;
import io.github.futuresauth.tradovate.auth.redis.FleetStatus.Role;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * A {@link TokenStore} in Redis, shared by every instance of a fleet that logs in as the
 * same user to the same environment.
 * <p>
 * All keys of one user share a hash tag, so that the Lua scripts that change them work on
 * Redis Cluster too: {@code <prefix>:{<environment>:<user>}:token} (a hash of
 * {@code version} and {@code payload}), {@code :version} and {@code :fence} (counters),
 * {@code :lease} ({@code <fence> <owner>}, expiring), {@code :holder} (the latest owner)
 * and {@code :ledger} (JSON). The lease expires after the time its owner asked for; an
 * owner that asks again while it holds the lease gets it for that long again, under a new
 * fence that replaces the old one. Every write runs in a script that checks the writer's
 * lease, so that a holder whose lease expired unnoticed cannot overwrite what its
 * successor stored. Versions and fences only ever increase, also when Redis restarts
 * empty: a lost counter starts again from Redis' clock.
 * <p>
 * {@link #current()} and {@link #ledger()} never touch Redis. They return a local copy
 * that the store refreshes when a write script announces a change on the channel
 * {@code <prefix>:{<environment>:<user>}:changes}, and every poll interval in case an
 * announcement was lost. A granted lease comes with a fresh read, so that the holder
 * decides from what Redis holds. When Redis cannot be reached, the local copy stays in
 * use, {@link #tryAcquireLease} returns {@code null} and writes fail; every command gives
 * up after the command timeout, and the store carries on by itself when Redis is back.
 * When Redis restarted empty, the local copy follows it: {@link #current()} returns
 * {@code null} until a holder stores a token again.
 * <p>
 * The token is stored as JSON, or, with {@link #setEncryption(TokenEncryption)},
 * encrypted with AES-GCM. The store is never given the password or the API secret. It
 * answers commands (a lease, a read under it) from the start; {@link #start()} (a Spring
 * container does, as a {@link SmartLifecycle}) begins the announcements and polling that
 * keep the local copy fresh, on the {@link #setTaskScheduler(TaskScheduler) scheduler},
 * and {@link #close()} ends everything.
 */
public class RedisTokenStore implements TokenStore, SmartLifecycle, AutoCloseable {

	private static final Log logger = LogFactory.getLog(RedisTokenStore.class);

	private static final RedisScript<String> ACQUIRE_LEASE = script("acquire-lease.lua", String.class);

	private static final RedisScript<Long> RELEASE_LEASE = script("release-lease.lua", Long.class);

	private static final RedisScript<String> COMPARE_AND_SET = script("compare-and-set.lua", String.class);

	private static final RedisScript<String> REMOVE = script("remove.lua", String.class);

	private static final RedisScript<String> SAVE_LEDGER = script("save-ledger.lua", String.class);

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> READ = script("read.lua", List.class);

	private static final JsonMapper jsonMapper = JsonMapper.builder().build();

	private static final AtomicInteger instances = new AtomicInteger();

	private final StringRedisTemplate redis;

	private final String tokenKey;

	private final List<String> keys;

	private final String channel;

	private final Object monitor = new Object();

	private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

	private Duration pollInterval = Duration.ofSeconds(1);

	private Duration commandTimeout = Duration.ofSeconds(2);

	private @Nullable TokenEncryption encryption;

	private volatile @Nullable StoredToken current;

	private volatile AuthLedger ledger = AuthLedger.EMPTY;

	private @Nullable String currentPayload;

	private @Nullable String currentLedgerJson;

	private volatile Role role = Role.FOLLOWER;

	private volatile boolean reachable;

	private volatile boolean closed;

	private final AtomicLong leaseAcquisitions = new AtomicLong();

	private final AtomicLong takeovers = new AtomicLong();

	private final AtomicLong staleWritesRefused = new AtomicLong();

	private final AtomicLong redisErrors = new AtomicLong();

	private final RedisChangeWatch watch;

	private final ThreadPoolExecutor commandExecutor = new ThreadPoolExecutor(0, 4, 30, TimeUnit.SECONDS,
			new SynchronousQueue<>(), threads("tradovate-fleet-redis-" + instances.incrementAndGet() + "-"));

	/**
	 * Create a store for the given user in the given environment.
	 * @param redis the template to reach Redis with
	 * @param keyPrefix the first part of every key, such as {@code tradovate}
	 * @param environment the Tradovate environment, such as {@code demo}
	 * @param user the user's part of the keys, from {@link #user(TradovateCredentials)},
	 * or a Tradovate user name
	 */
	public RedisTokenStore(StringRedisTemplate redis, String keyPrefix, String environment, String user) {
		Assert.notNull(redis, "StringRedisTemplate must not be null");
		Assert.hasText(keyPrefix, "The key prefix must not be empty");
		Assert.isTrue(keyPrefix.indexOf('{') < 0 && keyPrefix.indexOf('}') < 0,
				() -> "The key prefix '" + keyPrefix + "' must not contain '{' or '}': they mark the hash tag");
		Assert.hasText(environment, "The environment must not be empty");
		Assert.hasText(user, "The user name must not be empty");
		this.redis = redis;
		String base = keyPrefix + ":{" + escape(environment.toLowerCase(Locale.ROOT), "%:{}") + ":" + escape(user, "{}")
				+ "}:";
		this.tokenKey = base + "token";
		this.keys = List.of(this.tokenKey, base + "version", base + "lease", base + "fence", base + "holder",
				base + "ledger");
		this.channel = base + "changes";
		this.watch = new RedisChangeWatch(redis.getRequiredConnectionFactory(), this.channel, this::refresh);
	}

	/**
	 * Return the part of the keys that names a user: its name, and the client id of its
	 * API key when it has one, so that the tokens of one user name under two API keys are
	 * kept apart. A {@code %}, {@code :}, <code>{</code> or <code>}</code> in either is
	 * escaped as {@code %25}, {@code %3A}, {@code %7B} or {@code %7D}, so that the keys
	 * of two users never meet and the hash tag stays whole; other names are used as they
	 * are.
	 * @param credentials the user's credentials
	 * @return the user's part of the keys
	 */
	public static String user(TradovateCredentials credentials) {
		String name = escape(credentials.name(), "%:{}");
		return (credentials.cid() != null) ? name + ":" + escape(credentials.cid(), "%:{}") : name;
	}

	/** Escapes the given characters as {@code %XX}; a string without them is returned. */
	private static String escape(String part, String characters) {
		StringBuilder escaped = null;
		for (int i = 0; i < part.length(); i++) {
			char c = part.charAt(i);
			if (characters.indexOf(c) >= 0) {
				if (escaped == null) {
					escaped = new StringBuilder(part.length() + 8).append(part, 0, i);
				}
				escaped.append('%').append(String.format("%02X", (int) c));
			}
			else if (escaped != null) {
				escaped.append(c);
			}
		}
		return (escaped != null) ? escaped.toString() : part;
	}

	/**
	 * Set how often to read the token from Redis in case an announcement of a change was
	 * lost.
	 * @param pollInterval the interval, 1 second by default
	 */
	public void setPollInterval(Duration pollInterval) {
		Assert.isTrue(pollInterval != null && !pollInterval.isNegative() && !pollInterval.isZero(),
				"The poll interval must be positive");
		this.pollInterval = pollInterval;
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
	 * Encrypt the token at rest, or, with {@code null}, store it as plain JSON. Either
	 * way, tokens stored encrypted with a configured key can be read.
	 * @param encryption the encryption, or {@code null}
	 */
	public void setEncryption(@Nullable TokenEncryption encryption) {
		this.encryption = encryption;
	}

	/**
	 * Return the channel on which writes announce a change.
	 * @return the channel name
	 */
	public String getChannel() {
		return this.channel;
	}

	/**
	 * Return the keys of this store, in the order that its scripts receive them.
	 * @return the token, version, lease, fence, holder and ledger keys
	 */
	public List<String> getKeys() {
		return this.keys;
	}

	/**
	 * Set the scheduler that polls, subscribes again and tells listeners of changes.
	 * Defaults to a single daemon thread of the store's own, shut down when it stops.
	 * @param taskScheduler the scheduler to use
	 */
	public void setTaskScheduler(TaskScheduler taskScheduler) {
		Assert.notNull(taskScheduler, "TaskScheduler must not be null");
		this.watch.setTaskScheduler(taskScheduler);
	}

	/**
	 * Read the token from Redis, if it can be reached, then subscribe to changes and
	 * start polling. Returns once the first read succeeded or timed out; never fails
	 * because Redis is down.
	 */
	@Override
	public void start() {
		if (!this.closed && this.watch.start(this.pollInterval, this.commandTimeout)) {
			refresh();
		}
	}

	/**
	 * Stop the announcements and polling; commands are still answered until
	 * {@link #close()}.
	 */
	@Override
	public void stop() {
		this.watch.stop();
	}

	@Override
	public boolean isRunning() {
		return this.watch.isRunning();
	}

	@Override
	public void close() {
		this.closed = true;
		stop();
		this.commandExecutor.shutdownNow();
	}

	@Override
	public @Nullable StoredToken current() {
		return this.current;
	}

	@Override
	public boolean isReachable() {
		return this.reachable;
	}

	@Override
	public AuthLedger ledger() {
		return this.ledger;
	}

	@Override
	public @Nullable Lease tryAcquireLease(String owner, Duration ttl) {
		Assert.hasText(owner, "owner must not be empty");
		Assert.isTrue(ttl != null && ttl.toMillis() > 0, "ttl must be at least one millisecond");
		String result = call(() -> this.redis.execute(ACQUIRE_LEASE, this.keys, owner, Long.toString(ttl.toMillis())));
		if (result == null || !result.startsWith("granted ")) {
			this.role = Role.FOLLOWER;
			return null;
		}
		String[] parts = result.split(" ");
		this.leaseAcquisitions.incrementAndGet();
		if ("1".equals(parts[1])) {
			this.takeovers.incrementAndGet();
		}
		Lease lease = new Lease(owner, Long.parseLong(parts[2]));
		// The holder decides from what it reads whether to call Tradovate: let it read
		// what Redis holds now, not what the last announcement said, or not hold the
		// lease at all.
		if (!refresh()) {
			releaseLease(lease);
			return null;
		}
		this.role = Role.HOLDER;
		return lease;
	}

	@Override
	public void releaseLease(Lease lease) {
		call(() -> this.redis.execute(RELEASE_LEASE, this.keys, leaseValue(lease)));
		this.role = Role.FOLLOWER;
	}

	@Override
	public @Nullable StoredToken compareAndSet(long expectedVersion, AccessToken token, Lease lease) {
		Assert.notNull(token, "token must not be null");
		String payload = encode(token);
		String result = call(() -> this.redis.execute(COMPARE_AND_SET, this.keys, leaseValue(lease),
				Long.toString(expectedVersion), payload, this.channel));
		if (result == null || !result.startsWith("stored ")) {
			refused(result);
			return null;
		}
		StoredToken stored = new StoredToken(token, Long.parseLong(result.substring("stored ".length())));
		refresh();
		return stored;
	}

	@Override
	public boolean remove(long version, Lease lease) {
		String result = call(
				() -> this.redis.execute(REMOVE, this.keys, leaseValue(lease), Long.toString(version), this.channel));
		if (!"removed".equals(result)) {
			refused(result);
			return false;
		}
		refresh();
		return true;
	}

	@Override
	public boolean saveLedger(AuthLedger ledger, Lease lease) {
		Assert.notNull(ledger, "ledger must not be null");
		String json = jsonMapper.writeValueAsString(ledger);
		String result = call(() -> this.redis.execute(SAVE_LEDGER, this.keys, leaseValue(lease), json, this.channel));
		if (!"saved".equals(result)) {
			refused(result);
			return false;
		}
		refresh();
		return true;
	}

	@Override
	public void addChangeListener(Runnable listener) {
		Assert.notNull(listener, "listener must not be null");
		this.listeners.add(listener);
	}

	/**
	 * Return what this store has seen, without touching Redis.
	 * @return the status
	 */
	public FleetStatus getStatus() {
		StoredToken token = this.current;
		return new FleetStatus(this.role, this.reachable, (token != null) ? token.version() : 0,
				this.leaseAcquisitions.get(), this.takeovers.get(), this.staleWritesRefused.get(),
				this.redisErrors.get());
	}

	/**
	 * Read the token and the ledger from Redis and update the local copy, telling the
	 * listeners when it changed. Keeps the local copy when Redis cannot be reached.
	 * @return whether Redis answered
	 */
	private boolean refresh() {
		boolean changed;
		synchronized (this.monitor) {
			List<?> values = call(() -> this.redis.execute(READ, this.keys));
			if (values == null) {
				return false;
			}
			changed = applyToken((String) values.get(0), (String) values.get(1)) | applyLedger((String) values.get(2));
		}
		if (changed) {
			if (!this.watch.execute(this::notifyListeners)) {
				// Not started, or a caller in this thread waits for the answer: tell
				// the listeners here.
				notifyListeners();
			}
		}
		return true;
	}

	private boolean applyToken(@Nullable String version, @Nullable String payload) {
		if (version == null || payload == null) {
			boolean changed = this.current != null;
			this.current = null;
			this.currentPayload = null;
			return changed;
		}
		StoredToken current = this.current;
		if (current != null && Long.toString(current.version()).equals(version)
				&& payload.equals(this.currentPayload)) {
			return false;
		}
		try {
			this.current = new StoredToken(decode(payload), Long.parseLong(version));
			this.currentPayload = payload;
			return true;
		}
		catch (RuntimeException ex) {
			logger.error("Could not read the token of version " + version + " from " + this.tokenKey + ": "
					+ ex.getMessage());
			return false;
		}
	}

	private boolean applyLedger(@Nullable String json) {
		if (Objects.equals(json, this.currentLedgerJson)) {
			return false;
		}
		try {
			this.ledger = (json != null) ? jsonMapper.readValue(json, AuthLedger.class) : AuthLedger.EMPTY;
			this.currentLedgerJson = json;
			return true;
		}
		catch (RuntimeException ex) {
			logger.error("Could not read the ledger from Redis: " + ex.getMessage());
			return false;
		}
	}

	private void notifyListeners() {
		for (Runnable listener : this.listeners) {
			try {
				listener.run();
			}
			catch (RuntimeException ex) {
				logger.warn("A token change listener failed", ex);
			}
		}
	}

	private void refused(@Nullable String result) {
		if ("stale".equals(result) || "fenced".equals(result)) {
			this.staleWritesRefused.incrementAndGet();
			if ("fenced".equals(result)) {
				this.role = Role.FOLLOWER;
			}
		}
	}

	/**
	 * Run a command on a thread of the store's and wait for it for at most the command
	 * timeout, so that a Redis that does not answer holds no caller longer than that.
	 * @return the command's result, or {@code null} when it failed or timed out
	 */
	private <T> @Nullable T call(Supplier<@Nullable T> command) {
		ThreadPoolExecutor executor = this.commandExecutor;
		try {
			T result = CompletableFuture.supplyAsync(command, executor)
				.get(this.commandTimeout.toMillis(), TimeUnit.MILLISECONDS);
			this.reachable = true;
			return result;
		}
		catch (InterruptedException ex) {
			// The caller's thread was interrupted, which says nothing about Redis.
			Thread.currentThread().interrupt();
			return null;
		}
		catch (ExecutionException ex) {
			return failed((ex.getCause() != null) ? ex.getCause() : ex);
		}
		catch (TimeoutException | RejectedExecutionException ex) {
			return failed(ex);
		}
	}

	private <T> @Nullable T failed(Throwable ex) {
		if (this.closed) {
			return null;
		}
		this.redisErrors.incrementAndGet();
		if (this.reachable) {
			logger.warn("Redis cannot be reached, serving the last token read from it: " + ex);
		}
		else {
			logger.debug("Redis cannot be reached: " + ex);
		}
		this.reachable = false;
		return null;
	}

	private String encode(AccessToken token) {
		String json = jsonMapper.writeValueAsString(token);
		TokenEncryption encryption = this.encryption;
		return (encryption != null) ? encryption.encrypt(json, this.tokenKey) : json;
	}

	private AccessToken decode(String payload) {
		String json = payload;
		if (TokenEncryption.isEncrypted(payload)) {
			TokenEncryption encryption = this.encryption;
			Assert.state(encryption != null, "The token is stored encrypted, but no encryption keys are configured");
			json = encryption.decrypt(payload, this.tokenKey);
		}
		return jsonMapper.readValue(json, AccessToken.class);
	}

	private static String leaseValue(Lease lease) {
		Assert.notNull(lease, "lease must not be null");
		return lease.fence() + " " + lease.owner();
	}

	private static <T> RedisScript<T> script(String name, Class<T> resultType) {
		DefaultRedisScript<T> script = new DefaultRedisScript<>();
		script.setLocation(new ClassPathResource(name, RedisTokenStore.class));
		script.setResultType(resultType);
		return script;
	}

	private static ThreadFactory threads(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	@Override
	public String toString() {
		return "RedisTokenStore[key=" + this.tokenKey + ", encrypted=" + (this.encryption != null) + "]";
	}

}
