package io.github.futuresauth.tradovate.auth;

import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.util.Assert;

/**
 * A {@link ClientHttpRequestInterceptor} that authenticates requests to Tradovate with
 * the {@link TokenProvider}'s token as {@code Authorization: Bearer}.
 * <p>
 * Only requests to one of the configured Tradovate origins (scheme, host and port) get
 * the header; requests to any other host pass through untouched, so that the token never
 * leaves Tradovate. A header already on the request is replaced.
 * <p>
 * When Tradovate answers {@code 401 Unauthorized}, the provider decides what it means
 * ({@link TokenProvider#recover(AccessToken)}): when the token no longer works, the
 * request is sent once more with a new token; when it still works, the {@code 401} was
 * the endpoint's own answer and goes back to the caller, and no login is spent on it. A
 * second {@code 401} is returned to the caller. When requests keep failing with
 * {@code 408}, {@code 429} or {@code 5xx}, as requests with the token of a closed session
 * may, the provider is asked to check the session
 * ({@link TokenProvider#suspect(AccessToken)}). Failures to obtain a token propagate as
 * {@link TradovateAuthException}.
 */
public final class TradovateBearerTokenInterceptor implements ClientHttpRequestInterceptor {

	private final TokenProvider tokenProvider;

	private final Origin[] origins;

	private final LongAdder unauthorizedRetries = new LongAdder();

	/** How many failures in a row, with one token, make its session suspect. */
	static final int FAILURES_BEFORE_SUSPECT = 3;

	/**
	 * The header of the token last used, so that a request does not build the same string
	 * again.
	 */
	private volatile BearerHeader lastHeader = BearerHeader.NONE;

	/**
	 * Create an interceptor that authenticates requests to the origins of the given URLs.
	 * @param tokenProvider where tokens come from
	 * @param tradovateUrls URLs of the Tradovate API, such as its base URL; only their
	 * scheme, host and port are used
	 */
	public TradovateBearerTokenInterceptor(TokenProvider tokenProvider, URI... tradovateUrls) {
		Assert.notNull(tokenProvider, "TokenProvider must not be null");
		Assert.notEmpty(tradovateUrls, "At least one Tradovate URL is required");
		this.tokenProvider = tokenProvider;
		this.origins = Arrays.stream(tradovateUrls).map(Origin::of).toArray(Origin[]::new);
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		if (!isTradovate(request.getURI())) {
			return execution.execute(request, body);
		}
		AccessToken token = this.tokenProvider.getToken();
		BearerHeader header = bearerHeader(token);
		request.getHeaders().set(HttpHeaders.AUTHORIZATION, header.value());
		ClientHttpResponse response = execution.execute(request, body);
		int status = response.getStatusCode().value();
		if (status != HttpStatus.UNAUTHORIZED.value()) {
			countFailures(header, status);
			return response;
		}
		return sendAgain(request, body, execution, token, response);
	}

	/**
	 * Sends a request answered {@code 401} once more, with the token that recovery
	 * brought; kept apart from {@link #intercept} so that the compiler keeps the path of
	 * every request small.
	 */
	private ClientHttpResponse sendAgain(HttpRequest request, byte[] body, ClientHttpRequestExecution execution,
			AccessToken token, ClientHttpResponse response) throws IOException {
		AccessToken next;
		try {
			next = this.tokenProvider.recover(token);
		}
		catch (RuntimeException ex) {
			response.close();
			throw ex;
		}
		if (next == null) {
			return response;
		}
		response.close();
		this.unauthorizedRetries.increment();
		request.getHeaders().set(HttpHeaders.AUTHORIZATION, bearerHeader(next).value());
		return execution.execute(request, body);
	}

	/**
	 * Counts failures in a row that a closed session may cause; cheap when there are
	 * none.
	 */
	private void countFailures(BearerHeader header, int status) {
		boolean failure = status == HttpStatus.REQUEST_TIMEOUT.value() || status == HttpStatus.TOO_MANY_REQUESTS.value()
				|| status >= 500;
		if (!failure) {
			if (header.failures.get() != 0) {
				header.failures.set(0);
			}
			return;
		}
		if (header.failures.incrementAndGet() == FAILURES_BEFORE_SUSPECT && header.token() != null) {
			this.tokenProvider.suspect(header.token());
		}
	}

	private BearerHeader bearerHeader(AccessToken token) {
		BearerHeader header = this.lastHeader;
		if (header.token() != token) {
			header = new BearerHeader(token, "Bearer " + token.accessToken(), new AtomicInteger());
			this.lastHeader = header;
		}
		return header;
	}

	/**
	 * Return how many requests were answered {@code 401} and sent again with a new token.
	 * @return the number of retried requests
	 */
	public long getUnauthorizedRetries() {
		return this.unauthorizedRetries.sum();
	}

	private boolean isTradovate(URI uri) {
		for (Origin origin : this.origins) {
			if (origin.matches(uri)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * A token with its header value, and the failures in a row of requests that carried
	 * it; compared by identity, since the provider hands out one instance per token.
	 */
	private record BearerHeader(@Nullable AccessToken token, String value, AtomicInteger failures) {

		static final BearerHeader NONE = new BearerHeader(null, "", new AtomicInteger());

		@Override
		public String toString() {
			return "BearerHeader[token=" + this.token + "]";
		}

	}

	/**
	 * A scheme, host and port, lower case, to which requests carry the token; compared
	 * with each request's URI without allocating, since this runs for every request.
	 */
	private record Origin(String scheme, String host, int port) {

		static Origin of(URI uri) {
			String scheme = Objects.toString(uri.getScheme(), "").toLowerCase(Locale.ROOT);
			return new Origin(scheme, Objects.toString(uri.getHost(), "").toLowerCase(Locale.ROOT),
					effectivePort(scheme, uri.getPort()));
		}

		boolean matches(URI uri) {
			// URIs are almost always written in lower case, which the exact comparisons
			// settle at once.
			String host = uri.getHost();
			String scheme = uri.getScheme();
			return (this.host.equals(host) || this.host.equalsIgnoreCase(host))
					&& (this.scheme.equals(scheme) || this.scheme.equalsIgnoreCase(scheme))
					&& this.port == effectivePort(this.scheme, uri.getPort());
		}

		private static int effectivePort(String scheme, int port) {
			return (port != -1) ? port : ("https".equals(scheme) ? 443 : 80);
		}

	}

}
