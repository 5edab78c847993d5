package io.github.futuresauth.tradovate.autoconfigure.redis;

import io.github.futuresauth.tradovate.auth.NetworkLedgerStore;
import io.github.futuresauth.tradovate.auth.TokenStore;
import io.github.futuresauth.tradovate.auth.TradovateCredentials;
import io.github.futuresauth.tradovate.auth.TradovateEnvironment;
import io.github.futuresauth.tradovate.auth.redis.RedisNetworkLedgerStore;
import io.github.futuresauth.tradovate.auth.redis.RedisTokenStore;
import io.github.futuresauth.tradovate.autoconfigure.TradovateAuthAutoConfiguration;
import io.github.futuresauth.tradovate.autoconfigure.DefaultUserCondition;
import io.github.futuresauth.tradovate.autoconfigure.TradovateAuthProperties;
import io.github.futuresauth.tradovate.autoconfigure.TradovateTokenStoreFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.scheduling.TaskScheduler;

/**
 * Auto-configuration of a {@link RedisTokenStore}, so that every instance of a fleet that
 * logs in as the same user shares one token. Active with
 * {@code tradovate.fleet.enabled=true} or {@code tradovate.store.type=redis}, Spring Data
 * Redis and a {@link RedisConnectionFactory}, which Spring Boot configures from
 * {@code spring.data.redis.*}. It runs before {@link TradovateAuthAutoConfiguration},
 * whose in-memory store then backs off.
 */
@AutoConfiguration(before = TradovateAuthAutoConfiguration.class,
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass(StringRedisTemplate.class)
@Conditional(TradovateRedisAutoConfiguration.RedisStoreCondition.class)
@EnableConfigurationProperties({ TradovateFleetProperties.class, TradovateAuthProperties.class })
public final class TradovateRedisAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(TokenStore.class)
	@ConditionalOnSingleCandidate(RedisConnectionFactory.class)
	@Conditional(DefaultUserCondition.class)
	RedisTokenStore tradovateTokenStore(RedisConnectionFactory connectionFactory, TradovateFleetProperties fleet,
			TradovateAuthProperties properties, ObjectProvider<TradovateCredentials> credentials,
			@Qualifier(TradovateAuthAutoConfiguration.TASK_SCHEDULER_BEAN_NAME) ObjectProvider<TaskScheduler> taskScheduler) {
		TradovateCredentials configured = credentials.getIfAvailable();
		if (configured == null && (properties.getName() == null || properties.getName().isBlank())) {
			throw new IllegalStateException("tradovate.fleet.enabled is true, but the Tradovate user name is not set:"
					+ " set tradovate.name, whose token the fleet shares");
		}
		return redisStore(new StringRedisTemplate(connectionFactory), fleet, taskScheduler, properties.getEnvironment(),
				(configured != null) ? configured : properties.determineCredentials());
	}

	/**
	 * The stores of every user, under keys of the environment, the user and the API key.
	 */
	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnSingleCandidate(RedisConnectionFactory.class)
	TradovateTokenStoreFactory tradovateTokenStoreFactory(RedisConnectionFactory connectionFactory,
			TradovateFleetProperties fleet,
			@Qualifier(TradovateAuthAutoConfiguration.TASK_SCHEDULER_BEAN_NAME) ObjectProvider<TaskScheduler> taskScheduler) {
		StringRedisTemplate redis = new StringRedisTemplate(connectionFactory);
		return (environment, credentials) -> {
			RedisTokenStore store = redisStore(redis, fleet, taskScheduler, environment, credentials);
			store.start();
			return store;
		};
	}

	private static RedisTokenStore redisStore(StringRedisTemplate redis, TradovateFleetProperties fleet,
			ObjectProvider<TaskScheduler> taskScheduler, TradovateEnvironment environment,
			TradovateCredentials credentials) {
		RedisTokenStore store = new RedisTokenStore(redis, fleet.getKeyPrefix(), environment.name(),
				RedisTokenStore.user(credentials));
		store.setPollInterval(fleet.getPollInterval());
		store.setCommandTimeout(fleet.getCommandTimeout());
		store.setEncryption(fleet.getEncryption().toTokenEncryption());
		taskScheduler.ifAvailable(store::setTaskScheduler);
		return store;
	}

	/**
	 * The ledger of the network address's limits, shared by every instance of the fleet
	 * and all the users they act for.
	 */
	@Bean
	@ConditionalOnMissingBean(NetworkLedgerStore.class)
	@ConditionalOnSingleCandidate(RedisConnectionFactory.class)
	RedisNetworkLedgerStore tradovateNetworkLedgerStore(RedisConnectionFactory connectionFactory,
			TradovateFleetProperties fleet) {
		RedisNetworkLedgerStore store = new RedisNetworkLedgerStore(new StringRedisTemplate(connectionFactory),
				fleet.getKeyPrefix());
		store.setCommandTimeout(fleet.getCommandTimeout());
		return store;
	}

	static final class RedisStoreCondition extends AnyNestedCondition {

		RedisStoreCondition() {
			super(ConfigurationPhase.PARSE_CONFIGURATION);
		}

		@ConditionalOnBooleanProperty("tradovate.fleet.enabled")
		static final class FleetEnabled {

		}

		@ConditionalOnProperty(name = "tradovate.store.type", havingValue = "redis")
		static final class RedisSelected {

		}

	}

}
