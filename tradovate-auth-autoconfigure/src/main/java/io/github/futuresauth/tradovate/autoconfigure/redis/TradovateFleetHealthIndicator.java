package io.github.futuresauth.tradovate.autoconfigure.redis;

import java.util.Locale;

import io.github.futuresauth.tradovate.auth.redis.FleetStatus;
import io.github.futuresauth.tradovate.auth.redis.RedisTokenStore;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.util.Assert;

/**
 * A health indicator for the {@link RedisTokenStore} that a fleet shares. It never calls
 * Redis: it reports what the store saw. {@code UP} while the latest command to Redis
 * succeeded, {@code DOWN} otherwise (this instance then serves the last token it read,
 * and cannot log in or renew). Details: {@code role} ({@code holder} or
 * {@code follower}), {@code tokenVersion}, and the counts {@code leaseAcquisitions},
 * {@code takeovers}, {@code staleWritesRefused} and {@code redisErrors}.
 */
public class TradovateFleetHealthIndicator extends AbstractHealthIndicator {

	private final RedisTokenStore tokenStore;

	/**
	 * Create an indicator for the given store.
	 * @param tokenStore the store
	 */
	public TradovateFleetHealthIndicator(RedisTokenStore tokenStore) {
		super("Tradovate fleet health check failed");
		Assert.notNull(tokenStore, "RedisTokenStore must not be null");
		this.tokenStore = tokenStore;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		FleetStatus status = this.tokenStore.getStatus();
		if (status.redisReachable()) {
			builder.up();
		}
		else {
			builder.down().withDetail("reason", "Redis cannot be reached; serving the last token read from it");
		}
		builder.withDetail("role", status.role().name().toLowerCase(Locale.ROOT))
			.withDetail("tokenVersion", status.tokenVersion())
			.withDetail("leaseAcquisitions", status.leaseAcquisitions())
			.withDetail("takeovers", status.takeovers())
			.withDetail("staleWritesRefused", status.staleWritesRefused())
			.withDetail("redisErrors", status.redisErrors());
	}

}
