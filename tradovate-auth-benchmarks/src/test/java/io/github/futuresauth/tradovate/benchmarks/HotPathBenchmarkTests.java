package io.github.futuresauth.tradovate.benchmarks;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HotPathBenchmark}: it runs once, briefly, so that it cannot rot; the
 * numbers mean nothing here.
 */
class HotPathBenchmarkTests {

	@Test
	void variantsSetTheHeadersTheyClaimTo() throws Exception {
		HotPathBenchmark benchmark = new HotPathBenchmark();
		benchmark.logIn();
		try {
			assertThat(benchmark.floor().getFirst(HttpHeaders.AUTHORIZATION))
				.isEqualTo("Bearer " + "c".repeat(HotPathBenchmark.TOKEN_LENGTH));
			assertThat(benchmark.noop().containsHeader(HttpHeaders.AUTHORIZATION)).isFalse();
			assertThat(benchmark.tradovate().getFirst(HttpHeaders.AUTHORIZATION)).startsWith("Bearer ")
				.hasSizeGreaterThan("Bearer ".length());
			assertThat(benchmark.tradovateOtherHost().containsHeader(HttpHeaders.AUTHORIZATION)).isFalse();
			assertThat(benchmark.springSecurity().getFirst(HttpHeaders.AUTHORIZATION))
				.isEqualTo("Bearer " + "s".repeat(HotPathBenchmark.TOKEN_LENGTH));
		}
		finally {
			benchmark.close();
		}
	}

	@Test
	void runsInJmhWithEveryVariantAndThreadCount() throws Exception {
		String table = BenchmarkSuite
			.hotPath(new BenchmarkSuite.JmhSettings(0, 0, 1, TimeValue.milliseconds(50), VerboseMode.SILENT));
		assertThat(table.lines().filter((line) -> line.startsWith("| `"))).hasSize(5);
		assertThat(table).contains("| `floor` |", "| `noop` |", "| `tradovate` |", "| `tradovateOtherHost` |",
				"| `springSecurity` |");
		assertThat(table.lines().filter((line) -> line.startsWith("| `floor` |")))
			.singleElement(InstanceOfAssertFactories.STRING)
			.contains("| 1.00 |");
		assertThat(table).contains("- 1 thread: the starter takes ", "- 2 threads: the starter takes ");
	}

}
