package io.github.futuresauth.tradovate.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.github.futuresauth.tradovate.auth.RenewingTokenProvider;
import io.github.futuresauth.tradovate.simulator.TradovateSimulator;
import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;

/**
 * N threads ask for a token at the same moment while none is held: how many token
 * requests reach the server, and how long each thread waits for its token.
 * <p>
 * Each trial starts a fresh server and a fresh client. The N threads are started and wait
 * on a latch; the time of each thread runs from the moment the latch opens to the moment
 * it holds a token. Both servers answer a token request after the same fixed latency, as
 * a server across a network would: the {@link TradovateSimulator} through
 * {@code delayNext}, Spring Security's loopback token endpoint by waiting before it
 * answers.
 */
public final class ColdStampedeBenchmark {

	private ColdStampedeBenchmark() {
	}

	/**
	 * Run the stampedes.
	 * @param settings the thread counts, trials and server latency
	 * @return one row per implementation and thread count
	 * @throws Exception if a server cannot start or a thread gets no token
	 */
	public static Result run(Settings settings) throws Exception {
		List<Row> rows = new ArrayList<>();
		for (int threads : settings.threadCounts()) {
			rows.add(trials("Tradovate starter", threads, settings, ColdStampedeBenchmark::tradovate));
			rows.add(trials("Spring Security", threads, settings, ColdStampedeBenchmark::springSecurity));
		}
		return new Result(rows, settings.serverLatency());
	}

	private static Row trials(String name, int threads, Settings settings, Trial trial) throws Exception {
		Latencies latencies = new Latencies();
		Map<String, Integer> failures = new TreeMap<>();
		int minRequests = Integer.MAX_VALUE;
		int maxRequests = 0;
		for (int i = 0; i < settings.trials(); i++) {
			int requests = trial.run(threads, settings.serverLatency(), latencies, failures);
			minRequests = Math.min(minRequests, requests);
			maxRequests = Math.max(maxRequests, requests);
		}
		return new Row(name, threads, settings.trials(), minRequests, maxRequests, latencies, failures);
	}

	private static int tradovate(int threads, Duration latency, Latencies latencies, Map<String, Integer> failures)
			throws Exception {
		try (TradovateSimulator simulator = TradovateSimulator.builder()
			.user(TradovateSimulator.DEFAULT_USER_NAME, TradovateSimulator.DEFAULT_PASSWORD)
			.sessionLimit(Integer.MAX_VALUE)
			.start()) {
			// Every login that could be sent is delayed alike.
			simulator.delayNext(threads, latency);
			RenewingTokenProvider tokenProvider = SimulatorProviders.forDefaultUser(simulator, Duration.ofSeconds(10),
					Duration.ofSeconds(60));
			try (tokenProvider) {
				stampede(threads, () -> tokenProvider.getToken().accessToken(), latencies, failures);
			}
			return simulator.journal().logins();
		}
	}

	private static int springSecurity(int threads, Duration latency, Latencies latencies, Map<String, Integer> failures)
			throws Exception {
		try (LoopbackTokenEndpoint endpoint = LoopbackTokenEndpoint.start(latency)) {
			ClientRegistration registration = SpringSecurityClients.registration(endpoint.tokenUri());
			AuthorizedClientServiceOAuth2AuthorizedClientManager manager = SpringSecurityClients.manager(registration,
					new InMemoryOAuth2AuthorizedClientService(new InMemoryClientRegistrationRepository(registration)));
			stampede(threads, () -> {
				OAuth2AuthorizedClient client = manager.authorize(SpringSecurityClients.authorizeRequest());
				return (client != null) ? client.getAccessToken().getTokenValue() : null;
			}, latencies, failures);
			return endpoint.tokenRequests();
		}
	}

