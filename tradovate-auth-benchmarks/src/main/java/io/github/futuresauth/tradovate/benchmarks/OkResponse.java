package io.github.futuresauth.tradovate.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpResponse;

/**
 * An empty {@code 200 OK}, answered at once by the fake execution of benchmarks that run
 * interceptors without a network.
 */
final class OkResponse implements ClientHttpResponse {

	static final OkResponse INSTANCE = new OkResponse();

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
