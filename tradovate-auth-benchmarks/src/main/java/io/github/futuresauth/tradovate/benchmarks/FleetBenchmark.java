package io.github.futuresauth.tradovate.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.github.futuresauth.tradovate.auth.AuthLimits;
import io.github.futuresauth.tradovate.auth.RenewingTokenProvider;
import io.github.futuresauth.tradovate.auth.StoredToken;
import io.github.futuresauth.tradovate.auth.TradovateBearerTokenInterceptor;
import io.github.futuresauth.tradovate.auth.redis.RedisServer;
import io.github.futuresauth.tradovate.auth.redis.RedisTokenStore;
import io.github.futuresauth.tradovate.simulator.TradovateSimulator;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.ClientHttpRequestExecution;

/**
 * A fleet of instances that share one token through Redis: how soon does every instance
 * serve a token that one of them renewed, and how many Redis commands does a request
 * cost?
 * <p>
 * A {@code redis-server} of the benchmark's own and the simulator run on loopback. Each
 * instance is a {@link RenewingTokenProvider} with a {@link RedisTokenStore} and a
 * Lettuce connection factory of its own, as separate processes have. The stores poll
 * Redis only once an hour, so that what the benchmark sees is the announcement of a
 * change, and so that polls do not count as commands of requests.
 * <ol>
 * <li>Convergence: one instance after the other renews with
 * {@link RenewingTokenProvider#renewNow()}, and one thread asks every instance's
 * {@code getToken()} until each serves the renewed token. The time runs on the wall clock
 * from the call of {@code renewNow()}, and from its return, to the moment the last
 * instance served the new token. Between renewals the benchmark waits until Redis is
 * idle, and counts the commands that each renewal cost the whole fleet.</li>
 * <li>Round trips: requests to Tradovate go through the
 * {@link TradovateBearerTokenInterceptor} of every instance in turn, with a fake
 * execution that answers {@code 200} at once, and Redis' {@code total_commands_processed}
 * is read before and after them.</li>
 * </ol>
 */
public final class FleetBenchmark {

	private static final URI TRADOVATE = URI.create("https://demo.tradovateapi.com/v1");

	private static final URI TRADOVATE_REQUEST = URI.create("https://demo.tradovateapi.com/v1/account/list");

	/** Longer than the run: the stores learn of changes from announcements alone. */
	private static final Duration POLL_INTERVAL = Duration.ofHours(1);

	private static final Duration CONVERGENCE_TIMEOUT = Duration.ofSeconds(10);

	/** How long Redis must process no command to count as idle. */
	private static final Duration QUIET_TIME = Duration.ofMillis(100);

	/** How often the instances are asked for their token while the fleet converges. */
	private static final long ASK_INTERVAL_NANOS = Duration.ofNanos(20_000).toNanos();

	private FleetBenchmark() {
	}

	/**
	 * Run both measurements on a new Redis and simulator.
	 * @param settings the size of the fleet, the renewals and the requests
	 * @return the result
	 * @throws Exception if an instance fails or the fleet does not converge
	 */
	public static Result run(Settings settings) throws Exception {
		try (RedisServer redis = RedisServer.start();
				TradovateSimulator simulator = TradovateSimulator.builder()
					.clock(Clock.systemUTC())
					.user(TradovateSimulator.DEFAULT_USER_NAME, TradovateSimulator.DEFAULT_PASSWORD)
					.rateLimits(false)
					.start();
				Fleet fleet = new Fleet(redis, simulator, settings.instances())) {
			fleet.logIn();
			Convergence convergence = converge(fleet, redis, settings.renewals());
			long requestCommands = sendRequests(fleet, redis, settings.requests());
			return new Result(settings, convergence.fromCall(), convergence.fromReturn(), convergence.minCommands(),
					convergence.maxCommands(), requestCommands, simulator.journal().logins(),
					simulator.journal().renewals());
		}
	}

	private static Convergence converge(Fleet fleet, RedisServer redis, int renewals) {
		Latencies fromCall = new Latencies();
		Latencies fromReturn = new Latencies();
		long minCommands = Long.MAX_VALUE;
		long maxCommands = 0;
		List<RenewingTokenProvider> providers = fleet.providers;
		for (int renewal = 0; renewal < renewals; renewal++) {
			String previous = providers.get(0).getToken().accessToken();
			long before = awaitIdle(redis);
			long called = System.nanoTime();
			String renewed = providers.get(renewal % providers.size()).renewNow().accessToken();
			long returned = System.nanoTime();
			if (renewed.equals(previous)) {
				throw new IllegalStateException(
						"The renewal returned the token it renewed: there is nothing to wait for");
			}
			long converged = awaitToken(providers, renewed, returned);
			fromCall.record(converged - called);
			fromReturn.record(converged - returned);
			long commands = awaitIdle(redis) - before;
			minCommands = Math.min(minCommands, commands);
			maxCommands = Math.max(maxCommands, commands);
		}
		return new Convergence(fromCall, fromReturn, (renewals != 0) ? minCommands : 0, maxCommands);
	}

