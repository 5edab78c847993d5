package io.github.futuresauth.tradovate.simulator;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RecordedRequest}.
 */
class RecordedRequestTests {

	@Test
	void toStringMasksTheCredentialsOfTheAuthorizationHeader() {
		RecordedRequest request = new RecordedRequest(Instant.EPOCH, "GET", "/v1/auth/me", RequestKind.ME, 200, true,
				"Bearer abcdefghijklmnop", "127.0.0.1");
		assertThat(request.toString()).doesNotContain("abcdefghijklmnop")
			.contains("authorization=Bearer <masked, 16 chars>");
		assertThat(request.authorization()).isEqualTo("Bearer abcdefghijklmnop", "127.0.0.1");
	}

	@Test
	void toStringMasksAnAuthorizationHeaderWithoutScheme() {
		RecordedRequest request = new RecordedRequest(Instant.EPOCH, "GET", "/v1/auth/me", RequestKind.UNAUTHORIZED,
				401, false, "abcdefghijklmnop", "127.0.0.1");
		assertThat(request.toString()).doesNotContain("abcdefghijklmnop").contains("<masked, 16 chars>");
	}

	@Test
	void toStringShowsAMissingAuthorizationHeader() {
		RecordedRequest request = new RecordedRequest(Instant.EPOCH, "POST", "/v1/auth/accesstokenrequest",
				RequestKind.LOGIN, 200, false, null, "192.0.2.7");
		assertThat(request.toString()).contains("authorization=null").contains("callerAddress=192.0.2.7");
	}

}
