package io.github.futuresauth.tradovate.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.futuresauth.tradovate.auth.AccessToken;
import io.github.futuresauth.tradovate.auth.AuthLimits;
import io.github.futuresauth.tradovate.auth.RenewingTokenProvider;
import io.github.futuresauth.tradovate.auth.StoredToken;
import io.github.futuresauth.tradovate.auth.TokenProvider;
import io.github.futuresauth.tradovate.auth.TradovateBearerTokenInterceptor;
import io.github.futuresauth.tradovate.auth.TradovateCredentials;
import io.github.futuresauth.tradovate.auth.file.FileTokenStore;
import io.github.futuresauth.tradovate.simulator.TradovateSimulator;

import org.springframework.http.HttpHeaders;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.util.FileSystemUtils;

/**
 * Two processes on one machine that share the token through a {@link FileTokenStore}:
 * what does a request cost with the token in a file, and how soon does the second process
 * see a token that the first renewed?
 * <ol>
 * <li>Hot path: requests to Tradovate go through the
 * {@link TradovateBearerTokenInterceptor} of a provider on the file store, with a fake
 * execution that answers {@code 200} at once. The time per request is taken on the wall
 * clock, and the read system calls of the whole JVM ({@code syscr} in
 * {@code /proc/self/io}, where the system has it) are counted before and after: the store
 * answers from memory, so they should not grow with the requests.</li>
 * <li>Convergence: a second JVM, {@link FileStoreFollower}, watches the same file, as a
 * second application of the user would, and prints when it sees each new token. The first
 * renews with {@link RenewingTokenProvider#renewNow()} again and again, each time at a
 * random point of the follower's poll interval, as renewals come; the time runs on this
 * machine's wall clock, which both processes share, from the return of {@code renewNow()}
 * to the moment the follower saw the renewed token. It is bounded by the poll
 * interval.</li>
 * </ol>
 */
public final class FileStoreBenchmark {

	private static final URI TRADOVATE = URI.create("https://demo.tradovateapi.com/v1");

	private static final URI TRADOVATE_REQUEST = URI.create("https://demo.tradovateapi.com/v1/account/list");

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final Pattern SEEN = Pattern.compile("seen (\\d+) (\\d+)");

	private static final Path PROC_IO = Path.of("/proc/self/io");

	private FileStoreBenchmark() {
	}

	/**
	 * Run both measurements on a new simulator, in a new directory.
	 * @param settings the requests, renewals and poll interval
	 * @return the result
	 * @throws Exception if the follower fails or does not see a renewal in time
	 */
	public static Result run(Settings settings) throws Exception {
		Path directory = Files.createTempDirectory("tradovate-file-store-benchmark");
		TradovateCredentials credentials = TradovateCredentials.of(TradovateSimulator.DEFAULT_USER_NAME,
				TradovateSimulator.DEFAULT_PASSWORD);
		Path file = directory.resolve(FileTokenStore.fileName("demo", credentials));
		FileTokenStore store = new FileTokenStore(file, "demo", credentials);
		store.setPollInterval(settings.pollInterval());
		try (TradovateSimulator simulator = TradovateSimulator.builder()
			.clock(Clock.systemUTC())
			.user(TradovateSimulator.DEFAULT_USER_NAME, TradovateSimulator.DEFAULT_PASSWORD)
			.rateLimits(false)
			.start();
				RenewingTokenProvider provider = SimulatorProviders.forDefaultUser(simulator, Duration.ofSeconds(1),
						Duration.ofSeconds(5))) {
			store.start();
			provider.setTokenStore(store);
			// Renewed far more often than Tradovate's hourly budget allows.
			provider.setLimits(new AuthLimits(AuthLimits.TRADOVATE.failedLoginsPerHour(), Integer.MAX_VALUE,
					AuthLimits.TRADOVATE.checksPerHour(), AuthLimits.TRADOVATE.minLoginInterval()));
			provider.getToken();
			AccessToken token = provider.getToken();
			HotPath fixed = sendRequests(new TokenProvider() {

				@Override
				public AccessToken getToken() {
					return token;
				}

				@Override
				public void invalidate(AccessToken rejected) {
				}

			}, settings.requests());
			HotPath hotPath = sendRequests(provider, settings.requests());
			Latencies seen = follow(provider, store, file, settings);
			return new Result(settings, hotPath.nanosPerRequest(), fixed.nanosPerRequest(), hotPath.readCalls(), seen,
					simulator.journal().logins(), simulator.journal().renewals());
		}
		finally {
			store.close();
			FileSystemUtils.deleteRecursively(directory);
		}
	}

	private static HotPath sendRequests(TokenProvider provider, int requests) throws IOException {
		ClientHttpRequestExecution execution = (request, body) -> OkResponse.INSTANCE;
		TradovateBearerTokenInterceptor interceptor = new TradovateBearerTokenInterceptor(provider, TRADOVATE);
		byte[] body = new byte[0];
		// Warm up, then measure.
		for (int i = 0; i < Math.min(requests, 200_000); i++) {
			send(interceptor, body, execution);
		}
		long readsBefore = readCalls();
		long start = System.nanoTime();
		for (int i = 0; i < requests; i++) {
			send(interceptor, body, execution);
		}
		long took = System.nanoTime() - start;
		long readsAfter = readCalls();
		return new HotPath((requests != 0) ? (double) took / requests : 0,
				(readsBefore < 0 || readsAfter < 0) ? -1 : readsAfter - readsBefore);
	}

