package io.github.futuresauth.tradovate.auth.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.github.futuresauth.tradovate.auth.AuthLedger;
import io.github.futuresauth.tradovate.auth.AuthNetwork;
import io.github.futuresauth.tradovate.auth.NetworkLedgerStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DataAccessException;
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
 * every user.
 */
public class RedisNetworkLedgerStore implements NetworkLedgerStore {

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

	private final StringRedisTemplate redis;

	private final String key;

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
	 * Return the key the ledger is kept at.
	 * @return the key
	 */
	public String getKey() {
		return this.key;
	}

	@Override
	public Snapshot read() {
		List<?> values;
		try {
			values = this.redis.execute(READ, List.of(this.key));
		}
		catch (DataAccessException ex) {
			unreachable(ex);
			return this.lastKnown.get();
		}
		reached();
		Snapshot snapshot = (values == null || values.isEmpty()) ? new Snapshot(AuthLedger.EMPTY, ABSENT)
				: parse((String) values.get(0), (String) values.get(1));
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
		Long result;
		try {
			result = this.redis.execute(COMPARE_AND_SET, List.of(this.key), version, json,
					Long.toString(KEPT_FOR.toMillis()));
		}
		catch (DataAccessException ex) {
			unreachable(ex);
			// One step, as Redis would take it: two threads that read the same ledger
			// cannot both count a request on it.
			return this.lastKnown.compareAndSet(expected, written);
		}
		reached();
		if (result != null && result == 1) {
			this.lastKnown.set(written);
			return true;
		}
		return false;
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

	private void unreachable(DataAccessException ex) {
		if (!this.unreachable) {
			this.unreachable = true;
			logger.warn("Cannot reach Redis for the network's ledger (" + ex.getMessage()
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