	/**
	 * Start the threads, let them call at once, and record when each holds its token, or
	 * why it got none.
	 */
	private static void stampede(int threads, Supplier<@Nullable String> getToken, Latencies latencies,
			Map<String, Integer> failures) throws InterruptedException {
		CountDownLatch ready = new CountDownLatch(threads);
		CountDownLatch go = new CountDownLatch(1);
		long[] done = new long[threads];
		Throwable[] failed = new Throwable[threads];
		List<Thread> started = new ArrayList<>(threads);
		for (int i = 0; i < threads; i++) {
			int index = i;
			Thread thread = new Thread(() -> {
				ready.countDown();
				try {
					go.await();
					if (getToken.get() == null) {
						throw new IllegalStateException("No token");
					}
					done[index] = System.nanoTime();
				}
				catch (Throwable ex) {
					failed[index] = ex;
				}
			}, "stampede-" + i);
			thread.setDaemon(true);
			thread.start();
			started.add(thread);
		}
		ready.await();
		long start = System.nanoTime();
		go.countDown();
		for (Thread thread : started) {
			thread.join();
		}
		for (int i = 0; i < threads; i++) {
			if (failed[i] != null) {
				failures.merge(failed[i].getClass().getSimpleName(), 1, Integer::sum);
			}
			else {
				latencies.record(done[i] - start);
			}
		}
	}

	@FunctionalInterface
	private interface Trial {

		int run(int threads, Duration latency, Latencies latencies, Map<String, Integer> failures) throws Exception;

	}

	/**
	 * What to run.
	 *
	 * @param threadCounts the numbers of threads that call at once
	 * @param trials how many times each stampede runs, each on fresh servers and clients
	 * @param serverLatency how long a server takes to answer a token request
	 */
	public record Settings(List<Integer> threadCounts, int trials, Duration serverLatency) {

		/**
		 * The settings of the default run: 1, 10, 100 and 1000 threads, 5 trials, 20 ms.
		 */
		public static final Settings DEFAULT = new Settings(List.of(1, 10, 100, 1000), 5, Duration.ofMillis(20));

	}

	/**
	 * The stampedes of one implementation at one thread count.
	 *
	 * @param name the implementation
	 * @param threads the number of threads
	 * @param trials the number of trials
	 * @param minTokenRequests the fewest token requests that a trial sent
	 * @param maxTokenRequests the most token requests that a trial sent
	 * @param latencies the time to the token of every thread of every trial that got one
	 * @param failures the threads of all trials that got no token, by the simple name of
	 * the exception they got
	 */
	public record Row(String name, int threads, int trials, int minTokenRequests, int maxTokenRequests,
			Latencies latencies, Map<String, Integer> failures) {

		int failedThreads() {
			return this.failures.values().stream().mapToInt(Integer::intValue).sum();
		}

		String failuresDescription() {
			if (this.failures.isEmpty()) {
				return "0";
			}
			return failedThreads() + " ("
					+ this.failures.entrySet()
						.stream()
						.map((failure) -> failure.getValue() + " `" + failure.getKey() + "`")
						.collect(Collectors.joining(", "))
					+ ")";
		}

		String tokenRequests() {
			return (this.minTokenRequests == this.maxTokenRequests) ? String.valueOf(this.minTokenRequests)
					: this.minTokenRequests + " to " + this.maxTokenRequests;
		}

	}

	/**
	 * The stampedes.
	 *
	 * @param rows one row per implementation and thread count
	 * @param serverLatency how long a server took to answer a token request
	 */
	public record Result(List<Row> rows, Duration serverLatency) {

		/**
		 * Return the results as a Markdown table.
		 * @return the table
		 */
		public String toMarkdown() {
			StringBuilder table = new StringBuilder();
			table.append("| Client | Threads | Token requests per stampede | Threads without a token, all trials "
					+ "| p50 (ms) | p99 (ms) | max (ms) |\n");
			table.append("|---|---:|---:|---:|---:|---:|---:|\n");
			for (Row row : this.rows) {
				table.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %s |%n", row.name(),
						row.threads(), row.tokenRequests(), row.failuresDescription(),
						Latencies.millis(row.latencies().percentileNanos(50)),
						Latencies.millis(row.latencies().percentileNanos(99)),
						Latencies.millis(row.latencies().maxNanos())));
			}
			return table.toString();
		}

	}

}
