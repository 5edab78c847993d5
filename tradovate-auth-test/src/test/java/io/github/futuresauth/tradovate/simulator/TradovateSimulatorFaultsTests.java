package io.github.futuresauth.tradovate.simulator;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Tests for the faults that {@link TradovateSimulator} injects.
 */
class TradovateSimulatorFaultsTests extends AbstractTradovateSimulatorTests {

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
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.simulator.failNext(1, 500, Duration.ofSeconds(1)))
			.withMessageContaining("'httpStatus' must be 429 or 503 to carry a Retry-After, but was 500");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.simulator.failNext(1, 429, Duration.ofSeconds(-1)))
			.withMessageContaining("'retryAfter' must not be negative");
		assertThatNullPointerException().isThrownBy(() -> this.simulator.failNext(1, 429, null))
			.withMessageContaining("retryAfter");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.simulator.failNext(0, 429, Duration.ofSeconds(1)))
			.withMessageContaining("'count' must be positive");
	}

}
