package io.github.futuresauth.tradovate.autoconfigure.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

import io.github.futuresauth.tradovate.auth.AccessToken;
import io.github.futuresauth.tradovate.auth.AccessTokenAcquiredEvent;
import io.github.futuresauth.tradovate.auth.AccessTokenEvent;
import io.github.futuresauth.tradovate.auth.AccessTokenFailedEvent;
import io.github.futuresauth.tradovate.auth.AccessTokenRejectedEvent;
import io.github.futuresauth.tradovate.auth.AccessTokenRenewedEvent;
import io.github.futuresauth.tradovate.auth.LoginPenaltyEvent;
import io.github.futuresauth.tradovate.auth.RenewingTokenProvider;
import io.github.futuresauth.tradovate.auth.TradovateBearerTokenInterceptor;
import io.github.futuresauth.tradovate.autoconfigure.TradovateFailureCause;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.util.Assert;

/**
 * Micrometer meters for the access token of a {@link RenewingTokenProvider}, counted from the
 * events that the provider and its client publish:
 * <ul>
 * <li>{@code tradovate.auth.logins}: successful logins;</li>
 * <li>{@code tradovate.auth.renewals}: successful renewals;</li>
 * <li>{@code tradovate.auth.failures}, tagged {@code operation} ({@code login} or
 * {@code renewal}) and {@code cause} (see {@link TradovateFailureCause}): failed logins and
 * renewals, after any retries;</li>
 * <li>{@code tradovate.auth.penalties}: time penalties waited out before a login;</li>
 * <li>{@code tradovate.auth.token.rejections}: tokens that Tradovate refused while they were in
 * use;</li>
 * <li>{@code tradovate.auth.token.expiry}: a gauge of the seconds until the current token
 * expires, by the provider's clock, {@code 0} when there is none.</li>
 * </ul>
 * Events are counted from the start, also those that arrive before the meters are bound to a
 * registry.
 */
public class TradovateAuthMetrics implements MeterBinder, SmartApplicationListener {

	private static final String FAILURES = "tradovate.auth.failures";

	private final RenewingTokenProvider tokenProvider;

	private final @Nullable TradovateBearerTokenInterceptor interceptor;

	private final LongAdder logins = new LongAdder();

	private final LongAdder renewals = new LongAdder();

	private final LongAdder penalties = new LongAdder();

	private final LongAdder rejections = new LongAdder();

	private final Map<Tags, LongAdder> failures = new ConcurrentHashMap<>();

	private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

	/**
	 * Create meters for the given provider.
	 * @param tokenProvider the provider whose token the expiry gauge reports on
	 */
	public TradovateAuthMetrics(RenewingTokenProvider tokenProvider) {
		this(tokenProvider, null);
	}

	/**
	 * Create meters for the given provider and interceptor.
	 * @param tokenProvider the provider whose token the expiry gauge reports on
	 * @param interceptor the interceptor whose retries after {@code 401} to count, or {@code null}
	 */
	public TradovateAuthMetrics(RenewingTokenProvider tokenProvider,
			@Nullable TradovateBearerTokenInterceptor interceptor) {
		Assert.notNull(tokenProvider, "RenewingTokenProvider must not be null");
		this.tokenProvider = tokenProvider;
		this.interceptor = interceptor;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		FunctionCounter.builder("tradovate.auth.logins", this.logins, LongAdder::doubleValue)
			.description("Successful logins to Tradovate, each of which opened a session")
			.register(registry);
		FunctionCounter.builder("tradovate.auth.renewals", this.renewals, LongAdder::doubleValue)
			.description("Successful renewals of the Tradovate access token")
			.register(registry);
		FunctionCounter.builder("tradovate.auth.penalties", this.penalties, LongAdder::doubleValue)
			.description("Time penalties that Tradovate imposed on a login and that were waited out")
			.register(registry);
		FunctionCounter.builder("tradovate.auth.token.rejections", this.rejections, LongAdder::doubleValue)
			.description("Access tokens that Tradovate refused while they were in use, each followed by a new login")
			.register(registry);
		if (this.interceptor != null) {
			FunctionCounter
				.builder("tradovate.auth.unauthorized.retries", this.interceptor,
						TradovateBearerTokenInterceptor::getUnauthorizedRetries)
				.description("Requests that Tradovate answered with 401 and that were sent again with a new token")
				.register(registry);
		}
		Gauge.builder("tradovate.auth.token.expiry", this.tokenProvider, TradovateAuthMetrics::secondsToExpiry)
			.description("Time until the current Tradovate access token expires, 0 when there is none")
			.baseUnit("seconds")
			.strongReference(true)
			.register(registry);
		synchronized (this.registries) {
			this.registries.add(registry);
			this.failures.forEach((tags, count) -> registerFailures(registry, tags, count));
		}
	}

	@Override
	public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
		return AccessTokenEvent.class.isAssignableFrom(eventType) || LoginPenaltyEvent.class.isAssignableFrom(eventType);
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		if (event instanceof AccessTokenAcquiredEvent) {
			this.logins.increment();
		}
		else if (event instanceof AccessTokenRenewedEvent) {
			this.renewals.increment();
		}
		else if (event instanceof AccessTokenFailedEvent failed) {
			countFailure(failed);
		}
		else if (event instanceof AccessTokenRejectedEvent) {
			this.rejections.increment();
		}
		else if (event instanceof LoginPenaltyEvent) {
			this.penalties.increment();
		}
	}

	private void countFailure(AccessTokenFailedEvent event) {
		Tags tags = Tags.of("operation", event.getOperation().name().toLowerCase(Locale.ROOT), "cause",
				TradovateFailureCause.of(event.getException()).getCode());
		LongAdder count = this.failures.get(tags);
		if (count == null) {
			synchronized (this.registries) {
				count = this.failures.computeIfAbsent(tags, (key) -> new LongAdder());
				for (MeterRegistry registry : this.registries) {
					registerFailures(registry, tags, count);
				}
			}
		}
		count.increment();
	}

	private static void registerFailures(MeterRegistry registry, Tags tags, LongAdder count) {
		FunctionCounter.builder(FAILURES, count, LongAdder::doubleValue)
			.description("Failed logins and renewals of the Tradovate access token, after any retries")
			.tags(tags)
			.register(registry);
	}

	private static double secondsToExpiry(RenewingTokenProvider tokenProvider) {
		AccessToken token = tokenProvider.getCurrentToken();
		if (token == null) {
			return 0;
		}
		Duration remaining = Duration.between(tokenProvider.getClock().instant(), token.expirationTime());
		return remaining.isNegative() ? 0 : remaining.toMillis() / 1000.0;
	}

}
