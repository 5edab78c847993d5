package io.github.futuresauth.tradovate.benchmarks;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FrameParserBenchmark}: it runs once, briefly, so that it cannot rot;
 * the numbers mean nothing here.
 */
class FrameParserBenchmarkTests {

	@Test
	void runsInJmh() throws Exception {
		assertThat(BenchmarkSuite.runJmh(FrameParserBenchmark.class,
				new BenchmarkSuite.JmhSettings(0, 0, 1, TimeValue.milliseconds(50), VerboseMode.SILENT), 1))
			.extracting((result) -> result.getParams().getBenchmark())
			.containsExactlyInAnyOrder(FrameParserBenchmark.class.getName() + ".heartbeat",
					FrameParserBenchmark.class.getName() + ".response", FrameParserBenchmark.class.getName() + ".quote",
					FrameParserBenchmark.class.getName() + ".entityUpdate");
	}

}
