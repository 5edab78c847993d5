package io.github.futuresauth.tradovate.auth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link TradovateCredentials}.
 */
class TradovateCredentialsTests {

	@Test
	void toStringHidesPasswordAndSecret() {
		TradovateCredentials credentials = new TradovateCredentials("trader", "hunter2-password", "app", "1.0",
				"device", "8", "the-api-secret");
		assertThat(credentials.toString()).contains("trader", "app", "device")
			.doesNotContain("hunter2-password", "the-api-secret");
	}

	@Test
	void missingNameAndPasswordAreNamed() {
		assertThatIllegalArgumentException().isThrownBy(() -> TradovateCredentials.of(" ", ""))
			.withMessageContaining("name is required")
			.withMessageContaining("password is required");
	}

	@Test
	void documentedLengthLimitsAreEnforcedWithoutShowingTheValue() {
		String longPassword = "p".repeat(TradovateCredentials.MAX_PASSWORD_LENGTH + 1);
		String longSecret = "s".repeat(TradovateCredentials.MAX_SEC_LENGTH + 1);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new TradovateCredentials("n".repeat(65), longPassword, "a".repeat(65), "v".repeat(65),
					"d".repeat(65), "c".repeat(65), longSecret))
			.withMessageContaining("name must be at most 64")
			.withMessageContaining("password must be at most 512")
			.withMessageContaining("app-id must be at most 64")
			.withMessageContaining("app-version must be at most 64")
			.withMessageContaining("device-id must be at most 64")
			.withMessageContaining("cid must be at most 64")
			.withMessageContaining("sec must be at most 8192")
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(longPassword).doesNotContain("ppppp"));
	}

	@Test
	void valuesAtTheLimitsAreAccepted() {
		TradovateCredentials credentials = new TradovateCredentials("n".repeat(64), "p".repeat(512), "a".repeat(64),
				null, null, null, "s".repeat(8192));
		assertThat(credentials.name()).hasSize(64);
	}

}
