package io.github.futuresauth.tradovate.autoconfigure.metrics;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import io.github.futuresauth.tradovate.auth.AccessTokenAcquiredEvent;
import io.github.futuresauth.tradovate.auth.AccessTokenEvent;
import io.github.futuresauth.tradovate.auth.AccessTokenFailedEvent;
import io.github.futuresauth.tradovate.auth.AccessTokenRejectedEvent;
import io.github.futuresauth.tradovate.auth.AccessTokenRenewedEvent;
import io.github.futuresauth.tradovate.auth.LoginPenaltyEvent;
import io.github.futuresauth.tradovate.auth.Hold;
import io.github.futuresauth.tradovate.auth.HoldReason;
import io.github.futuresauth.tradovate.auth.TokenProvider;
import io.github.futuresauth.tradovate.auth.TokenStatus;
import io.github.futuresauth.tradovate.auth.TokenStatusSource;
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
 * Micrometer meters for the access token of a {@link TokenProvider}: counters of the
 * events that the provider publishes, and gauges of its {@link TokenStatus}:
 * <ul>
 * <li>{@code tradovate.auth.logins}: successful logins;</li>
 * <li>{@code tradovate.auth.renewals}: successful renewals;</li>
 * <li>{@code tradovate.auth.failures}, tagged {@code operation} ({@code login} or
 * {@code renewal}) and {@code cause} (see {@link TradovateFailureCause}): failed logins
 * and renewals, after any retries;</li>
 * <li>{@code tradovate.auth.penalties}: time penalties waited out before a login;</li>
 * <li>{@code tradovate.auth.token.rejections}: tokens that Tradovate refused while they
 * were in use;</li>
 * <li>{@code tradovate.auth.token.expiry}: a gauge of the seconds until the current token
 * expires, in Tradovate's time, {@code 0} when there is none;</li>
 * <li>{@code tradovate.auth.budget.used} and {@code tradovate.auth.budget.limit}, tagged
 * {@code request} ({@code failed_login}, {@code renewal}, {@code check}): requests to
 * {@code /auth/*} in the last hour, against the hourly limit;</li>
 * <li>{@code tradovate.auth.hold}, tagged {@code reason}: {@code 1} while logins are held
 * for that reason, else {@code 0};</li>
 * <li>{@code tradovate.auth.clock.offset}: how many seconds Tradovate's clock is ahead of
 * this machine's (negative when behind).</li>
 * </ul>
 * Events are counted from the start, also those that arrive before the meters are bound
 * to a registry.
 */
public class TradovateAuthMetrics implements MeterBinder, SmartApplicationListener {

	private static final String FAILURES = "tradovate.auth.failures";

	private final TokenStatusSource tokenProvider;

	private final @Nullable TradovateBearerTokenInterceptor interceptor;

	/** The {@code user} tag of one of several users, whose events alone are counted. */
	private final Tags tags;

	private final boolean ownEventsOnly;

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
	public TradovateAuthMetrics(TokenStatusSource tokenProvider) {
		this(tokenProvider, (TradovateBearerTokenInterceptor) null);
	}

	/**
	 * Create meters for the given provider and interceptor.
	 * @param tokenProvider the provider whose token the expiry gauge reports on
	 * @param interceptor the interceptor whose retries after {@code 401} to count, or
	 * {@code null}
	 */
	public TradovateAuthMetrics(TokenStatusSource tokenProvider,
			@Nullable TradovateBearerTokenInterceptor interceptor) {
		this(tokenProvider, interceptor, Tags.empty(), false);
	}

	/**
	 * Create meters for one of several users, tagged {@code user} with its key, counting
	 * the events of its provider alone.
	 * @param tokenProvider the user's provider
	 * @param user the user's key
	 */
	TradovateAuthMetrics(TokenStatusSource tokenProvider, String user) {
		this(tokenProvider, null, Tags.of("user", user), true);
	}

	private TradovateAuthMetrics(TokenStatusSource tokenProvider, @Nullable TradovateBearerTokenInterceptor interceptor,
			Tags tags, boolean ownEventsOnly) {
		Assert.notNull(tokenProvider, "TokenStatusSource must not be null");
		this.tokenProvider = tokenProvider;
		this.interceptor = interceptor;
		this.tags = tags;
		this.ownEventsOnly = ownEventsOnly;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		FunctionCounter.builder("tradovate.auth.logins", this.logins, LongAdder::doubleValue)
			.description("Successful logins to Tradovate, each of which opened a session")
			.tags(this.tags)
			.register(registry);
		FunctionCounter.builder("tradovate.auth.renewals", this.renewals, LongAdder::doubleValue)
			.description("Successful renewals of the Tradovate access token")
			.tags(this.tags)
			.register(registry);
		FunctionCounter.builder("tradovate.auth.penalties", this.penalties, LongAdder::doubleValue)
			.description("Time penalties that Tradovate imposed on a login and that were waited out")
			.tags(this.tags)
			.register(registry);
		FunctionCounter.builder("tradovate.auth.token.rejections", this.rejections, LongAdder::doubleValue)
			.description("Access tokens that Tradovate refused while they were in use, each followed by a new login")
			.tags(this.tags)
			.register(registry);
		if (this.interceptor != null) {
			FunctionCounter
				.builder("tradovate.auth.unauthorized.retries", this.interceptor,
						TradovateBearerTokenInterceptor::getUnauthorizedRetries)
				.description("Requests that Tradovate answered with 401 and that were sent again with a new token")
				.tags(this.tags)
				.register(registry);
		}
		Gauge.builder("tradovate.auth.token.expiry", this.tokenProvider, TradovateAuthMetrics::secondsToExpiry)
			.description("Time until the current Tradovate access token expires, 0 when there is none")
			.baseUnit("seconds")
			.strongReference(true)
			.tags(this.tags)
			.register(registry);
		budgetGauge(registry, "failed_login", TokenStatus::failedLogins);
		budgetGauge(registry, "renewal", TokenStatus::renewals);
		budgetGauge(registry, "check", TokenStatus::checks);
		for (HoldReason reason : HoldReason.values()) {
			Gauge.builder("tradovate.auth.hold", this.tokenProvider, (source) -> {
				Hold hold = source.getStatus().hold();
				return (hold != null && hold.reason() == reason) ? 1 : 0;
			})
				.description("1 while logins to Tradovate are held for this reason, else 0")
				.tag("reason", reason.name().toLowerCase(Locale.ROOT))
				.strongReference(true)
				.tags(this.tags)
				.register(registry);
		}
		Gauge
			.builder("tradovate.auth.clock.offset", this.tokenProvider,
					(source) -> source.getStatus().clockOffset().toMillis() / 1000.0)
			.description("How far Tradovate's clock is ahead of this machine's")
			.baseUnit("seconds")
			.strongReference(true)
			.tags(this.tags)
			.register(registry);
		synchronized (this.registries) {
			this.registries.add(registry);
			this.failures.forEach((tags, count) -> registerFailures(registry, tags, count));
		}
	}

	@Override
	public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
		return counts(eventType);
	}

	/** Whether events of the given type are counted. */
	static boolean counts(Class<? extends ApplicationEvent> eventType) {
		return AccessTokenEvent.class.isAssignableFrom(eventType)
				|| LoginPenaltyEvent.class.isAssignableFrom(eventType);
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		if (this.ownEventsOnly && event.getSource() != this.tokenProvider) {
			return;
		}
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
		Tags tags = Tags
			.of("operation", event.getOperation().name().toLowerCase(Locale.ROOT), "cause",
					TradovateFailureCause.of(event.getException()).getCode())
			.and(this.tags);
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

	private void budgetGauge(MeterRegistry registry, String request, Function<TokenStatus, TokenStatus.Usage> usage) {
		Gauge
			.builder("tradovate.auth.budget.used", this.tokenProvider,
					(source) -> usage.apply(source.getStatus()).used())
			.description("Requests to Tradovate's /auth/* endpoints in the last hour")
			.tag("request", request)
			.strongReference(true)
			.tags(this.tags)
			.register(registry);
		Gauge
			.builder("tradovate.auth.budget.limit", this.tokenProvider,
					(source) -> usage.apply(source.getStatus()).limit())
			.description("Requests to Tradovate's /auth/* endpoints allowed in any hour")
			.tag("request", request)
			.strongReference(true)
			.tags(this.tags)
			.register(registry);
	}

	private static double secondsToExpiry(TokenStatusSource tokenProvider) {
		return tokenProvider.getStatus().expiresIn().toMillis() / 1000.0;
	}

}
