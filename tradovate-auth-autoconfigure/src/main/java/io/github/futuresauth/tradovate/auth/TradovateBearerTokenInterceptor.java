package io.github.futuresauth.tradovate.auth;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
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
 * A {@link ClientHttpRequestInterceptor} that authenticates requests to Tradovate with the
 * {@link TokenProvider}'s token as {@code Authorization: Bearer}.
 * <p>
 * Only requests to one of the configured Tradovate origins (scheme, host and port) get the
 * header; requests to any other host pass through untouched, so that the token never leaves
 * Tradovate. A header already on the request is replaced.
 * <p>
 * When Tradovate answers {@code 401 Unauthorized}, the token is reported to
 * {@link TokenProvider#invalidate(AccessToken)} and the request is sent once more with a new
 * token; a second {@code 401} is returned to the caller. Failures to obtain a token propagate as
 * {@link TradovateAuthException}.
 */
public final class TradovateBearerTokenInterceptor implements ClientHttpRequestInterceptor {

	private final TokenProvider tokenProvider;

	private final List<Origin> origins;

	private final LongAdder unauthorizedRetries = new LongAdder();

	/** The header of the token last used, so that a request does not build the same string again. */
	private volatile BearerHeader lastHeader = BearerHeader.NONE;

	/**
	 * Create an interceptor that authenticates requests to the origins of the given URLs.
	 * @param tokenProvider where tokens come from
	 * @param tradovateUrls URLs of the Tradovate API, such as its base URL; only their scheme, host
	 * and port are used
	 */
	public TradovateBearerTokenInterceptor(TokenProvider tokenProvider, URI... tradovateUrls) {
		Assert.notNull(tokenProvider, "TokenProvider must not be null");
		Assert.notEmpty(tradovateUrls, "At least one Tradovate URL is required");
		this.tokenProvider = tokenProvider;
		this.origins = List.of(tradovateUrls).stream().map(Origin::of).toList();
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		if (!isTradovate(request.getURI())) {
			return execution.execute(request, body);
		}
		AccessToken token = this.tokenProvider.getToken();
		request.getHeaders().set(HttpHeaders.AUTHORIZATION, bearerHeader(token));
		ClientHttpResponse response = execution.execute(request, body);
		if (response.getStatusCode().value() != HttpStatus.UNAUTHORIZED.value()) {
			return response;
		}
		response.close();
		this.unauthorizedRetries.increment();
		this.tokenProvider.invalidate(token);
		request.getHeaders().set(HttpHeaders.AUTHORIZATION, bearerHeader(this.tokenProvider.getToken()));
		return execution.execute(request, body);
	}

	private String bearerHeader(AccessToken token) {
		BearerHeader header = this.lastHeader;
		if (header.token() != token) {
			header = new BearerHeader(token, "Bearer " + token.accessToken());
			this.lastHeader = header;
		}
		return header.value();
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

	/** A token with its header value; compared by identity, since the provider hands out one instance. */
	private record BearerHeader(@Nullable AccessToken token, String value) {

		static final BearerHeader NONE = new BearerHeader(null, "");

		@Override
		public String toString() {
			return "BearerHeader[token=" + this.token + "]";
		}

	}

	private record Origin(String scheme, String host, int port) {

		static Origin of(URI uri) {
			String scheme = Objects.toString(uri.getScheme(), "").toLowerCase(Locale.ROOT);
			return new Origin(scheme, Objects.toString(uri.getHost(), ""), effectivePort(scheme, uri.getPort()));
		}

		/** Compares without allocating: this runs for every request the client sends. */
		boolean matches(URI uri) {
			return this.scheme.equalsIgnoreCase(uri.getScheme()) && this.host.equalsIgnoreCase(uri.getHost())
					&& this.port == effectivePort(this.scheme, uri.getPort());
		}

		private static int effectivePort(String scheme, int port) {
			return (port != -1) ? port : ("https".equals(scheme) ? 443 : 80);
		}

	}

}
