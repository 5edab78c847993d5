package io.github.futuresauth.tradovate.auth;

import java.io.IOException;
import java.net.URI;
import java.util.function.Supplier;

import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.util.Assert;
import org.springframework.util.function.SingletonSupplier;

/**
 * A {@link ClientHttpRequestFactory} that creates the factory it delegates to when the
 * first request is made, not when it is itself created.
 * <p>
 * Building an HTTP client loads the JDK's TLS, certificate and HTTP client classes and
 * reads the default trust store: several hundred classes and tens of milliseconds. An
 * application that starts without logging in (or whose clients are built while its
 * context starts, as beans are) should not pay that before anything is sent. The delegate
 * is created once, by whichever thread sends first.
 */
public final class LazyClientHttpRequestFactory implements ClientHttpRequestFactory {

	private final SingletonSupplier<ClientHttpRequestFactory> delegate;

	/**
	 * Create a factory that delegates to the one the given supplier creates on first use.
	 * @param delegate creates the factory to delegate to; called at most once
	 */
	public LazyClientHttpRequestFactory(Supplier<? extends ClientHttpRequestFactory> delegate) {
		Assert.notNull(delegate, "Delegate supplier must not be null");
		this.delegate = SingletonSupplier.of(delegate::get);
	}

	@Override
	public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) throws IOException {
		return this.delegate.obtain().createRequest(uri, httpMethod);
	}

}
