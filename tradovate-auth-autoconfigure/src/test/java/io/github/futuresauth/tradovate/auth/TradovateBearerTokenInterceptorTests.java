package io.github.futuresauth.tradovate.auth;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.github.futuresauth.tradovate.simulator.RecordedRequest;
import io.github.futuresauth.tradovate.simulator.RequestKind;
import io.github.futuresauth.tradovate.simulator.TradovateSimulator;
import io.github.futuresauth.tradovate.simulator.TradovateSimulatorExtension;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.client.MockClientHttpResponse;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link TradovateBearerTokenInterceptor}, with a {@link RestClient} talking to
 * the simulator over real HTTP.
 */
class TradovateBearerTokenInterceptorTests {

	private static final String NAME = TradovateSimulator.DEFAULT_USER_NAME;

	@RegisterExtension
	static final TradovateSimulatorExtension extension = new TradovateSimulatorExtension();

	private final TradovateSimulator simulator = extension.simulator();

	private final RenewingTokenProvider tokenProvider = new RenewingTokenProvider(
			TradovateAuthClient.create(this.simulator.baseUrl(), Duration.ofSeconds(1), Duration.ofSeconds(2)),
			TradovateCredentials.of(NAME, TradovateSimulator.DEFAULT_PASSWORD));

	{
		// Time moves on the simulator's clock, so that the provider sees a minute pass
		// between logins.
		this.tokenProvider.setClock(this.simulator.clock());
	}

	private final TradovateBearerTokenInterceptor interceptor = new TradovateBearerTokenInterceptor(this.tokenProvider,
			this.simulator.baseUrl());

	private final RestClient restClient = RestClient.builder()
		.baseUrl(this.simulator.baseUrl().toString())
		.requestInterceptor(this.interceptor)
		.build();

	@AfterEach
	void closeProvider() {
		this.tokenProvider.close();
	}

	@Test
	void requestToTradovateCarriesTheToken() {
		String accounts = this.restClient.get().uri("/account/list").retrieve().body(String.class);
		assertThat(accounts).startsWith("[");
		RecordedRequest request = this.simulator.journal().requests(RequestKind.API).get(0);
		assertThat(request.validBearer()).isTrue();
		assertThat(request.authorization()).isEqualTo("Bearer " + this.tokenProvider.getToken().accessToken());
	}

	@Test
	void tokenNeverReachesAnotherOrigin() throws Exception {
		try (CannedResponseServer other = CannedResponseServer.answering("{}")) {
			this.restClient.get().uri(other.baseUrl() + "/anything").retrieve().toBodilessEntity();
			this.restClient.get()
				.uri(other.baseUrl() + "/anything")
				.header(HttpHeaders.AUTHORIZATION, "Basic dXNlcjpwYXNz")
				.retrieve()
				.toBodilessEntity();
			assertThat(other.authorizations()).containsExactly("null", "Basic dXNlcjpwYXNz");
		}
		assertThat(this.simulator.journal().requests()).isEmpty();
	}

	@Test
	void sameHostOnAnotherPortIsAnotherOrigin() throws Exception {
		try (TradovateSimulator other = TradovateSimulator.builder().start()) {
			// The other server wants a token, does not get ours, and its 401 is not
			// retried.
			assertThatExceptionOfType(HttpClientErrorException.Unauthorized.class).isThrownBy(
					() -> this.restClient.get().uri(other.baseUrl() + "/account/list").retrieve().toBodilessEntity());
			assertThat(other.journal().requests()).singleElement()
				.satisfies((request) -> assertThat(request.authorization()).isNull());
		}
		assertThat(this.simulator.journal().requests()).isEmpty();
	}

	@Test
	void originMatchIgnoresCaseAndKnowsDefaultPortsButNotOtherSchemes() throws Exception {
		TradovateBearerTokenInterceptor interceptor = new TradovateBearerTokenInterceptor(
				new FixedTokenProvider("fixed"), URI.create("https://demo.tradovateapi.com/v1"));
		assertThat(authorizationSentTo(interceptor, "https://DEMO.TradovateAPI.com/v1/account/list"))
			.isEqualTo("Bearer fixed");
		assertThat(authorizationSentTo(interceptor, "https://demo.tradovateapi.com:443/v1/account/list"))
			.isEqualTo("Bearer fixed");
		assertThat(authorizationSentTo(interceptor, "http://demo.tradovateapi.com/v1/account/list")).isNull();
		assertThat(authorizationSentTo(interceptor, "https://demo.tradovateapi.com:8443/v1/account/list")).isNull();
		assertThat(authorizationSentTo(interceptor, "https://live.tradovateapi.com/v1/account/list")).isNull();
		assertThat(authorizationSentTo(interceptor, "https://demo.tradovateapi.com.example.com/v1")).isNull();
	}

