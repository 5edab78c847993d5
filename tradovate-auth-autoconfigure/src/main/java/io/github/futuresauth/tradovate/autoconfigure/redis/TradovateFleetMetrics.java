package io.github.futuresauth.tradovate.autoconfigure.redis;

import java.util.function.ToDoubleFunction;

import io.github.futuresauth.tradovate.auth.redis.FleetStatus;
import io.github.futuresauth.tradovate.auth.redis.RedisTokenStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.util.Assert;

/**
 * Micrometer meters for the {@link RedisTokenStore} that a fleet shares, read from its
 * {@link RedisTokenStore#getStatus() status}:
 * <ul>
 * <li>{@code tradovate.fleet.lease.acquisitions}: leases granted to this instance;</li>
 * <li>{@code tradovate.fleet.lease.takeovers}: leases granted after another owner's lease
 * expired;</li>
 * <li>{@code tradovate.fleet.writes.refused}: writes refused for an outdated version or
 * lease;</li>
 * <li>{@code tradovate.fleet.redis.errors}: commands to Redis that failed or timed
 * out;</li>
 * <li>{@code tradovate.fleet.holder}: a gauge, 1 while this instance holds the
 * lease;</li>
 * <li>{@code tradovate.fleet.redis.reachable}: a gauge, 1 while Redis answers;</li>
 * <li>{@code tradovate.fleet.token.version}: a gauge of the version of the token in
 * use.</li>
 * </ul>
 */
public class TradovateFleetMetrics implements MeterBinder {

	private final RedisTokenStore tokenStore;

	/**
	 * Create meters for the given store.
	 * @param tokenStore the store
	 */
	public TradovateFleetMetrics(RedisTokenStore tokenStore) {
		Assert.notNull(tokenStore, "RedisTokenStore must not be null");
		this.tokenStore = tokenStore;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		counter(registry, "tradovate.fleet.lease.acquisitions", "Leases granted to this instance",
				FleetStatus::leaseAcquisitions);
		counter(registry, "tradovate.fleet.lease.takeovers",
				"Leases granted to this instance after another owner's lease expired", FleetStatus::takeovers);
		counter(registry, "tradovate.fleet.writes.refused",
				"Writes that Redis refused because their version or lease was outdated",
				FleetStatus::staleWritesRefused);
		counter(registry, "tradovate.fleet.redis.errors", "Commands to Redis that failed or timed out",
				FleetStatus::redisErrors);
		gauge(registry, "tradovate.fleet.holder", "1 while this instance holds the lease, else 0",
				(status) -> (status.role() == FleetStatus.Role.HOLDER) ? 1 : 0);
		gauge(registry, "tradovate.fleet.redis.reachable", "1 while Redis answers, else 0",
				(status) -> status.redisReachable() ? 1 : 0);
		gauge(registry, "tradovate.fleet.token.version", "Version of the token in use, 0 when there is none",
				FleetStatus::tokenVersion);
	}

	private void counter(MeterRegistry registry, String name, String description, ToDoubleFunction<FleetStatus> value) {
		FunctionCounter.builder(name, this.tokenStore, (store) -> value.applyAsDouble(store.getStatus()))
			.description(description)
			.register(registry);
	}

	private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<FleetStatus> value) {
		Gauge.builder(name, this.tokenStore, (store) -> value.applyAsDouble(store.getStatus()))
			.description(description)
			.register(registry);
	}

}
