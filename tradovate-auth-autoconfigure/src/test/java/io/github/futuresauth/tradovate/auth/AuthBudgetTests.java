package io.github.futuresauth.tradovate.auth;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AuthBudget}.
 */
class AuthBudgetTests {

	private static final Instant NOW = Instant.parse("2026-01-05T10:00:00Z");

	private static final TradovateCredentials CREDENTIALS = TradovateCredentials.of("trader", "secret");

	private final AuthBudget budget = new AuthBudget(AuthLimits.TRADOVATE, Duration.ofSeconds(30));

	@Test
	void failedLoginsAreLimitedPerRollingHour() {
		AuthLedger ledger = AuthLedger.EMPTY;
		for (int i = 0; i < 5; i++) {
			assertThat(this.budget.loginHold(ledger, NOW.plusSeconds(i), "me", CREDENTIALS)).isNull();
			ledger = this.budget.loginAttemptFailed(ledger, NOW.plusSeconds(i));
		}
		Hold hold = this.budget.loginHold(ledger, NOW.plusSeconds(10), "me", CREDENTIALS);
		assertThat(hold).isNotNull();
		assertThat(hold.reason()).isEqualTo(HoldReason.LIMIT);
		assertThat(hold.until()).isEqualTo(NOW.plus(Duration.ofHours(1)));
		Instant later = NOW.plus(Duration.ofHours(1)).plusMillis(1);
		assertThat(this.budget.loginHold(ledger.trimmed(later), later, "me", CREDENTIALS)).isNull();
	}

	@Test
	void renewalsAndChecksAreLimitedPerRollingHour() {
		AuthLedger ledger = AuthLedger.EMPTY;
		for (int i = 0; i < 15; i++) {
			assertThat(this.budget.renewalHold(ledger)).isNull();
			ledger = this.budget.renewalSent(ledger, NOW.plusSeconds(i));
		}
		assertThat(this.budget.renewalHold(ledger)).isNotNull();
		for (int i = 0; i < 10; i++) {
			assertThat(this.budget.checkHold(ledger)).isNull();
			ledger = this.budget.checkSent(ledger, NOW.plusSeconds(i));
		}
		assertThat(this.budget.checkHold(ledger)).isNotNull();
	}

	@Test
	void loginsThatOpenASessionAreSpaced() {
		AuthLedger ledger = this.budget.loginSucceeded(AuthLedger.EMPTY, NOW);
		Hold hold = this.budget.loginHold(ledger, NOW.plusSeconds(30), "me", CREDENTIALS);
		assertThat(hold).isNotNull();
		assertThat(hold.reason()).isEqualTo(HoldReason.INTERVAL);
		assertThat(this.budget.loginHold(ledger, NOW.plusSeconds(60), "me", CREDENTIALS)).isNull();
	}

	@Test
	void onlyTheHolderOfAPenaltyTicketMayLogInWhenItEnds() {
		AuthLedger ledger = this.budget.loginFailed(AuthLedger.EMPTY, NOW,
				new TimePenaltyException("trader", Duration.ofMinutes(10), "ticket"), "me", CREDENTIALS);
		assertThat(this.budget.loginHold(ledger, NOW.plus(Duration.ofMinutes(9)), "me", CREDENTIALS)).isNotNull();
		assertThat(this.budget.loginHold(ledger, NOW.plus(Duration.ofMinutes(10)), "me", CREDENTIALS)).isNull();
		assertThat(this.budget.loginHold(ledger, NOW.plus(Duration.ofMinutes(10)), "other", CREDENTIALS)).isNotNull();
		assertThat(this.budget.loginHold(ledger, NOW.plus(Duration.ofMinutes(12)), "other", CREDENTIALS)).isNull();
	}

	@Test
	void refusalsEscalateForTheSameCredentialsOnly() {
		AuthLedger ledger = AuthLedger.EMPTY;
		CredentialsRejectedException refused = new CredentialsRejectedException("trader", "Incorrect password");
		Duration[] expected = { Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15),
				Duration.ofMinutes(60), Duration.ofMinutes(60) };
		Instant now = NOW;
		for (Duration wait : expected) {
			ledger = this.budget.loginFailed(ledger, now, refused, "me", CREDENTIALS);
			assertThat(ledger.hold().until()).isEqualTo(now.plus(wait));
			assertThat(this.budget.loginHold(ledger, now, "me", TradovateCredentials.of("trader", "corrected")))
				.isNull();
			now = now.plus(wait);
		}
		assertThat(ledger.hold().credentials()).doesNotContain("secret");
	}

	@Test
	void unavailableHoldsDoubleAndHonourWhatTradovateAsked() {
		TradovateUnavailableException outage = new TradovateUnavailableException("503", null, 503, null);
		AuthLedger ledger = this.budget.loginFailed(AuthLedger.EMPTY, NOW, outage, "me", CREDENTIALS);
		assertThat(ledger.hold().until()).isEqualTo(NOW.plusSeconds(30));
		ledger = this.budget.loginFailed(ledger, NOW, outage, "me", CREDENTIALS);
		assertThat(ledger.hold().until()).isEqualTo(NOW.plusSeconds(60));
		for (int i = 0; i < 10; i++) {
			ledger = this.budget.loginFailed(ledger, NOW, outage, "me", CREDENTIALS);
		}
		assertThat(ledger.hold().until()).isEqualTo(NOW.plus(AuthBudget.LONGEST_UNAVAILABLE_HOLD));
		AuthLedger tooMany = this.budget.loginFailed(AuthLedger.EMPTY, NOW,
				new TradovateUnavailableException("429", null, 429, Duration.ofSeconds(5)), "me", CREDENTIALS);
		assertThat(tooMany.hold().until()).isEqualTo(NOW.plus(Duration.ofMinutes(1)));
		AuthLedger asked = this.budget.loginFailed(AuthLedger.EMPTY, NOW,
				new TradovateUnavailableException("503", null, 503, Duration.ofMinutes(7)), "me", CREDENTIALS);
		assertThat(asked.hold().until()).isEqualTo(NOW.plus(Duration.ofMinutes(7)));
	}

	@Test
	void successEndsEveryHold() {
		AuthLedger ledger = this.budget.loginFailed(AuthLedger.EMPTY, NOW, new CaptchaRequiredException("trader"), "me",
				CREDENTIALS);
		assertThat(this.budget.loginSucceeded(ledger, NOW).hold()).isNull();
	}

	@Test
	void heldExceptionSaysHowLongToWaitAndWhatToDo() {
		Hold hold = new Hold(HoldReason.REFUSED, NOW.plusSeconds(90), "Tradovate refused the login", 1, null, null);
		LoginHeldException ex = AuthBudget.held(hold, NOW, null);
		assertThat(ex.getRetryAfter()).isEqualTo(Duration.ofSeconds(90));
		assertThat(ex.getMessage()).contains("refused").contains("correct the credentials").contains("90s");
		assertThat(ex.isTransient()).isFalse();
	}

}