	private static @Nullable String authorizationSentTo(TradovateBearerTokenInterceptor interceptor, String url)
			throws Exception {
		HttpRequest request = new HttpRequest() {

			private final HttpHeaders headers = new HttpHeaders();

			@Override
			public HttpMethod getMethod() {
				return HttpMethod.GET;
			}

			@Override
			public URI getURI() {
				return URI.create(url);
			}

			@Override
			public Map<String, Object> getAttributes() {
				return Map.of();
			}

			@Override
			public HttpHeaders getHeaders() {
				return this.headers;
			}

		};
		AtomicReference<@Nullable String> sent = new AtomicReference<>();
		interceptor.intercept(request, new byte[0], (sentRequest, body) -> {
			sent.set(sentRequest.getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
			return new MockClientHttpResponse(new byte[0], HttpStatus.OK);
		});
		return sent.get();
	}

	@Test
	void unauthorizedResponseRenewsTheTokenAndRetriesOnce() {
		AccessToken before = this.tokenProvider.getToken();
		this.simulator.advance(Duration.ofMinutes(1));
		this.simulator.closeAllSessions(NAME);
		String accounts = this.restClient.get().uri("/account/list").retrieve().body(String.class);
		assertThat(accounts).startsWith("[");
		assertThat(this.tokenProvider.getToken().accessToken()).isNotEqualTo(before.accessToken());
		assertThat(this.simulator.journal().requests()).extracting("kind")
			.containsExactly(RequestKind.LOGIN, RequestKind.UNAUTHORIZED, RequestKind.UNAUTHORIZED, RequestKind.LOGIN,
					RequestKind.API);
		assertThat(this.interceptor.getUnauthorizedRetries()).isOne();
	}

	@Test
	void secondUnauthorizedResponseIsReturnedToTheCaller() {
		AtomicInteger invalidations = new AtomicInteger();
		TokenProvider rejectedEveryTime = new TokenProvider() {

			@Override
			public AccessToken getToken() {
				return new AccessToken("not-a-token-" + invalidations.get(), null, Instant.MAX, null, null, null);
			}

			@Override
			public void invalidate(AccessToken token) {
				invalidations.incrementAndGet();
			}

		};
		RestClient client = RestClient.builder()
			.baseUrl(this.simulator.baseUrl().toString())
			.requestInterceptor(new TradovateBearerTokenInterceptor(rejectedEveryTime, this.simulator.baseUrl()))
			.build();
		assertThatExceptionOfType(HttpClientErrorException.Unauthorized.class)
			.isThrownBy(() -> client.get().uri("/account/list").retrieve().body(String.class));
		assertThat(invalidations).hasValue(1);
		assertThat(this.simulator.journal().requests()).extracting("authorization")
			.containsExactly("Bearer not-a-token-0", "Bearer not-a-token-1");
	}

	@Test
	void manyRequestsRejectedAtOnceCauseOneLogin() throws Exception {
		this.tokenProvider.getToken();
		this.simulator.advance(Duration.ofMinutes(1));
		this.simulator.closeAllSessions(NAME);
		ExecutorService executor = Executors.newFixedThreadPool(32);
		try {
			List<Future<String>> results = new ArrayList<>();
			for (int i = 0; i < 32; i++) {
				results.add(executor
					.submit(() -> this.restClient.get().uri("/account/list").retrieve().body(String.class)));
			}
			for (Future<String> result : results) {
				assertThat(result.get(30, TimeUnit.SECONDS)).startsWith("[");
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(this.simulator.journal().logins()).isEqualTo(2);
		assertThat(this.simulator.journal().count(RequestKind.API)).isEqualTo(32);
		// Each request that the server refused was retried once; the later ones got the
		// new token first. One /auth/me confirmed that the token was dead.
		assertThat(this.simulator.journal().requests(RequestKind.UNAUTHORIZED))
			.filteredOn((request) -> request.path().endsWith("/auth/me"))
			.hasSize(1);
		assertThat(this.interceptor.getUnauthorizedRetries())
			.isEqualTo(this.simulator.journal().count(RequestKind.UNAUTHORIZED) - 1)
			.isPositive();
	}

}
