package io.github.futuresauth.tradovate.autoconfigure;

import io.github.futuresauth.tradovate.auth.RenewingTokenProvider;
import io.github.futuresauth.tradovate.autoconfigure.redis.TradovateFleetProperties;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.TaskScheduler;

/**
 * Applies the {@code tradovate.*} settings to a {@link RenewingTokenProvider}: the
 * starter's scheduler, the renewal margin, retries, limits and waits, the fleet's lease
 * time and the observation registry. The auto-configuration configures every user's
 * provider with it; use it for a provider of your own, as Spring Boot's
 * {@code RestClientBuilderConfigurer} is used for a builder of your own.
 */
public final class TradovateTokenProviderConfigurer {

	private final TradovateAuthProperties properties;

	private final ObjectProvider<ObservationRegistry> observationRegistry;

	private final ObjectProvider<TradovateFleetProperties> fleet;

	private final ObjectProvider<TaskScheduler> taskScheduler;

	TradovateTokenProviderConfigurer(TradovateAuthProperties properties,
			ObjectProvider<ObservationRegistry> observationRegistry, ObjectProvider<TradovateFleetProperties> fleet,
			ObjectProvider<TaskScheduler> taskScheduler) {
		this.properties = properties;
		this.observationRegistry = observationRegistry;
		this.fleet = fleet;
		this.taskScheduler = taskScheduler;
	}

	/**
	 * Configure a provider.
	 * @param tokenProvider the provider
	 * @return the provider, configured
	 */
	public RenewingTokenProvider configure(RenewingTokenProvider tokenProvider) {
		this.taskScheduler.ifAvailable(tokenProvider::setTaskScheduler);
		tokenProvider.setRenewalMargin(this.properties.getRenewalMargin());
		tokenProvider.setRetryPolicy(this.properties.getRetry().toRetryPolicy());
		tokenProvider.setLimits(this.properties.getLimits().toAuthLimits());
		tokenProvider.setTokenWaitTimeout(this.properties.getTokenWaitTimeout());
		this.fleet.ifAvailable((fleetProperties) -> tokenProvider.setLeaseTime(fleetProperties.getLeaseTime()));
		this.observationRegistry.ifAvailable(tokenProvider::setObservationRegistry);
		return tokenProvider;
	}

}
