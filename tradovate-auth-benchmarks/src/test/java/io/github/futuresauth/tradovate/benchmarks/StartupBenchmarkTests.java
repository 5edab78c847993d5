package io.github.futuresauth.tradovate.benchmarks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link StartupBenchmark}: it runs once, briefly, so that it cannot
 * rot; the numbers mean nothing here.
 */
class StartupBenchmarkTests {

	@Test
	void startsTheApplicationWithAndWithoutTheStarter() throws Exception {
		StartupBenchmark.Result result = StartupBenchmark.run(new StartupBenchmark.Settings(1, 0));
		assertThat(result.with()).singleElement()
			.satisfies((start) -> assertThat(start.tradovateBeans()).isPositive());
		assertThat(result.without()).singleElement()
			.satisfies((start) -> assertThat(start.tradovateBeans()).isZero());
		assertThat(result.toMarkdown()).contains("| With the starter | 1 |");
	}

}
