package io.github.futuresauth.tradovate.benchmarks;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

import io.github.futuresauth.tradovate.auth.AuthLimits;
import io.github.futuresauth.tradovate.auth.RenewingTokenProvider;
import io.github.futuresauth.tradovate.auth.TradovateAuthException;
import io.github.futuresauth.tradovate.simulator.TradovateSimulator;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Threads call {@code getToken()} back to back while the token is renewed again and
 * again: do callers wait for a renewal?
 * <p>
 * The simulator runs on the system clock and issues short-lived tokens, so that the
 * provider renews every few seconds; each renewal takes a fixed latency on the server.
 * The provider's scheduler counts renewals that start and end, and each call is classed
 * as inside a renewal window when a renewal was running when it started or started before
 * it returned. A call that took at least half the renewal latency and returned only after
 * a renewal ended counts as blocked by the renewal, since a caller that waits for a
 * renewal returns when it ends; slow calls outside windows are counted too, as the noise
 * of the machine (preemption, GC).
 */
public final class RenewalUnderLoadBenchmark {

	private RenewalUnderLoadBenchmark() {
	}

	/**
	 * Run the callers while renewals happen.
	 * @param settings threads, duration and token timing
	 * @return the result
	 * @throws Exception if a caller fails
	 */
	public static Result run(Settings settings) throws Exception {
		try (TradovateSimulator simulator = TradovateSimulator.builder()
			.clock(Clock.systemUTC())
			.user(TradovateSimulator.DEFAULT_USER_NAME, TradovateSimulator.DEFAULT_PASSWORD)
			.tokenLifetime(settings.tokenLifetime())
			.start()) {
			ThreadPoolTaskScheduler threadPool = new ThreadPoolTaskScheduler();
			threadPool.setThreadNamePrefix("tradovate-renewal-");
			threadPool.setDaemon(true);
			threadPool.initialize();
			RenewalWindowScheduler scheduler = new RenewalWindowScheduler(threadPool);
			RenewingTokenProvider tokenProvider = SimulatorProviders.forDefaultUser(simulator, Duration.ofSeconds(5),
					Duration.ofSeconds(10));
			tokenProvider.setTaskScheduler(scheduler);
			tokenProvider.setRenewalMargin(settings.renewalMargin());
			// Tokens live seconds here rather than 90 minutes: the hourly renewal budget
			// must not stop renewals that come a thousand times as often, and a token
			// that expires because its renewal came too late is replaced at once (and
			// counted as a login).
			tokenProvider.setLimits(new AuthLimits(AuthLimits.TRADOVATE.failedLoginsPerHour(), Integer.MAX_VALUE,
					AuthLimits.TRADOVATE.checksPerHour(), Duration.ZERO));
			try (tokenProvider) {
				tokenProvider.getToken();
				// Every renewal that can happen in the run takes the same time on the
				// server.
				simulator.delayNext(10_000, settings.renewalLatency());
				Result result = call(tokenProvider, scheduler, settings);
				return result.withRequests(simulator.journal().renewals(), simulator.journal().logins());
			}
			finally {
				threadPool.shutdown();
			}
		}
	}

