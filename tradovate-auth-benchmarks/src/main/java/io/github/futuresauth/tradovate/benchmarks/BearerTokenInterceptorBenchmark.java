package io.github.futuresauth.tradovate.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.futuresauth.tradovate.auth.AccessToken;
import io.github.futuresauth.tradovate.auth.TokenProvider;
import io.github.futuresauth.tradovate.auth.TradovateBearerTokenInterceptor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpResponse;

/**
 * What the interceptor adds to a request, without the network: matching the origin, reading the
 * token and setting the header, against a request to another host that it only lets through.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class BearerTokenInterceptorBenchmark {

	private static final URI TRADOVATE = URI.create("https://demo.tradovateapi.com/v1");

	private static final URI ACCOUNT_LIST = URI.create("https://demo.tradovateapi.com/v1/account/list");

	private static final URI ELSEWHERE = URI.create("https://example.com/v1/account/list");

	private static final AccessToken TOKEN = new AccessToken("x".repeat(300), null, Instant.MAX, 1L, "trader",
			"Active");

	private final TradovateBearerTokenInterceptor interceptor = new TradovateBearerTokenInterceptor(
			new FixedTokenProvider(), TRADOVATE);

	private final ClientHttpRequestExecution answerOk = (request, body) -> new OkResponse();

	private final byte[] body = new byte[0];

	@Benchmark
	public ClientHttpResponse requestToTradovate() throws Exception {
		return this.interceptor.intercept(new Request(ACCOUNT_LIST), this.body, this.answerOk);
	}

	@Benchmark
	public ClientHttpResponse requestToAnotherHost() throws Exception {
		return this.interceptor.intercept(new Request(ELSEWHERE), this.body, this.answerOk);
	}

	private static final class FixedTokenProvider implements TokenProvider {

		@Override
		public AccessToken getToken() {
			return TOKEN;
		}

		@Override
		public void invalidate(AccessToken token) {
		}

	}

	private record Request(URI uri, HttpHeaders headers) implements HttpRequest {

		Request(URI uri) {
			this(uri, new HttpHeaders());
		}

		@Override
		public HttpMethod getMethod() {
			return HttpMethod.GET;
		}

		@Override
		public URI getURI() {
			return this.uri;
		}

		@Override
		public Map<String, Object> getAttributes() {
			return Map.of();
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.headers;
		}

	}

	private static final class OkResponse implements ClientHttpResponse {

		@Override
		public HttpStatusCode getStatusCode() {
			return HttpStatus.OK;
		}

		@Override
		public String getStatusText() {
			return "OK";
		}

		@Override
		public void close() {
		}

		@Override
		public InputStream getBody() {
			return new ByteArrayInputStream(new byte[0]);
		}

		@Override
		public HttpHeaders getHeaders() {
			return HttpHeaders.EMPTY;
		}

	}

}
