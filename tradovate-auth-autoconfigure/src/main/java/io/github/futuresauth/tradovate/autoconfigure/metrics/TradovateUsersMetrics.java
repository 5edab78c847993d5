package io.github.futuresauth.tradovate.autoconfigure.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.futuresauth.tradovate.auth.RenewingTokenProvider;
import io.github.futuresauth.tradovate.auth.TradovateUsers;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.util.Assert;

/**
 * The meters of {@link TradovateAuthMetrics} for every user of {@link TradovateUsers},
 * each tagged {@code user} with the user's key (never its name or password). The meters
 * of a user come with it and go with it, so the number of {@code user} tags is the number
 * of users, however many come and go while the application runs.
 */
public class TradovateUsersMetrics implements MeterBinder, SmartApplicationListener {

	private final Map<String, TradovateAuthMetrics> users = new ConcurrentHashMap<>();

	private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

	/**
	 * Create meters for the given users and those that join them later.
	 * @param users the users
	 */
	public TradovateUsersMetrics(TradovateUsers users) {
		Assert.notNull(users, "TradovateUsers must not be null");
		users.addListener(new TradovateUsers.Listener() {

			@Override
			public void added(String key, RenewingTokenProvider provider) {
				TradovateAuthMetrics metrics = new TradovateAuthMetrics(provider, key);
				synchronized (TradovateUsersMetrics.this.registries) {
					TradovateUsersMetrics.this.users.put(key, metrics);
					TradovateUsersMetrics.this.registries.forEach(metrics::bindTo);
				}
			}

			@Override
			public void removed(String key, RenewingTokenProvider provider) {
				synchronized (TradovateUsersMetrics.this.registries) {
					TradovateUsersMetrics.this.users.remove(key);
					for (MeterRegistry registry : TradovateUsersMetrics.this.registries) {
						for (Meter meter : registry.getMeters()) {
							if (key.equals(meter.getId().getTag("user"))
									&& meter.getId().getName().startsWith("tradovate.auth.")) {
								registry.remove(meter);
							}
						}
					}
				}
			}

		});
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		synchronized (this.registries) {
			this.registries.add(registry);
			this.users.values().forEach((metrics) -> metrics.bindTo(registry));
		}
	}

	@Override
	public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
		return TradovateAuthMetrics.counts(eventType);
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		// Each user's meters count the events of that user's provider alone.
		this.users.values().forEach((metrics) -> metrics.onApplicationEvent(event));
	}

}