	private static Result call(RenewingTokenProvider tokenProvider, RenewalWindowScheduler scheduler, Settings settings)
			throws InterruptedException {
		long threshold = settings.renewalLatency().toNanos() / 2;
		long end = System.nanoTime() + settings.duration().toNanos();
		List<Caller> callers = new ArrayList<>();
		AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < settings.threads(); i++) {
			Caller caller = new Caller(tokenProvider, scheduler, threshold, end);
			callers.add(caller);
			Thread thread = new Thread(() -> {
				try {
					caller.run();
				}
				catch (Throwable ex) {
					failure.compareAndSet(null, ex);
				}
			}, "caller-" + i);
			threads.add(thread);
		}
		threads.forEach(Thread::start);
		for (Thread thread : threads) {
			thread.join();
		}
		Throwable ex = failure.get();
		if (ex != null) {
			throw new IllegalStateException("A caller failed", ex);
		}
		Latencies inside = new Latencies();
		Latencies outside = new Latencies();
		long slowInside = 0;
		long blocked = 0;
		long slowOutside = 0;
		long failed = 0;
		for (Caller caller : callers) {
			failed += caller.failed;
			inside.add(caller.inside);
			outside.add(caller.outside);
			slowInside += caller.slowInside;
			blocked += caller.blocked;
			slowOutside += caller.slowOutside;
		}
		return new Result(settings, inside, outside, slowInside, blocked, slowOutside, failed, 0, 0);
	}

	private static final class Caller {

		private final RenewingTokenProvider tokenProvider;

		private final RenewalWindowScheduler scheduler;

		private final long threshold;

		private final long end;

		private final Latencies inside = new Latencies();

		private final Latencies outside = new Latencies();

		private long slowInside;

		private long blocked;

		private long slowOutside;

		private long failed;

		Caller(RenewingTokenProvider tokenProvider, RenewalWindowScheduler scheduler, long threshold, long end) {
			this.tokenProvider = tokenProvider;
			this.scheduler = scheduler;
			this.threshold = threshold;
			this.end = end;
		}

		void run() {
			long now = System.nanoTime();
			while (now < this.end) {
				long ended = this.scheduler.ended();
				long started = this.scheduler.started();
				boolean running = started != ended;
				long before = System.nanoTime();
				try {
					this.tokenProvider.getToken();
				}
				catch (TradovateAuthException ex) {
					this.failed++;
				}
				now = System.nanoTime();
				long nanos = now - before;
				if (running || this.scheduler.started() != started) {
					this.inside.record(nanos);
					this.slowInside += (nanos >= this.threshold) ? 1 : 0;
					// Waiting for a renewal means returning only after it ended.
					this.blocked += (nanos >= this.threshold && this.scheduler.ended() != ended) ? 1 : 0;
				}
				else {
					this.outside.record(nanos);
					this.slowOutside += (nanos >= this.threshold) ? 1 : 0;
				}
			}
		}

	}

	/**
	 * What to run.
	 *
	 * @param threads how many threads call at once
	 * @param duration how long they call
	 * @param tokenLifetime how long the simulator's tokens are valid
	 * @param renewalMargin how long before expiry the provider renews
	 * @param renewalLatency how long the simulator takes to answer a renewal
	 */
	public record Settings(int threads, Duration duration, Duration tokenLifetime, Duration renewalMargin,
			Duration renewalLatency) {

		/**
		 * The settings of the default run: 8 threads for 20 s, 4 s tokens renewed 2 s
		 * before expiry (a renewal about every 2 s), 50 ms per renewal.
		 */
		public static final Settings DEFAULT = new Settings(8, Duration.ofSeconds(20), Duration.ofSeconds(4),
				Duration.ofSeconds(2), Duration.ofMillis(50));

	}

	/**
	 * The calls, inside and outside renewal windows.
	 *
	 * @param settings what ran
	 * @param inside the calls that overlapped a renewal
	 * @param outside the other calls
	 * @param slowInside calls inside a window that took at least half the renewal latency
	 * @param blocked of those, the calls that returned only after a renewal ended
	 * @param slowOutside calls outside windows that took as long
	 * @param failed calls that got no token
	 * @param renewals renewals that reached the simulator
	 * @param logins logins that reached the simulator
	 */
	public record Result(Settings settings, Latencies inside, Latencies outside, long slowInside, long blocked,
			long slowOutside, long failed, int renewals, int logins) {

		Result withRequests(int renewals, int logins) {
			return new Result(this.settings, this.inside, this.outside, this.slowInside, this.blocked, this.slowOutside,
					this.failed, renewals, logins);
		}

		/**
		 * Return the results as a Markdown table.
		 * @return the table
		 */
		public String toMarkdown() {
			StringBuilder table = new StringBuilder();
			long threshold = this.settings.renewalLatency().dividedBy(2).toMillis();
			table.append("| Calls | Count | p50 (ns) | p99 (ns) | p99.9 (ns) | max (µs) | Slower than " + threshold
					+ " ms | Per million calls |\n");
			table.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
			row(table, "Inside renewal windows", this.inside, this.slowInside);
			row(table, "Outside renewal windows", this.outside, this.slowOutside);
			table.append(String.format(Locale.ROOT,
					"%n%d threads for %d s; %d renewals and %d login(s) reached the simulator; %d calls got no"
							+ " token. Requests blocked by a renewal (slower than %d ms, and returned only after a"
							+ " renewal ended): **%d**.%n",
					this.settings.threads(), this.settings.duration().toSeconds(), this.renewals, this.logins,
					this.failed, this.settings.renewalLatency().dividedBy(2).toMillis(), this.blocked));
			return table.toString();
		}

		private static void row(StringBuilder table, String name, Latencies latencies, long slow) {
			table.append(String.format(Locale.ROOT, "| %s | %,d | %s | %s | %s | %s | %d | %.1f |%n", name,
					latencies.count(), Latencies.nanos(latencies.percentileNanos(50)),
					Latencies.nanos(latencies.percentileNanos(99)), Latencies.nanos(latencies.percentileNanos(99.9)),
					Latencies.micros(latencies.maxNanos()), slow,
					(latencies.count() != 0) ? slow * 1e6 / latencies.count() : 0.0));
		}

	}

}
