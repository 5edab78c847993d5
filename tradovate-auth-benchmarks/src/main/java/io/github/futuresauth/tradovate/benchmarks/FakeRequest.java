package io.github.futuresauth.tradovate.benchmarks;

import java.net.URI;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpRequest;

/**
 * A {@code GET} request with headers of its own, as {@code RestClient} builds one per
 * call, for benchmarks that run interceptors without a network.
 *
 * @param uri the request's URI
 * @param headers the request's headers
 * @param attributes the request's attributes
 */
record FakeRequest(URI uri, HttpHeaders headers, Map<String, Object> attributes) implements HttpRequest {

	/**
	 * Create a request without attributes.
	 * @param uri the request's URI
	 * @param headers the request's headers
	 */
	FakeRequest(URI uri, HttpHeaders headers) {
		this(uri, headers, Map.of());
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
		return this.attributes;
	}

	@Override
	public HttpHeaders getHeaders() {
		return this.headers;
	}

}
