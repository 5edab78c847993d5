package io.github.futuresauth.tradovate.simulator;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Tests for the faults of {@link TradovateSimulator}, over real HTTP.
 */
class TradovateSimulatorFaultsTests extends AbstractTradovateSimulatorTests {

	@Test
	void failedRequestsAreFollowedByNormalAnswers() throws Exception {
		this.simulator.failNext(1, 503);
		this.simulator.failNext(2, 429);
		this.simulator.failNext(1, 408);
		HttpResponse<String> unavailable = this.client.login(NAME, PASSWORD);
		assertThat(unavailable.statusCode()).isEqualTo(503);
		assertThat(unavailable.body()).isNotEmpty();
		HttpResponse<String> tooManyRequests = this.client.get("/account/list", null);
		assertThat(tooManyRequests.statusCode()).isEqualTo(429);
		assertThat(tooManyRequests.body()).isEmpty();
		assertThat(this.client.login(NAME, PASSWORD).statusCode()).isEqualTo(429);
		HttpResponse<String> timeout = this.client.login(NAME, PASSWORD);
		assertThat(timeout.statusCode()).isEqualTo(408);
		assertThat(timeout.body()).isNotEmpty();
		assertThat(SimulatorClient.json(this.client.login(NAME, PASSWORD)).has("accessToken")).isTrue();
		Journal journal = this.simulator.journal();
		assertThat(journal.requests(RequestKind.FAULT)).extracting(RecordedRequest::status)
			.containsExactly(503, 429, 429, 408);
		assertThat(journal.logins()).isOne();
	}

	@Test
	void delayedRequestTimesOutAClientWithAShortTimeout() throws Exception {
		this.simulator.delayNext(1, Duration.ofMillis(600));
		SimulatorClient impatientClient = new SimulatorClient(this.simulator, Duration.ofMillis(200));
		assertThatExceptionOfType(HttpTimeoutException.class)
			.isThrownBy(() -> impatientClient.get("/account/list", null));
		assertThat(impatientClient.login(NAME, PASSWORD).statusCode()).isEqualTo(200);
	}

	@Test
	void delayedRequestIsAnsweredNormally() throws Exception {
		this.simulator.delayNext(1, Duration.ofMillis(50));
		HttpResponse<String> response = this.client.login(NAME, PASSWORD);
		assertThat(SimulatorClient.json(response).has("accessToken")).isTrue();
		assertThat(this.simulator.journal().count(RequestKind.LOGIN)).isOne();
		assertThat(this.simulator.journal().count(RequestKind.FAULT)).isZero();
	}

	@Test
	void delayedRequestIsJournaledInArrivalOrder() throws Exception {
		TradovateSimulator simulator = this.simulator;
		simulator.delayNext(1, Duration.ofMillis(300));
		CompletableFuture<HttpResponse<String>> delayed = this.client.loginAsync(NAME, PASSWORD);
		awaitArrivalOfDelayedRequest();
		assertThat(this.client.get("/account/list", null).statusCode()).isEqualTo(401);
		assertThat(simulator.journal().requests()).extracting(RecordedRequest::kind)
			.containsExactly(RequestKind.UNAUTHORIZED);
		assertThat(delayed.join().statusCode()).isEqualTo(200);
		assertThat(simulator.journal().requests()).extracting(RecordedRequest::kind)
			.containsExactly(RequestKind.LOGIN, RequestKind.UNAUTHORIZED);
	}

	@Test
	void requestDelayedAcrossAResetIsDroppedAndNotJournaled() throws Exception {
		TradovateSimulator simulator = this.simulator;
		simulator.delayNext(1, Duration.ofMillis(300));
		CompletableFuture<HttpResponse<String>> delayed = this.client.loginAsync(NAME, PASSWORD);
		awaitArrivalOfDelayedRequest();
		simulator.reset();
		assertThat(delayed).failsWithin(Duration.ofSeconds(5))
			.withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(IOException.class);
		assertThat(simulator.journal().requests()).isEmpty();
		assertThat(simulator.journal().sessionsOpened()).isZero();
	}

	private void awaitArrivalOfDelayedRequest() {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (this.simulator.hasPendingFaults()) {
			assertThat(System.nanoTime()).as("delayed request arrived").isLessThan(deadline);
			Thread.onSpinWait();
		}
	}

