package io.github.futuresauth.tradovate.autoconfigure;

import io.github.futuresauth.tradovate.auth.CaptchaRequiredException;
import io.github.futuresauth.tradovate.auth.CredentialsRejectedException;
import io.github.futuresauth.tradovate.auth.TokenRejectedException;
import io.github.futuresauth.tradovate.auth.TradovateAuthException;
import io.github.futuresauth.tradovate.auth.TradovateUnavailableException;
import io.github.futuresauth.tradovate.auth.UserNotActiveException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TradovateFailureCause}.
 */
class TradovateFailureCauseTests {

	@Test
	void classifiesEachKindOfFailure() {
		assertThat(TradovateFailureCause.of(new CredentialsRejectedException("trader", "Incorrect password")))
			.isEqualTo(TradovateFailureCause.CREDENTIALS_REJECTED);
		assertThat(TradovateFailureCause.of(new CaptchaRequiredException("trader")))
			.isEqualTo(TradovateFailureCause.CAPTCHA);
		assertThat(TradovateFailureCause.of(new UserNotActiveException("trader", "Closed")))
			.isEqualTo(TradovateFailureCause.USER_NOT_ACTIVE);
		assertThat(TradovateFailureCause.of(new TokenRejectedException("expired")))
			.isEqualTo(TradovateFailureCause.TOKEN_REJECTED);
		assertThat(TradovateFailureCause.of(new TradovateUnavailableException("503", null)))
			.isEqualTo(TradovateFailureCause.UNAVAILABLE);
	}

	@Test
	void anythingElseIsOther() {
		assertThat(TradovateFailureCause.of(new TradovateAuthException("odd response")))
			.isEqualTo(TradovateFailureCause.OTHER);
		assertThat(TradovateFailureCause.of(new IllegalStateException())).isEqualTo(TradovateFailureCause.OTHER);
		assertThat(TradovateFailureCause.of(null)).isEqualTo(TradovateFailureCause.OTHER);
	}

	@Test
	void codesAreTheOnesHealthAndMetricsShow() {
		assertThat(TradovateFailureCause.values()).extracting(TradovateFailureCause::getCode)
			.containsExactly("credentials_rejected", "captcha", "penalty", "user_not_active", "token_rejected",
					"unavailable", "other");
	}

}