	/**
	 * Ask every instance for its token until each serves the given one, and return when
	 * the last one first did.
	 */
	private static long awaitToken(List<RenewingTokenProvider> providers, String token, long since) {
		long[] served = new long[providers.size()];
		int pending = providers.size();
		long deadline = since + CONVERGENCE_TIMEOUT.toNanos();
		long last = since;
		while (pending > 0) {
			for (int i = 0; i < served.length; i++) {
				if (served[i] == 0 && providers.get(i).getToken().accessToken().equals(token)) {
					served[i] = System.nanoTime();
					last = Math.max(last, served[i]);
					pending--;
				}
			}
			if (pending > 0) {
				if (System.nanoTime() > deadline) {
					String behind = IntStream.range(0, served.length)
						.filter((i) -> served[i] == 0)
						.mapToObj(Integer::toString)
						.collect(Collectors.joining(", "));
					throw new IllegalStateException("Instances " + behind + " did not serve the renewed token within "
							+ CONVERGENCE_TIMEOUT.toSeconds() + " s: are announcements of changes reaching them?");
				}
				LockSupport.parkNanos(ASK_INTERVAL_NANOS);
			}
		}
		return last;
	}

	/**
	 * Wait until Redis has processed no command for a while, and return the number of
	 * commands it has processed.
	 */
	private static long awaitIdle(RedisServer redis) {
		long deadline = System.nanoTime() + CONVERGENCE_TIMEOUT.toNanos();
		long previous = redis.commandsProcessed();
		while (true) {
			LockSupport.parkNanos(QUIET_TIME.toNanos());
			long current = redis.commandsProcessed();
			if (current == previous) {
				return current;
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Redis did not become idle within " + CONVERGENCE_TIMEOUT.toSeconds()
						+ " s: something in the fleet keeps sending commands");
			}
			previous = current;
		}
	}

	private static long sendRequests(Fleet fleet, RedisServer redis, int requests) throws IOException {
		ClientHttpRequestExecution execution = (request, body) -> OkResponse.INSTANCE;
		byte[] body = new byte[0];
		List<TradovateBearerTokenInterceptor> interceptors = fleet.providers.stream()
			.map((provider) -> new TradovateBearerTokenInterceptor(provider, TRADOVATE))
			.toList();
		long before = awaitIdle(redis);
		for (int i = 0; i < requests; i++) {
			FakeRequest request = new FakeRequest(TRADOVATE_REQUEST, new HttpHeaders());
			interceptors.get(i % interceptors.size()).intercept(request, body, execution);
			if (request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION) == null) {
				throw new IllegalStateException("A request to Tradovate went out without an Authorization header");
			}
		}
		return redis.commandsProcessed() - before;
	}

	/**
	 * Instances of a fleet, each with a store and a connection factory of its own.
	 */
	private static final class Fleet implements AutoCloseable {

		private final List<RenewingTokenProvider> providers = new ArrayList<>();

		private final List<RedisTokenStore> stores = new ArrayList<>();

		private final List<LettuceConnectionFactory> connectionFactories = new ArrayList<>();

		Fleet(RedisServer redis, TradovateSimulator simulator, int instances) {
			try {
				for (int i = 0; i < instances; i++) {
					add(redis, simulator);
				}
			}
			catch (RuntimeException ex) {
				close();
				throw ex;
			}
		}

		private void add(RedisServer redis, TradovateSimulator simulator) {
			LettuceConnectionFactory connectionFactory = new LettuceConnectionFactory(
					new RedisStandaloneConfiguration("127.0.0.1", redis.getPort()),
					LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(2)).build());
			this.connectionFactories.add(connectionFactory);
			connectionFactory.afterPropertiesSet();
			connectionFactory.start();
			RedisTokenStore store = new RedisTokenStore(new StringRedisTemplate(connectionFactory), "tradovate", "demo",
					TradovateSimulator.DEFAULT_USER_NAME);
			store.setPollInterval(POLL_INTERVAL);
			this.stores.add(store);
			store.start();
			RenewingTokenProvider provider = SimulatorProviders.forDefaultUser(simulator, Duration.ofSeconds(1),
					Duration.ofSeconds(5));
			provider.setTokenStore(store);
			// The fleet renews far more often than Tradovate's hourly budget allows.
			provider.setLimits(new AuthLimits(AuthLimits.TRADOVATE.failedLoginsPerHour(), Integer.MAX_VALUE,
					AuthLimits.TRADOVATE.checksPerHour(), AuthLimits.TRADOVATE.minLoginInterval()));
			this.providers.add(provider);
		}

		/**
		 * Log in on the first instance, and wait until every store holds its token, so
		 * that no other instance logs in.
		 */
		void logIn() {
			String token = this.providers.get(0).getToken().accessToken();
			long deadline = System.nanoTime() + CONVERGENCE_TIMEOUT.toNanos();
			while (!this.stores.stream().allMatch((store) -> holds(store, token))) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("The stores did not receive the token of the first login within "
							+ CONVERGENCE_TIMEOUT.toSeconds() + " s: are announcements of changes reaching them?");
				}
				LockSupport.parkNanos(ASK_INTERVAL_NANOS);
			}
		}

		private static boolean holds(RedisTokenStore store, String token) {
			StoredToken stored = store.current();
			return stored != null && stored.token().accessToken().equals(token);
		}

		@Override
		public void close() {
			this.providers.forEach(RenewingTokenProvider::close);
			this.stores.forEach(RedisTokenStore::close);
			this.connectionFactories.forEach(LettuceConnectionFactory::destroy);
		}

	}

	private record Convergence(Latencies fromCall, Latencies fromReturn, long minCommands, long maxCommands) {

	}

	/**
	 * What to run.
	 *
	 * @param instances how many instances share the token
	 * @param renewals how many renewals to time, each on the next instance in turn
	 * @param requests how many requests to send through the instances' interceptors
	 */
	public record Settings(int instances, int renewals, int requests) {

		/**
		 * The settings of the default run: 8 instances, 20 renewals, 10,000 requests.
		 */
		public static final Settings DEFAULT = new Settings(8, 20, 10_000);

	}

	/**
	 * What the fleet did.
	 *
	 * @param settings what ran
	 * @param fromCall the time from the call of {@code renewNow()} until every instance
	 * served the renewed token
	 * @param fromReturn the time from the return of {@code renewNow()} until then
	 * @param minCommandsPerRenewal the fewest Redis commands that one renewal cost the
	 * fleet
	 * @param maxCommandsPerRenewal the most
	 * @param requestCommands the Redis commands processed while the requests were sent
	 * @param logins logins that reached the simulator
	 * @param renewals renewals that reached the simulator
	 */
	public record Result(Settings settings, Latencies fromCall, Latencies fromReturn, long minCommandsPerRenewal,
			long maxCommandsPerRenewal, long requestCommands, int logins, int renewals) {

		/**
		 * Return the Redis commands per request.
		 * @return commands per request
		 */
		public double commandsPerRequest() {
			return (this.settings.requests() != 0) ? (double) this.requestCommands / this.settings.requests() : 0;
		}

		/**
		 * Return the results as Markdown tables.
		 * @return the tables
		 */
		public String toMarkdown() {
			StringBuilder text = new StringBuilder();
			text.append(String.format(Locale.ROOT,
					"| All %d instances serve the renewed token | Renewals | p50 (ms)" + " | p99 (ms) | max (ms) |%n",
					this.settings.instances()));
			text.append("|---|---:|---:|---:|---:|\n");
			row(text, "From the call of `renewNow()`", this.fromCall);
			row(text, "From its return", this.fromReturn);
			text.append(String.format(Locale.ROOT,
					"%n%d login(s) and %d renewals reached the simulator; one renewal cost the fleet %s Redis"
							+ " commands.%n%n",
					this.logins, this.renewals,
					(this.minCommandsPerRenewal == this.maxCommandsPerRenewal)
							? Long.toString(this.minCommandsPerRenewal)
							: this.minCommandsPerRenewal + " to " + this.maxCommandsPerRenewal));
			text.append("| Requests through the interceptors | Redis commands meanwhile | Per request |\n");
			text.append("|---:|---:|---:|\n");
			text.append(String.format(Locale.ROOT, "| %,d | %,d | **%s** |%n", this.settings.requests(),
					this.requestCommands, perRequest()));
			return text.toString();
		}

		private String perRequest() {
			return (this.requestCommands == 0) ? "0" : String.format(Locale.ROOT, "%.4f", commandsPerRequest());
		}

		private static void row(StringBuilder text, String name, Latencies latencies) {
			text.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s |%n", name, latencies.count(),
					Latencies.millis(latencies.percentileNanos(50)), Latencies.millis(latencies.percentileNanos(99)),
					Latencies.millis(latencies.maxNanos())));
		}

	}

}
