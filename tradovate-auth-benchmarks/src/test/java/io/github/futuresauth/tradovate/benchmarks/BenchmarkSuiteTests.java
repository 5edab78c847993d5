package io.github.futuresauth.tradovate.benchmarks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link BenchmarkSuite}: what it reports besides the benchmarks.
 */
class BenchmarkSuiteTests {

	@Test
	void describesTheMachineAndTheVersions() throws Exception {
		assertThat(BenchmarkSuite.environment(BenchmarkSuite.Settings.DEFAULT)).contains("cores available",
				"Spring Boot 4.", "Spring Framework 7.", "Spring Security 7.", "JMH 1.", "| Settings | default:",
				"fleet 8 instances, 20 renewals, 10,000 requests");
	}

}
