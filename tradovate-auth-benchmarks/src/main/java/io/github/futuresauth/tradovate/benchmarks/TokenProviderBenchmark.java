package io.github.futuresauth.tradovate.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.github.futuresauth.tradovate.auth.AccessToken;
import io.github.futuresauth.tradovate.auth.RenewingTokenProvider;
import io.github.futuresauth.tradovate.simulator.TradovateSimulator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a caller pays to get the token once it is held: the path of every request to
 * Tradovate. It should cost nanoseconds, allocate next to nothing, and not slow down as
 * threads are added, because reading takes no lock.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class TokenProviderBenchmark {

	private TradovateSimulator simulator;

	private RenewingTokenProvider tokenProvider;

	@Setup(Level.Trial)
	public void logIn() {
		this.simulator = TradovateSimulator.builder()
			.user(TradovateSimulator.DEFAULT_USER_NAME, TradovateSimulator.DEFAULT_PASSWORD)
			.tokenLifetime(Duration.ofHours(12))
			.start();
		this.tokenProvider = SimulatorProviders.forDefaultUser(this.simulator, Duration.ofSeconds(1),
				Duration.ofSeconds(5));
		this.tokenProvider.getToken();
	}

	@TearDown(Level.Trial)
	public void close() {
		this.tokenProvider.close();
		this.simulator.close();
	}

	@Benchmark
	@Threads(1)
	public AccessToken getTokenOneThread() {
		return this.tokenProvider.getToken();
	}

	@Benchmark
	@Threads(2)
	public AccessToken getTokenTwoThreads() {
		return this.tokenProvider.getToken();
	}

}
