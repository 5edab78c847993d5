package io.github.futuresauth.tradovate.benchmarks;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link StartupBenchmark}: it runs once, briefly, so that it cannot rot; the
 * numbers mean nothing here.
 */
class StartupBenchmarkTests {

	@Test
	void startsTheApplicationWithAndWithoutTheStarter() throws Exception {
		// Options that start a JVM faster, since the times do not matter here.
		StartupBenchmark.Result result = StartupBenchmark
			.run(new StartupBenchmark.Settings(1, 0, List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")));
		assertThat(result.with()).singleElement().satisfies((start) -> assertThat(start.tradovateBeans()).isPositive());
		assertThat(result.without()).singleElement().satisfies((start) -> assertThat(start.tradovateBeans()).isZero());
		assertThat(result.with().get(0).classesLoaded()).isGreaterThan(result.without().get(0).classesLoaded());
		assertThat(result.toMarkdown()).contains("| With the starter | 1 |", "Median classes loaded");
	}

}
