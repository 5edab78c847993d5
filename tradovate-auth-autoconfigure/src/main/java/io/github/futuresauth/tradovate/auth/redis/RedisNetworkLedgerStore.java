package io.github.futuresauth.tradovate.auth.redis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.github.futuresauth.tradovate.auth.AuthLedger;
import io.github.futuresauth.tradovate.auth.AuthNetwork;
import io.github.futuresauth.tradovate.auth.NetworkLedgerStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.core.JacksonException;
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
 * compare-and-set in Redis: two instances that ask at once cannot pass a limit together.
 * <p>
 * While Redis cannot be reached, each instance counts its own requests from the last
 * ledger it read, and says so in its log; a stricter answer would stop every renewal of
 * every user.
 */
public class RedisNetworkLedgerStore implements NetworkLedgerStore {

	private static final Log logger = LogFactory.getLog(RedisNetworkLedgerStore.class);

	private static final RedisScript<Long> COMPARE_AND_SET;

	static {
		DefaultRedisScript<Long> script = new DefaultRedisScript<>();
		script.setLocation(new ClassPathResource("network-compare-and-set.lua", RedisNetworkLedgerStore.class));
		script.setResultType(Long.class);
		COMPARE_AND_SET = script;
	}

	/** How long Redis keeps the ledger after its last change. */
	private static final Duration KEPT_FOR = Duration.ofHours(2);

	private static final JsonMapper jsonMapper = JsonMapper.builder().build();

	private static final String EMPTY = jsonMapper.writeValueAsString(AuthLedger.EMPTY);

	private final StringRedisTemplate redis;

	private final String key;

	/**
	 * The ledger as last read or written, which this instance counts on by itself while
	 * Redis cannot be reached.
	 */
	private final AtomicReference<AuthLedger> lastKnown = new AtomicReference<>(AuthLedger.EMPTY);

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
	public AuthLedger read() {
		try {
			String json = this.redis.opsForValue().get(this.key);
			AuthLedger ledger = (json != null) ? jsonMapper.readValue(json, AuthLedger.class) : AuthLedger.EMPTY;
			reached();
			this.lastKnown.set(ledger);
			return ledger;
		}
		catch (DataAccessException ex) {
			unreachable(ex);
			return this.lastKnown.get();
		}
		catch (JacksonException ex) {
			logger.error(
					"Could not read the network's ledger from " + this.key + ", starting afresh: " + ex.getMessage());
			return AuthLedger.EMPTY;
		}
	}

	@Override
	public boolean compareAndSet(AuthLedger expected, AuthLedger updated) {
		try {
			Long result = this.redis.execute(COMPARE_AND_SET, List.of(this.key),
					jsonMapper.writeValueAsString(expected), jsonMapper.writeValueAsString(updated), EMPTY,
					Long.toString(KEPT_FOR.toMillis()));
			reached();
			if (result != null && result == 1) {
				this.lastKnown.set(updated);
				return true;
			}
			return false;
		}
		catch (DataAccessException ex) {
			unreachable(ex);
			// One step, as Redis would take it: two threads that read the same ledger
			// cannot both count a request on it.
			return this.lastKnown.compareAndSet(expected, updated);
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

	@Override
	public String toString() {
		return "RedisNetworkLedgerStore[key=" + this.key + "]";
	}

}
