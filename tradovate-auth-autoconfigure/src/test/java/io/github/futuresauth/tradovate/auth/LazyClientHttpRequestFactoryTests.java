package io.github.futuresauth.tradovate.auth;

import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.SimpleClientHttpRequestFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LazyClientHttpRequestFactory}.
 */
class LazyClientHttpRequestFactoryTests {

	private static final URI URL = URI.create("http://127.0.0.1:9/v1/auth/me");

	private final AtomicInteger created = new AtomicInteger();

	private final ClientHttpRequestFactory lazy = new LazyClientHttpRequestFactory(() -> {
		this.created.incrementAndGet();
		return new SimpleClientHttpRequestFactory();
	});

	@Test
	void createsNothingUntilTheFirstRequest() {
		assertThat(this.created).hasValue(0);
	}

	@Test
	void createsTheDelegateOnceForAllRequests() throws Exception {
		ClientHttpRequest first = this.lazy.createRequest(URL, HttpMethod.GET);
		ClientHttpRequest second = this.lazy.createRequest(URL, HttpMethod.POST);
		assertThat(first.getMethod()).isEqualTo(HttpMethod.GET);
		assertThat(second.getURI()).isEqualTo(URL);
		assertThat(this.created).hasValue(1);
	}

	@Test
	void createsTheDelegateOnceWhenManyThreadsSendFirst() throws Exception {
		List<HttpMethod> methods = Concurrently.run(16,
				(index) -> this.lazy.createRequest(URL, HttpMethod.GET).getMethod());
		assertThat(methods).hasSize(16).containsOnly(HttpMethod.GET);
		assertThat(this.created).hasValue(1);
	}

}
