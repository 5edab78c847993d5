package io.github.futuresauth.tradovate.benchmarks;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RenewalUnderLoadBenchmark}: it runs once, briefly, so that it cannot
 * rot; the numbers mean nothing here.
 */
class RenewalUnderLoadBenchmarkTests {

	@Test
	void seesRenewalsWhileCalling() throws Exception {
		RenewalUnderLoadBenchmark.Result result = RenewalUnderLoadBenchmark.run(new RenewalUnderLoadBenchmark.Settings(
				2, Duration.ofMillis(2500), Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofMillis(20)));
		assertThat(result.renewals()).isPositive();
		assertThat(result.logins()).isPositive();
		assertThat(result.inside().count()).isPositive();
		assertThat(result.outside().count()).isPositive();
		assertThat(result.toMarkdown()).contains("Inside renewal windows", "Requests blocked by a renewal");
	}

}
