package io.github.futuresauth.tradovate.autoconfigure.store;

import java.util.function.ToDoubleFunction;

import io.github.futuresauth.tradovate.auth.TokenStore;
import io.github.futuresauth.tradovate.auth.file.FileStoreStatus;
import io.github.futuresauth.tradovate.auth.file.FileTokenStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.util.Assert;

/**
 * Micrometer meters for the {@link TokenStore} in use:
 * <ul>
 * <li>{@code tradovate.store}: a gauge of 1, tagged with the store's {@code type} and,
 * for a file, its {@code file};</li>
 * </ul>
 * and for a {@link FileTokenStore}:
 * <ul>
 * <li>{@code tradovate.store.holder}: a gauge, 1 while a provider of this process holds
 * the lease;</li>
 * <li>{@code tradovate.store.lease.acquisitions} and
 * {@code tradovate.store.lease.takeovers}: leases granted here, and those that followed a
 * holder whose process had ended;</li>
 * <li>{@code tradovate.store.writes.refused}, {@code tradovate.store.set.aside} and
 * {@code tradovate.store.file.errors}.</li>
 * </ul>
 */
public class TradovateStoreMetrics implements MeterBinder {

	private final TokenStore tokenStore;

	/**
	 * Create meters for the given store.
	 * @param tokenStore the store
	 */
	public TradovateStoreMetrics(TokenStore tokenStore) {
		Assert.notNull(tokenStore, "TokenStore must not be null");
		this.tokenStore = tokenStore;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Tags tags = Tags.of("type", TradovateStoreHealthIndicator.type(this.tokenStore));
		if (this.tokenStore instanceof FileTokenStore fileStore) {
			tags = tags.and("file", fileStore.getFile().toString());
			gauge(registry, fileStore, "tradovate.store.holder", "1 while this process holds the lease, else 0",
					(status) -> status.holder() ? 1 : 0);
			counter(registry, fileStore, "tradovate.store.lease.acquisitions", "Leases granted to this process",
					FileStoreStatus::leaseAcquisitions);
			counter(registry, fileStore, "tradovate.store.lease.takeovers",
					"Leases granted after the holder's process had ended", FileStoreStatus::takeovers);
			counter(registry, fileStore, "tradovate.store.writes.refused",
					"Writes refused for an outdated version or lease", FileStoreStatus::staleWritesRefused);
			counter(registry, fileStore, "tradovate.store.set.aside",
					"Unreadable token files, or files of other credentials, moved aside", FileStoreStatus::setAside);
			counter(registry, fileStore, "tradovate.store.file.errors", "Reads or writes of the token file that failed",
					FileStoreStatus::fileErrors);
		}
		Gauge.builder("tradovate.store", () -> 1).description("The token store in use").tags(tags).register(registry);
	}

	private static void counter(MeterRegistry registry, FileTokenStore store, String name, String description,
			ToDoubleFunction<FileStoreStatus> value) {
		FunctionCounter.builder(name, store, (s) -> value.applyAsDouble(s.getStatus()))
			.description(description)
			.register(registry);
	}

	private static void gauge(MeterRegistry registry, FileTokenStore store, String name, String description,
			ToDoubleFunction<FileStoreStatus> value) {
		Gauge.builder(name, store, (s) -> value.applyAsDouble(s.getStatus()))
			.description(description)
			.register(registry);
	}

}
