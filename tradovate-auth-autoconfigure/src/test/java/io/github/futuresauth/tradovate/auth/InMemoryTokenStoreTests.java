package io.github.futuresauth.tradovate.auth;

/**
 * Tests for {@link InMemoryTokenStore}.
 */
class InMemoryTokenStoreTests extends TokenStoreContractTests {

	private final InMemoryTokenStore store = new InMemoryTokenStore();

	@Override
	protected TokenStore store() {
		return this.store;
	}

	@Override
	protected TokenStore peer() {
		return this.store;
	}

}