	private static void send(TradovateBearerTokenInterceptor interceptor, byte[] body,
			ClientHttpRequestExecution execution) throws IOException {
		FakeRequest request = new FakeRequest(TRADOVATE_REQUEST, new HttpHeaders());
		interceptor.intercept(request, body, execution);
		if (request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION) == null) {
			throw new IllegalStateException("A request to Tradovate went out without an Authorization header");
		}
	}

	/**
	 * Return the read system calls of this JVM so far, or {@code -1} where the system
	 * does not count them. Reading the count costs one or two such calls itself.
	 */
	static long readCalls() {
		try {
			for (String line : Files.readAllLines(PROC_IO)) {
				if (line.startsWith("syscr:")) {
					return Long.parseLong(line.substring("syscr:".length()).trim());
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// Not Linux, or not readable.
		}
		return -1;
	}

	private static Latencies follow(RenewingTokenProvider provider, FileTokenStore store, Path file, Settings settings)
			throws Exception {
		Process follower = new ProcessBuilder(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
						"-Xmx128m", "-cp", System.getProperty("java.class.path"), FileStoreFollower.class.getName(),
						file.toString(), Long.toString(settings.pollInterval().toMillis())))
			.redirectError(ProcessBuilder.Redirect.DISCARD)
			.start();
		BlockingQueue<long[]> sightings = new LinkedBlockingQueue<>();
		Thread reader = new Thread(() -> {
			try (BufferedReader lines = new BufferedReader(
					new InputStreamReader(follower.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = lines.readLine()) != null) {
					Matcher matcher = SEEN.matcher(line);
					if (matcher.matches()) {
						sightings
							.add(new long[] { Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)) });
					}
				}
			}
			catch (IOException ex) {
				// The follower ended.
			}
		}, "file-store-follower-output");
		reader.setDaemon(true);
		reader.start();
		try {
			awaitVersion(sightings, store.current().version());
			Latencies latencies = new Latencies();
			for (int i = 0; i < settings.renewals(); i++) {
				// At a random point of the follower's poll interval, as a renewal comes.
				Thread.sleep(ThreadLocalRandom.current().nextLong(settings.pollInterval().toMillis() + 1));
				provider.renewNow();
				long returned = FileStoreFollower.micros(Instant.now());
				StoredToken renewed = store.current();
				long seenAt = awaitVersion(sightings, renewed.version());
				latencies.record(TimeUnit.MICROSECONDS.toNanos(seenAt - returned));
			}
			return latencies;
		}
		finally {
			follower.getOutputStream().close();
			if (!follower.waitFor(10, TimeUnit.SECONDS)) {
				follower.destroyForcibly();
			}
		}
	}

	/** Waits until the follower saw the given version, and returns when it did. */
	private static long awaitVersion(BlockingQueue<long[]> sightings, long version) throws InterruptedException {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (true) {
			long[] sighting = sightings.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			if (sighting == null) {
				throw new IllegalStateException(
						"The second process did not see version " + version + " within " + TIMEOUT.toSeconds() + " s");
			}
			if (sighting[0] >= version) {
				return sighting[1];
			}
		}
	}

	private record HotPath(double nanosPerRequest, long readCalls) {

	}

	/**
	 * What to run.
	 *
	 * @param requests how many requests to send through the interceptor
	 * @param renewals how many renewals the second process must see
	 * @param pollInterval how often the second process looks at the file
	 */
	public record Settings(int requests, int renewals, Duration pollInterval) {

		/**
		 * The settings of the default run: 1,000,000 requests, 20 renewals, the default
		 * poll interval of 1 s.
		 */
		public static final Settings DEFAULT = new Settings(1_000_000, 20, Duration.ofSeconds(1));

	}

	/**
	 * What the two processes did.
	 *
	 * @param settings what ran
	 * @param nanosPerRequest the time per request through the interceptor
	 * @param fixedNanosPerRequest the same for a provider that returns a constant token,
	 * the floor
	 * @param readCalls the read system calls of the whole JVM while the requests were
	 * sent, {@code -1} where the system does not count them
	 * @param seen the time from the return of {@code renewNow()} until the second process
	 * saw the renewed token
	 * @param logins logins that reached the simulator
	 * @param renewals renewals that reached the simulator
	 */
	public record Result(Settings settings, double nanosPerRequest, double fixedNanosPerRequest, long readCalls,
			Latencies seen, int logins, int renewals) {

		/**
		 * Return the results as Markdown tables.
		 * @return the tables
		 */
		public String toMarkdown() {
			StringBuilder text = new StringBuilder();
			text.append("| Requests through the interceptor, token in a file | ns per request"
					+ " | Read system calls meanwhile | Per request |\n");
			text.append("|---:|---:|---:|---:|\n");
			text.append(String.format(Locale.ROOT, "| %,d | %.1f (constant token: %.1f) | %s | **%s** |%n",
					this.settings.requests(), this.nanosPerRequest, this.fixedNanosPerRequest,
					(this.readCalls < 0) ? "not counted" : String.format("%,d", this.readCalls),
					(this.readCalls < 0) ? "-"
							: String.format(Locale.ROOT, "%.6f", (double) this.readCalls / this.settings.requests())));
			text.append(String.format(Locale.ROOT,
					"%n| The second process sees the renewed token (poll every %d ms) | Renewals | p50 (ms)"
							+ " | p99 (ms) | max (ms) |%n",
					this.settings.pollInterval().toMillis()));
			text.append("|---|---:|---:|---:|---:|\n");
			text.append(String.format(Locale.ROOT, "| From the return of `renewNow()` | %d | %s | %s | %s |%n",
					this.seen.count(), Latencies.millis(this.seen.percentileNanos(50)),
					Latencies.millis(this.seen.percentileNanos(99)), Latencies.millis(this.seen.maxNanos())));
			text.append(String.format(Locale.ROOT, "%n%d login(s) and %d renewals reached the simulator.%n",
					this.logins, this.renewals));
			return text.toString();
		}

	}

}