	@Test
	void droppedLoginFailsWithAnIOException() throws Exception {
		this.simulator.dropNext(1);
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> this.client.login(NAME, PASSWORD));
		assertThat(SimulatorClient.json(this.client.login(NAME, PASSWORD)).has("accessToken")).isTrue();
		List<RecordedRequest> faults = this.simulator.journal().requests(RequestKind.FAULT);
		assertThat(faults).singleElement()
			.satisfies((fault) -> assertThat(fault.status()).isEqualTo(RecordedRequest.NO_RESPONSE));
		assertThat(this.simulator.journal().logins()).isOne();
	}

	@Test
	void droppedGetFailsWithAnIOExceptionOnceTheClientStopsRetrying() throws Exception {
		// The JDK client sends an idempotent request a second time by itself when the
		// connection closes before any byte of the answer.
		this.simulator.dropNext(2);
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> this.client.get("/account/list", null));
		assertThat(this.simulator.journal().count(RequestKind.FAULT)).isEqualTo(2);
		assertThat(this.client.get("/account/list", null).statusCode()).isEqualTo(401);
	}

	@Test
	void droppedGetIsRetriedByTheJdkClient() throws Exception {
		this.simulator.dropNext(1);
		assertThat(this.client.get("/account/list", null).statusCode()).isEqualTo(401);
		assertThat(this.simulator.journal().requests()).extracting(RecordedRequest::kind)
			.containsExactly(RequestKind.FAULT, RequestKind.UNAUTHORIZED);
	}

	@Test
	void faultArgumentsAreValidated() {
		TradovateSimulator simulator = this.simulator;
		assertThatIllegalArgumentException().isThrownBy(() -> simulator.failNext(0, 500));
		assertThatIllegalArgumentException().isThrownBy(() -> simulator.failNext(1, 200));
		assertThatIllegalArgumentException().isThrownBy(() -> simulator.delayNext(1, Duration.ofSeconds(-1)));
		assertThatIllegalArgumentException().isThrownBy(() -> simulator.dropNext(-1));
		assertThatIllegalArgumentException().isThrownBy(() -> simulator.penalizeNextLogin(Duration.ofSeconds(-1)));
	}

	@Test
	void injected429CarriesRetryAfterOf60Seconds() throws Exception {
		this.simulator.failNext(1, 429);
		HttpResponse<String> response = this.client.login(NAME, PASSWORD);
		assertThat(response.statusCode()).isEqualTo(429);
		assertThat(response.body()).isEmpty();
		assertThat(response.headers().firstValue("Retry-After")).hasValue("60");
	}

	@Test
	void otherInjectedStatusesCarryNoRetryAfter() throws Exception {
		this.simulator.failNext(1, 503);
		HttpResponse<String> response = this.client.login(NAME, PASSWORD);
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).isEmpty();
	}

	@Test
	void retryAfterCanBeChosenInWholeSecondsRoundedUp() throws Exception {
		this.simulator.failNext(1, 429, Duration.ofSeconds(5));
		this.simulator.failNext(1, 503, Duration.ofMillis(2500));
		HttpResponse<String> tooManyRequests = this.client.get("/auth/me", null);
		assertThat(tooManyRequests.statusCode()).isEqualTo(429);
		assertThat(tooManyRequests.body()).isEmpty();
		assertThat(tooManyRequests.headers().firstValue("Retry-After")).hasValue("5");
		HttpResponse<String> unavailable = this.client.get("/auth/me", null);
		assertThat(unavailable.statusCode()).isEqualTo(503);
		assertThat(unavailable.headers().firstValue("Retry-After")).hasValue("3");
		assertThat(this.client.get("/auth/me", null).statusCode()).isEqualTo(401);
		assertThat(this.simulator.journal().requests()).extracting(RecordedRequest::kind)
			.containsExactly(RequestKind.FAULT, RequestKind.FAULT, RequestKind.UNAUTHORIZED);
	}

	@Test
	void retryAfterIsOnlyFor429And503() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.simulator.failNext(1, 500, Duration.ofSeconds(1)))
			.withMessageContaining("'httpStatus' must be 429 or 503 to carry a Retry-After, but was 500");
		assertThatIllegalArgumentException().isThrownBy(() -> this.simulator.failNext(1, 429, Duration.ofSeconds(-1)))
			.withMessageContaining("'retryAfter' must not be negative");
		assertThatNullPointerException().isThrownBy(() -> this.simulator.failNext(1, 429, null))
			.withMessageContaining("retryAfter");
		assertThatIllegalArgumentException().isThrownBy(() -> this.simulator.failNext(0, 429, Duration.ofSeconds(1)))
			.withMessageContaining("'count' must be positive");
	}

}
