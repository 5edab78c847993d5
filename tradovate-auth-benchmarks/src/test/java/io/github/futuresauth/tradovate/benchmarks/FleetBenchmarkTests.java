package io.github.futuresauth.tradovate.benchmarks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FleetBenchmark}: it runs once, briefly, on a real
 * {@code redis-server}, so that it cannot rot; the times mean nothing here, the counts
 * do.
 */
class FleetBenchmarkTests {

	@Test
	void timesConvergenceAndCountsRedisCommandsPerRequest() throws Exception {
		FleetBenchmark.Result result = FleetBenchmark.run(new FleetBenchmark.Settings(3, 4, 1_000));
		assertThat(result.fromCall().count()).isEqualTo(4);
		assertThat(result.fromReturn().count()).isEqualTo(4);
		assertThat(result.fromCall().maxNanos()).isGreaterThanOrEqualTo(result.fromReturn().maxNanos());
		assertThat(result.logins()).isOne();
		assertThat(result.renewals()).isEqualTo(4);
		// A renewal goes through Redis, so the count of commands sees it.
		assertThat(result.minCommandsPerRenewal()).isPositive();
		assertThat(result.requestCommands()).isZero();
		assertThat(result.toMarkdown()).contains("All 3 instances serve the renewed token", "| 1,000 | 0 | **0** |");
	}

}
