package io.github.futuresauth.tradovate.benchmarks;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ManyUsersBenchmark}: it runs once, briefly, so that it cannot rot; the
 * numbers mean nothing here.
 */
class ManyUsersBenchmarkTests {

	@Test
	void requestsGoToEveryUserInTurnWithThatUsersToken() throws Exception {
		ManyUsersBenchmark benchmark = new ManyUsersBenchmark();
		benchmark.users = 3;
		benchmark.logIn();
		try {
			ManyUsersBenchmark.Cursor byAttribute = new ManyUsersBenchmark.Cursor();
			ManyUsersBenchmark.Cursor ownInterceptor = new ManyUsersBenchmark.Cursor();
			Set<String> headers = new HashSet<>();
			for (int round = 0; round < 2; round++) {
				for (int user = 0; user < benchmark.users; user++) {
					String expected = "Bearer " + benchmark.registry()
						.getTokenProvider(ManyUsersBenchmark.key(user))
						.getToken()
						.accessToken();
					assertThat(benchmark.byAttribute(byAttribute).getFirst(HttpHeaders.AUTHORIZATION))
						.isEqualTo(expected);
					assertThat(benchmark.ownInterceptor(ownInterceptor).getFirst(HttpHeaders.AUTHORIZATION))
						.isEqualTo(expected);
					headers.add(expected);
				}
			}
			assertThat(headers).hasSize(benchmark.users);
			assertThat(benchmark.floor(new ManyUsersBenchmark.Cursor()).getFirst(HttpHeaders.AUTHORIZATION))
				.isEqualTo(HotPathBenchmark.CONSTANT_HEADER);
		}
		finally {
			benchmark.close();
		}
	}

	@Test
	void runsInJmhWithEveryVariantAndNumberOfUsers() throws Exception {
		// Few users: a thousand logins per variant take seconds.
		String table = BenchmarkSuite.manyUsers(
				new BenchmarkSuite.JmhSettings(0, 0, 1, TimeValue.milliseconds(50), VerboseMode.SILENT), "1", "2");
		assertThat(table.lines().filter((line) -> line.startsWith("| `"))).hasSize(3);
		assertThat(table).contains("| Variant | 1 user: ", "| 2 users: ", "| `floor` |", "| `byAttribute` |",
				"| `ownInterceptor` |", "- Through the registry, a request took ");
	}

}
