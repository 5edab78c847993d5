package io.github.futuresauth.tradovate.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.github.futuresauth.tradovate.auth.RenewingTokenProvider;
import io.github.futuresauth.tradovate.auth.TradovateBearerTokenInterceptor;
import io.github.futuresauth.tradovate.simulator.TradovateSimulator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.http.HttpHeaders;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;

/**
 * What each interceptor adds to a request, without the network. Every variant gets a new
 * request with empty headers, as a {@code RestClient} builds one per call, and the same
 * execution, which answers {@code 200} at once:
 * <ul>
 * <li>{@code floor}: sets a constant {@code Authorization} header, the least any
 * interceptor that authenticates can do;</li>
 * <li>{@code noop}: only calls the execution, the cost of the harness itself;</li>
 * <li>{@code tradovate}: the starter's interceptor on a {@link RenewingTokenProvider}
 * that holds a token, for a request to Tradovate;</li>
 * <li>{@code tradovateOtherHost}: the same for a request to another host, which it lets
 * through;</li>
 * <li>{@code springSecurity}: Spring Security's
 * {@code OAuth2ClientHttpRequestInterceptor} on an authorized-client manager that already
 * holds a valid token, so that no token request happens.</li>
 * </ul>
 * Tokens are 300 characters long in every variant. Run it with {@code -t 2} for two
 * threads that share the interceptors, and with {@code -prof gc} for the bytes allocated
 * per request.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Benchmark)
public class HotPathBenchmark {

	/** The length of every token, about that of Tradovate's. */
	static final int TOKEN_LENGTH = 300;

	static final URI TRADOVATE_REQUEST = URI.create("https://demo.tradovateapi.com/v1/account/list");

	static final URI OTHER_HOST_REQUEST = URI.create("https://example.com/v1/account/list");

	static final URI TRADOVATE = URI.create("https://demo.tradovateapi.com/v1");

	static final String CONSTANT_HEADER = "Bearer " + "c".repeat(TOKEN_LENGTH);

	private final byte[] body = new byte[0];

	private final ClientHttpRequestExecution execution = (request, body) -> OkResponse.INSTANCE;

	private final ClientHttpRequestInterceptor floor = (request, body, execution) -> {
		request.getHeaders().set(HttpHeaders.AUTHORIZATION, CONSTANT_HEADER);
		return execution.execute(request, body);
	};

	private final ClientHttpRequestInterceptor noop = (request, body, execution) -> execution.execute(request, body);

	private final ClientHttpRequestInterceptor springSecurity = SpringSecurityClients
		.preAuthorizedInterceptor("s".repeat(TOKEN_LENGTH));

	private TradovateSimulator simulator;

	private RenewingTokenProvider tokenProvider;

	private ClientHttpRequestInterceptor tradovate;

	/**
	 * Log in to a simulator whose tokens outlive the run, so that the provider only reads
	 * its token while the benchmark runs.
	 */
	@Setup(Level.Trial)
	public void logIn() {
		this.simulator = TradovateSimulator.builder()
			.user(TradovateSimulator.DEFAULT_USER_NAME, TradovateSimulator.DEFAULT_PASSWORD)
			.tokenLifetime(Duration.ofHours(12))
			.start();
		this.tokenProvider = SimulatorProviders.forDefaultUser(this.simulator, Duration.ofSeconds(1),
				Duration.ofSeconds(5));
		this.tokenProvider.getToken();
		this.tradovate = new TradovateBearerTokenInterceptor(this.tokenProvider, TRADOVATE);
	}

	@TearDown(Level.Trial)
	public void close() {
		this.tokenProvider.close();
		this.simulator.close();
	}

	@Benchmark
	public HttpHeaders floor() throws IOException {
		return send(this.floor, TRADOVATE_REQUEST);
	}

	@Benchmark
	public HttpHeaders noop() throws IOException {
		return send(this.noop, TRADOVATE_REQUEST);
	}

	@Benchmark
	public HttpHeaders tradovate() throws IOException {
		return send(this.tradovate, TRADOVATE_REQUEST);
	}

	@Benchmark
	public HttpHeaders tradovateOtherHost() throws IOException {
		return send(this.tradovate, OTHER_HOST_REQUEST);
	}

	@Benchmark
	public HttpHeaders springSecurity() throws IOException {
		return send(this.springSecurity, TRADOVATE_REQUEST);
	}

	private HttpHeaders send(ClientHttpRequestInterceptor interceptor, URI uri) throws IOException {
		FakeRequest request = new FakeRequest(uri, new HttpHeaders());
		interceptor.intercept(request, this.body, this.execution);
		return request.getHeaders();
	}

}
