package io.github.futuresauth.tradovate.benchmarks;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FileStoreBenchmark}: it runs once, briefly, with a second JVM, so that
 * it cannot rot; the times mean nothing here, the counts do.
 */
class FileStoreBenchmarkTests {

	@Test
	void timesWhenTheSecondProcessSeesARenewalAndCountsReadsPerRequest() throws Exception {
		FileStoreBenchmark.Result result = FileStoreBenchmark
			.run(new FileStoreBenchmark.Settings(100_000, 3, Duration.ofMillis(100)));
		assertThat(result.seen().count()).isEqualTo(3);
		assertThat(result.logins()).isOne();
		assertThat(result.renewals()).isEqualTo(3);
		assertThat(result.nanosPerRequest()).isPositive();
		if (result.readCalls() >= 0) {
			// Reading /proc/self/io and the odd read of another thread, never one per
			// request.
			assertThat(result.readCalls()).isLessThan(100);
		}
		assertThat(result.toMarkdown()).contains("| 100,000 |", "The second process sees the renewed token",
				"1 login(s) and 3 renewals");
	}

}
