package io.github.futuresauth.tradovate.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.futuresauth.tradovate.auth.RenewingTokenProvider;
import io.github.futuresauth.tradovate.auth.TradovateBearerTokenInterceptor;
import io.github.futuresauth.tradovate.simulator.TradovateSimulator;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * Requests over loopback HTTP: {@code RestClient} on the JDK {@code HttpClient}
 * (HTTP/1.1, kept alive) to a JDK {@code HttpServer} on 127.0.0.1 that answers a small
 * JSON list, without an interceptor, with the starter's, and with Spring Security's on a
 * manager that holds a token.
 * <p>
 * One thread sends requests back to back (a closed loop) and times each with
 * {@link System#nanoTime()}. After a warm-up, the variants take turns for a fixed time
 * each, round after round in a rotating order, so that drift of the machine spreads over
 * all of them.
 */
public final class EndToEndBenchmark {

	private EndToEndBenchmark() {
	}

	/**
	 * Measure the variants.
	 * @param settings how long to measure
	 * @return the results, in the order no interceptor, the starter's, Spring Security's
	 * @throws Exception if the servers cannot start or a request fails
	 */
	public static Result run(Settings settings) throws Exception {
		try (TradovateSimulator simulator = TradovateSimulator.builder()
			.user(TradovateSimulator.DEFAULT_USER_NAME, TradovateSimulator.DEFAULT_PASSWORD)
			.tokenLifetime(Duration.ofHours(12))
			.start(); LoopbackApi api = LoopbackApi.start()) {
			RenewingTokenProvider tokenProvider = SimulatorProviders.forDefaultUser(simulator, Duration.ofSeconds(1),
					Duration.ofSeconds(5));
			try (tokenProvider) {
				String token = tokenProvider.getToken().accessToken();
				JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(
						HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
				Map<String, RestClient> clients = new LinkedHashMap<>();
				clients.put("No interceptor", RestClient.builder().requestFactory(requestFactory).build());
				clients.put("Tradovate starter",
						RestClient.builder()
							.requestFactory(requestFactory)
							.requestInterceptor(new TradovateBearerTokenInterceptor(tokenProvider, api.baseUrl()))
							.build());
				clients.put("Spring Security",
						RestClient.builder()
							.requestFactory(requestFactory)
							.requestInterceptor(SpringSecurityClients.preAuthorizedInterceptor(token))
							.build());
				URI accounts = URI.create(api.baseUrl() + "/account/list");
				return measure(clients, accounts, settings, api);
			}
		}
	}

	private static Result measure(Map<String, RestClient> clients, URI uri, Settings settings, LoopbackApi api) {
		List<String> names = new ArrayList<>(clients.keySet());
		for (String name : names) {
			send(clients.get(name), uri, settings.warmup().dividedBy(names.size()), new Latencies());
		}
		long authorizedBefore = api.authorizedRequests();
		long unauthorizedBefore = api.unauthorizedRequests();
		Map<String, Latencies> latencies = new LinkedHashMap<>();
		Map<String, Long> elapsed = new LinkedHashMap<>();
		names.forEach((name) -> {
			latencies.put(name, new Latencies());
			elapsed.put(name, 0L);
		});
		for (int round = 0; round < settings.rounds(); round++) {
			for (int i = 0; i < names.size(); i++) {
				String name = names.get((round + i) % names.size());
				long nanos = send(clients.get(name), uri, settings.roundTime(), latencies.get(name));
				elapsed.merge(name, nanos, Long::sum);
			}
		}
		List<VariantResult> variants = new ArrayList<>();
		for (String name : names) {
			variants.add(new VariantResult(name, latencies.get(name), elapsed.get(name)));
		}
		return new Result(variants, api.authorizedRequests() - authorizedBefore,
				api.unauthorizedRequests() - unauthorizedBefore);
	}

	private static long send(RestClient client, URI uri, Duration time, Latencies latencies) {
		long start = System.nanoTime();
		long end = start + time.toNanos();
		long now = start;
		while (now < end) {
			long before = now;
			String body = client.get().uri(uri).retrieve().body(String.class);
			if (body == null || body.isEmpty()) {
				throw new IllegalStateException("The loopback server answered with an empty body");
			}
			now = System.nanoTime();
			latencies.record(now - before);
		}
		return now - start;
	}

	/**
	 * How long to measure.
	 *
	 * @param warmup time to send requests before measuring, shared among the variants
	 * @param rounds how many times each variant is measured
	 * @param roundTime how long each variant sends requests in each round
	 */
	public record Settings(Duration warmup, int rounds, Duration roundTime) {

		/**
		 * The settings of the default run: 6 s of warm-up, then 5 rounds of 4 s per
		 * variant.
		 */
		public static final Settings DEFAULT = new Settings(Duration.ofSeconds(6), 5, Duration.ofSeconds(4));

	}

	/**
	 * The requests of one variant.
	 *
	 * @param name the variant
	 * @param latencies the time of each request
	 * @param elapsedNanos the time spent sending them
	 */
	public record VariantResult(String name, Latencies latencies, long elapsedNanos) {

		double requestsPerSecond() {
			return this.latencies.count() / (this.elapsedNanos / 1e9);
		}

	}

	/**
	 * The results of all variants.
	 *
	 * @param variants the variants, the first without an interceptor
	 * @param authorizedRequests measured requests that reached the server with an
	 * {@code Authorization} header
	 * @param unauthorizedRequests measured requests that reached the server without one
	 */
	public record Result(List<VariantResult> variants, long authorizedRequests, long unauthorizedRequests) {

		/**
		 * Return the results as a Markdown table.
		 * @return the table
		 */
		public String toMarkdown() {
			VariantResult baseline = this.variants.get(0);
			StringBuilder table = new StringBuilder();
			table.append(
					"| Client | Requests | Requests/s | p50 (µs) | p99 (µs) | p50 overhead | Throughput overhead |\n");
			table.append("|---|---:|---:|---:|---:|---:|---:|\n");
			for (VariantResult variant : this.variants) {
				long p50 = variant.latencies().percentileNanos(50);
				long p99 = variant.latencies().percentileNanos(99);
				boolean isBaseline = variant == baseline;
				table.append(String.format(Locale.ROOT, "| %s | %,d | %,.0f | %s | %s | %s | %s |%n", variant.name(),
						variant.latencies().count(), variant.requestsPerSecond(), Latencies.micros(p50),
						Latencies.micros(p99), isBaseline ? "" : percent(p50, baseline.latencies().percentileNanos(50)),
						isBaseline ? "" : percent(baseline.requestsPerSecond(), variant.requestsPerSecond())));
			}
			return table.toString();
		}

		private static String percent(double value, double baseline) {
			return String.format(Locale.ROOT, "%+.1f %%", (value / baseline - 1) * 100);
		}

	}

}
