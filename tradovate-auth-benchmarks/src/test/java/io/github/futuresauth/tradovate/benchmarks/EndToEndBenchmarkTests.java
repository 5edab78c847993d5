package io.github.futuresauth.tradovate.benchmarks;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EndToEndBenchmark}: it runs once, briefly, so that it cannot rot; the
 * numbers mean nothing here.
 */
class EndToEndBenchmarkTests {

	@Test
	void sendsAuthorizedRequestsOnlyThroughInterceptors() throws Exception {
		EndToEndBenchmark.Result result = EndToEndBenchmark
			.run(new EndToEndBenchmark.Settings(Duration.ofMillis(150), 1, Duration.ofMillis(150)));
		List<EndToEndBenchmark.VariantResult> variants = result.variants();
		assertThat(variants).extracting(EndToEndBenchmark.VariantResult::name)
			.containsExactly("No interceptor", "Tradovate starter", "Spring Security");
		assertThat(variants).allSatisfy((variant) -> assertThat(variant.latencies().count()).isPositive());
		assertThat(result.unauthorizedRequests()).isEqualTo(variants.get(0).latencies().count());
		assertThat(result.authorizedRequests())
			.isEqualTo(variants.get(1).latencies().count() + variants.get(2).latencies().count());
		assertThat(result.toMarkdown()).contains("| Tradovate starter |");
	}

}
