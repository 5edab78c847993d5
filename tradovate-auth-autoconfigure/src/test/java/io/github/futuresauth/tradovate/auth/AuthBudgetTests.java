package io.github.futuresauth.tradovate.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

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
	void aSessionClosedElsewhereIsReplacedAtOnce() {
		AuthLedger ledger = this.budget.loginSucceeded(AuthLedger.EMPTY, NOW);
		ledger = this.budget.sessionClosed(ledger, NOW.plusSeconds(6));
		assertThat(ledger.kicks()).isOne();
		assertThat(this.budget.loginHold(ledger, NOW.plusSeconds(6), "me", CREDENTIALS)).isNull();
	}

	@Test
	void loginsAreSpacedOnlyWhenSessionsKeepBeingClosedAndTheSpacingEscalates() {
		// Sessions closed within an hour of opening, in a row: 0s, 1, 2, 4, 8, 15, 15
		// min.
		List<Duration> expected = List.of(Duration.ZERO, Duration.ofMinutes(1), Duration.ofMinutes(2),
				Duration.ofMinutes(4), Duration.ofMinutes(8), Duration.ofMinutes(15), Duration.ofMinutes(15));
		AuthLedger ledger = AuthLedger.EMPTY;
		Instant login = NOW;
		for (Duration spacing : expected) {
			ledger = this.budget.loginSucceeded(ledger, login);
			Instant kicked = login.plusSeconds(10);
			ledger = this.budget.sessionClosed(ledger, kicked);
			Hold hold = this.budget.loginHold(ledger, kicked, "me", CREDENTIALS);
			if (spacing.isZero()) {
				assertThat(hold).isNull();
			}
			else {
				assertThat(hold).isNotNull();
				assertThat(hold.reason()).isEqualTo(HoldReason.INTERVAL);
				assertThat(hold.until()).isEqualTo(login.plus(spacing));
				assertThat(hold.message()).contains("share one token");
			}
			login = login.plus(spacing).plusSeconds(1);
		}
	}

	@Test
	void theSpacingStartsAfreshOnceASessionLivedAnHour() {
		AuthLedger ledger = this.budget.loginSucceeded(AuthLedger.EMPTY, NOW);
		ledger = this.budget.sessionClosed(ledger, NOW.plusSeconds(10));
		ledger = this.budget.loginSucceeded(ledger, NOW.plusSeconds(10));
		ledger = this.budget.sessionClosed(ledger, NOW.plusSeconds(20));
		assertThat(ledger.kicks()).isEqualTo(2);
		ledger = this.budget.loginSucceeded(ledger, NOW.plus(Duration.ofMinutes(1)));
		Instant anHourLater = NOW.plus(Duration.ofMinutes(61));
		ledger = this.budget.sessionClosed(ledger, anHourLater);
		assertThat(ledger.kicks()).isOne();
		assertThat(this.budget.loginHold(ledger, anHourLater, "me", CREDENTIALS)).isNull();
	}

	@Test
	void tooManyRequestsHoldsEveryAuthRequestForRetryAfterOrAnHour() {
		AuthLedger withoutRetryAfter = this.budget.tooManyRequests(AuthLedger.EMPTY, NOW, null, "/auth/me");
		assertThat(this.budget.authHold(withoutRetryAfter, NOW.plus(Duration.ofMinutes(59)))).isNotNull()
			.satisfies((hold) -> assertThat(hold.reason()).isEqualTo(HoldReason.RATE_LIMITED));
		assertThat(this.budget.loginHold(withoutRetryAfter, NOW.plus(Duration.ofMinutes(59)), "me", CREDENTIALS))
			.isNotNull();
		assertThat(this.budget.authHold(withoutRetryAfter, NOW.plus(Duration.ofHours(1)))).isNull();
		AuthLedger withRetryAfter = this.budget.tooManyRequests(AuthLedger.EMPTY, NOW, Duration.ofMinutes(5),
				"/auth/me");
		assertThat(withRetryAfter.hold().until()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
		// A login that succeeds meanwhile does not lift it.
		assertThat(this.budget.loginSucceeded(withRetryAfter, NOW).hold()).isEqualTo(withRetryAfter.hold());
	}

	@Test
	void theHoldAfterTooManyRequestsCanBeShortenedButNotLengthened() {
		AuthBudget shorter = new AuthBudget(new AuthLimits(5, 15, 10, Duration.ofMinutes(1), Duration.ofMinutes(10)),
				Duration.ofSeconds(30));
		assertThat(shorter.tooManyRequests(AuthLedger.EMPTY, NOW, null, "a login").hold().until())
			.isEqualTo(NOW.plus(Duration.ofMinutes(10)));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new AuthLimits(5, 15, 10, Duration.ofMinutes(1), Duration.ofMinutes(61)));
	}

	@Test
	void aTransientFailureOfTheLoginThatCarriesTheTicketKeepsThePenaltyAndItsHolder() {
		AuthLedger ledger = this.budget.loginFailed(AuthLedger.EMPTY, NOW,
				new TimePenaltyException("trader", Duration.ofSeconds(30), "ticket"), "me", CREDENTIALS);
		Instant resent = NOW.plusSeconds(30);
		ledger = this.budget.loginFailed(ledger, resent, new TradovateUnavailableException("503", null, 503, null),
				"me", CREDENTIALS);
		assertThat(ledger.hold().reason()).isEqualTo(HoldReason.PENALTY);
		assertThat(ledger.hold().owner()).isEqualTo("me");
		assertThat(this.budget.loginHold(ledger, ledger.hold().until(), "other", CREDENTIALS)).isNotNull();
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
