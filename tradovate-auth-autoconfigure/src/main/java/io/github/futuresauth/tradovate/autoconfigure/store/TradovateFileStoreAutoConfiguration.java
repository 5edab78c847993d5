package io.github.futuresauth.tradovate.autoconfigure.store;

import java.nio.file.Path;

import io.github.futuresauth.tradovate.auth.TokenProvider;
import io.github.futuresauth.tradovate.auth.TokenStore;
import io.github.futuresauth.tradovate.auth.TradovateCredentials;
import io.github.futuresauth.tradovate.auth.TradovateEnvironment;
import io.github.futuresauth.tradovate.auth.file.FileTokenStore;
import io.github.futuresauth.tradovate.auth.file.TokenFileDirectory;
import io.github.futuresauth.tradovate.autoconfigure.TradovateAuthAutoConfiguration;
import io.github.futuresauth.tradovate.autoconfigure.DefaultUserCondition;
import io.github.futuresauth.tradovate.autoconfigure.TradovateAuthProperties;
import io.github.futuresauth.tradovate.autoconfigure.TradovateTokenStoreFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AllNestedConditions;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.annotation.Conditional;

/**
 * Auto-configuration of a {@link FileTokenStore}, the default store: the session outlives
 * a restart, and the processes of one user on one machine share it. Active unless
 * {@code tradovate.store.type} is {@code memory} or {@code redis}, or
 * {@code tradovate.fleet.enabled} is {@code true}. It runs before
 * {@link TradovateAuthAutoConfiguration}, whose in-memory store then backs off.
 */
@AutoConfiguration(before = TradovateAuthAutoConfiguration.class,
		afterName = "io.github.futuresauth.tradovate.autoconfigure.redis.TradovateRedisAutoConfiguration")
@Conditional(TradovateFileStoreAutoConfiguration.FileStoreCondition.class)
@EnableConfigurationProperties({ TradovateStoreProperties.class, TradovateAuthProperties.class })
public final class TradovateFileStoreAutoConfiguration {

	/**
	 * The store, for the auto-configured token provider only: a provider of the
	 * application's own needs no credentials, which the file's key is derived from.
	 */
	@Bean
	@Lazy
	@ConditionalOnMissingBean({ TokenStore.class, TokenProvider.class })
	@Conditional(DefaultUserCondition.class)
	FileTokenStore tradovateTokenStore(TradovateAuthProperties properties, TradovateStoreProperties store,
			ObjectProvider<TradovateCredentials> credentials) {
		return fileStore(store, properties.getEnvironment(),
				credentials.getIfAvailable(properties::determineCredentials));
	}

	/**
	 * The stores of every user, one file per environment, user and API key, each sealed
	 * with its user's credentials.
	 */
	@Bean
	@ConditionalOnMissingBean
	TradovateTokenStoreFactory tradovateTokenStoreFactory(TradovateStoreProperties store) {
		return (environment, credentials) -> {
			FileTokenStore tokenStore = fileStore(store, environment, credentials);
			tokenStore.start();
			return tokenStore;
		};
	}

	private static FileTokenStore fileStore(TradovateStoreProperties store, TradovateEnvironment environment,
			TradovateCredentials credentials) {
		String name = environment.name();
		Path directory = (store.getDirectory() != null) ? store.getDirectory() : TokenFileDirectory.resolve();
		FileTokenStore tokenStore = new FileTokenStore(directory.resolve(FileTokenStore.fileName(name, credentials)),
				name, credentials);
		tokenStore.setPollInterval(store.getPollInterval());
		return tokenStore;
	}

	static final class FileStoreCondition extends AllNestedConditions {

		FileStoreCondition() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnProperty(name = "tradovate.store.type", havingValue = "file", matchIfMissing = true)
		static final class FileSelected {

		}

		@ConditionalOnBooleanProperty(name = "tradovate.fleet.enabled", havingValue = false, matchIfMissing = true)
		static final class FleetNotEnabled {

		}

	}

}
