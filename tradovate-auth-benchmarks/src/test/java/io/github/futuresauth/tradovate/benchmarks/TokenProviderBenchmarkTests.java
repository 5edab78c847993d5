package io.github.futuresauth.tradovate.benchmarks;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TokenProviderBenchmark}: it runs once, briefly, so that it cannot rot;
 * the numbers mean nothing here.
 */
class TokenProviderBenchmarkTests {

	@Test
	void runsInJmh() throws Exception {
		assertThat(BenchmarkSuite.runJmh(TokenProviderBenchmark.class,
				new BenchmarkSuite.JmhSettings(0, 0, 1, TimeValue.milliseconds(50), VerboseMode.SILENT), 1))
			.extracting((result) -> result.getParams().getBenchmark())
			.containsExactlyInAnyOrder(TokenProviderBenchmark.class.getName() + ".getTokenOneThread",
					TokenProviderBenchmark.class.getName() + ".getTokenTwoThreads");
	}

}
