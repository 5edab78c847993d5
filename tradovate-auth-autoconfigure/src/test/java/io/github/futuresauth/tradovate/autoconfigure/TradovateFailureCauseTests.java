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
	void namesEachKindOfFailure() {
		assertThat(TradovateFailureCause.of(new CredentialsRejectedException("trader", "Incorrect password")))
			.isEqualTo("credentials_rejected");
		assertThat(TradovateFailureCause.of(new CaptchaRequiredException("trader"))).isEqualTo("captcha");
		assertThat(TradovateFailureCause.of(new UserNotActiveException("trader", "Closed")))
			.isEqualTo("user_not_active");
		assertThat(TradovateFailureCause.of(new TokenRejectedException("expired"))).isEqualTo("token_rejected");
		assertThat(TradovateFailureCause.of(new TradovateUnavailableException("503", null))).isEqualTo("unavailable");
	}

	@Test
	void anythingElseIsOther() {
		assertThat(TradovateFailureCause.of(new TradovateAuthException("odd response"))).isEqualTo("other");
		assertThat(TradovateFailureCause.of(new IllegalStateException())).isEqualTo("other");
		assertThat(TradovateFailureCause.of(null)).isEqualTo("other");
	}

}
