package io.github.futuresauth.tradovate.benchmarks;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ColdStampedeBenchmark}: it runs once, briefly, so that it cannot rot;
 * the numbers mean nothing here.
 */
class ColdStampedeBenchmarkTests {

	@Test
	void countsTokenRequestsAndGivesEveryThreadAToken() throws Exception {
		ColdStampedeBenchmark.Result result = ColdStampedeBenchmark
			.run(new ColdStampedeBenchmark.Settings(List.of(1, 20), 1, Duration.ofMillis(20)));
		assertThat(result.rows()).hasSize(4);
		for (ColdStampedeBenchmark.Row row : result.rows()) {
			assertThat(row.latencies().count() + row.failedThreads()).isEqualTo(row.threads());
			assertThat(row.latencies().count()).isPositive();
			assertThat(row.latencies().percentileNanos(50)).isGreaterThanOrEqualTo(Duration.ofMillis(20).toNanos());
			if (row.name().equals("Tradovate starter")) {
				assertThat(row.maxTokenRequests()).isOne();
			}
			else {
				assertThat(row.minTokenRequests()).isBetween(1, row.threads());
			}
		}
	}

}
