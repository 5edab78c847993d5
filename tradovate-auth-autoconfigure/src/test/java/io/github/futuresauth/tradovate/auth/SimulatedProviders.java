package io.github.futuresauth.tradovate.auth;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.futuresauth.tradovate.simulator.ManualTaskScheduler;
import io.github.futuresauth.tradovate.simulator.MutableClock;
import io.github.futuresauth.tradovate.simulator.RecordedRequest;
import io.github.futuresauth.tradovate.simulator.TradovateSimulator;

import org.springframework.core.retry.RetryPolicy;
import org.springframework.web.client.RestClient;

/**
 * Token providers on a simulator, sharing its clock and a {@link ManualTaskScheduler} on
 * it, so that tests move time instead of waiting for it. Providers are closed by
 * {@link #close()}.
 */
public final class SimulatedProviders implements AutoCloseable {

	/** The margin that providers renew with. */
	public static final Duration MARGIN = Duration.ofMinutes(15);

	private final TradovateSimulator simulator;

	private final MutableClock clock;

	private final ManualTaskScheduler scheduler;

	private final List<Object> events = new CopyOnWriteArrayList<>();

	private final List<RenewingTokenProvider> providers = new ArrayList<>();

	public SimulatedProviders(TradovateSimulator simulator) {
		this.simulator = simulator;
		this.clock = (MutableClock) simulator.clock();
		this.scheduler = new ManualTaskScheduler(this.clock);
	}

	public MutableClock clock() {
		return this.clock;
	}

	public ManualTaskScheduler scheduler() {
		return this.scheduler;
	}

	/**
	 * Return the events that the providers published, in order.
	 * @return the events
	 */
	public List<Object> events() {
		return this.events;
	}

	/**
	 * Create a client for the simulator.
	 * @param readTimeout the read timeout
	 * @return the client
	 */
	public TradovateAuthClient client(Duration readTimeout) {
		return TradovateAuthClient.create(this.simulator.baseUrl(), Duration.ofSeconds(1), readTimeout);
	}

	/**
	 * Create a provider for the default user, whose retries are a millisecond apart.
	 * @param password the password to log in with
	 * @return the provider
	 */
	public RenewingTokenProvider provider(String password) {
		return provider(client(Duration.ofSeconds(2)), password);
	}

	/**
	 * Create a provider for the default user, whose retries are a millisecond apart.
	 * @param client the client to log in with
	 * @param password the password to log in with
	 * @return the provider
	 */
	public RenewingTokenProvider provider(TradovateAuthClient client, String password) {
		return provider(client, TradovateCredentials.of(TradovateSimulator.DEFAULT_USER_NAME, password));
	}

	/**
	 * Create a provider for the given user, whose retries are a millisecond apart.
	 * @param client the client to log in with
	 * @param credentials the user's credentials
	 * @return the provider
	 */
	public RenewingTokenProvider provider(TradovateAuthClient client, TradovateCredentials credentials) {
		RenewingTokenProvider provider = new RenewingTokenProvider(client, credentials);
		provider.setClock(this.clock);
		provider.setTaskScheduler(this.scheduler);
		provider.setRenewalMargin(MARGIN);
		provider.setRetryPolicy(
				RetryPolicy.builder().maxRetries(3).delay(Duration.ofMillis(1)).maxDelay(Duration.ofMillis(4)).build());
		provider.setApplicationEventPublisher(this.events::add);
		// A caller who waits for a short penalty moves the clock rather than sleeping.
		provider.callerLogin.setPause(this.clock::advance);
		this.providers.add(provider);
		return provider;
	}

	/**
	 * Create a client for the simulator's API that carries the provider's token.
	 * @param provider the provider
	 * @return the client
	 */
	public RestClient restClient(TokenProvider provider) {
		URI baseUrl = this.simulator.baseUrl();
		return RestClient.builder()
			.baseUrl(baseUrl.toString())
			.requestInterceptor(new TradovateBearerTokenInterceptor(provider, baseUrl))
			.build();
	}

	/**
	 * Run every scheduled task due before the given instant, in order, moving the clock
	 * to each.
	 * @param end where to stop
	 */
	public void runUntil(Instant end) {
		while (this.scheduler.nextRun() != null && this.scheduler.nextRun().isBefore(end)) {
			this.clock.setInstant(this.scheduler.nextRun());
			this.scheduler.runDueTasks();
		}
		this.clock.setInstant(end);
	}

	/**
	 * Return the most requests to a path that arrived within any one hour, by the
	 * server's clock.
	 * @param path the path, such as {@code /v1/auth/accesstokenrequest}
	 * @return the count
	 */
	public int maxRequestsInAnyHour(String path) {
		List<Instant> arrivals = this.simulator.journal()
			.requests()
			.stream()
			.filter((request) -> request.path().equalsIgnoreCase(path))
			.map(RecordedRequest::arrivedAt)
			.toList();
		int most = 0;
		for (int i = 0; i < arrivals.size(); i++) {
			Instant end = arrivals.get(i).plus(Duration.ofHours(1));
			int count = 0;
			for (int j = i; j < arrivals.size() && arrivals.get(j).isBefore(end); j++) {
				count++;
			}
			most = Math.max(most, count);
		}
		return most;
	}

	@Override
	public void close() {
		this.providers.forEach(RenewingTokenProvider::close);
	}

}
