package io.github.futuresauth.tradovate.benchmarks;

import java.net.URI;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpRequest;

/**
 * A {@code GET} request with headers of its own, as {@code RestClient} builds one per
 * call, for benchmarks that run interceptors without a network.
 */
record FakeRequest(URI uri, HttpHeaders headers) implements HttpRequest {

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
