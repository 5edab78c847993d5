package io.github.futuresauth.tradovate.autoconfigure;

import io.github.futuresauth.tradovate.auth.TokenStore;
import io.github.futuresauth.tradovate.auth.TradovateCredentials;
import io.github.futuresauth.tradovate.auth.TradovateEnvironment;

/**
 * Creates the token store of one Tradovate user, keyed by its environment, its name and
 * its API key, so that no user's token is ever read under another's key. The
 * auto-configuration contributes one for the configured store type (memory, file, Redis);
 * define a bean of this type to use another.
 */
@FunctionalInterface
public interface TradovateTokenStoreFactory {

	/**
	 * Create the store of a user.
	 * @param environment the user's environment
	 * @param credentials the user's credentials
	 * @return a store of that user alone
	 */
	TokenStore create(TradovateEnvironment environment, TradovateCredentials credentials);

}
