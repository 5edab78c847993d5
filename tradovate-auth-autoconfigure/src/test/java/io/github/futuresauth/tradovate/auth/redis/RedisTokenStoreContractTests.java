package io.github.futuresauth.tradovate.auth.redis;

import io.github.futuresauth.tradovate.auth.TokenStore;
import io.github.futuresauth.tradovate.auth.TokenStoreContractTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The contract of {@link TokenStore}, run against {@link RedisTokenStore}: two instances
 * on one Redis, each with connections of its own.
 */
class RedisTokenStoreContractTests extends TokenStoreContractTests {

	@RegisterExtension
	static final RedisServerExtension redis = new RedisServerExtension();

	private RedisStores stores;

	private RedisTokenStore store;

	private RedisTokenStore peer;

	@BeforeEach
	void createStores() {
		this.stores = new RedisStores(redis.getServer());
		this.store = this.stores.create();
		this.peer = this.stores.create();
	}

	@AfterEach
	void closeStores() throws Exception {
		this.stores.close();
	}

	@Override
	protected TokenStore store() {
		return this.store;
	}

	@Override
	protected TokenStore peer() {
		return this.peer;
	}

}
