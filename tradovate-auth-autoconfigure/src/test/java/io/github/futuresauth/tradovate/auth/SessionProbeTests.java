package io.github.futuresauth.tradovate.auth;

import java.util.EnumSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.github.futuresauth.tradovate.auth.SessionProbe.Action;
import io.github.futuresauth.tradovate.auth.SessionProbe.Stage;
import io.github.futuresauth.tradovate.auth.SessionProbe.Verdict;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SessionProbe}: stage × verdict → action, and the stage each action
 * leads to.
 */
class SessionProbeTests {

	@ParameterizedTest(name = "{0} x {1} -> {2}, then {3}")
	@CsvSource({
			// /auth/me with the token
			"SUSPECTED, ALIVE,        CLEAR,   DONE", //
			"SUSPECTED, DEAD,         RELOGIN, DONE", //
			"SUSPECTED, RATE_LIMITED, HOLD,    DONE", //
			"SUSPECTED, UNANSWERED,   PROBE,   PROBING", //
			"SUSPECTED, NOT_CHECKED,  PROBE,   PROBING", //
			"SUSPECTED, REPLACED,     CLEAR,   DONE", //
			// a request without a token
			"PROBING,   UP,           RELOGIN, DONE", //
			"PROBING,   DOWN,         WAIT,    OUTAGE", //
			"PROBING,   REPLACED,     CLEAR,   DONE", //
			// looked at again while Tradovate was down
			"OUTAGE,    DOWN,         WAIT,    OUTAGE", //
			"OUTAGE,    UP,           CHECK,   SUSPECTED", //
			"OUTAGE,    REPLACED,     CLEAR,   DONE", //
			"DONE,      DEAD,         CLEAR,   DONE" })
	void decides(Stage stage, Verdict verdict, Action action, Stage next) {
		assertThat(SessionProbe.decide(stage, verdict)).isEqualTo(action);
		assertThat(SessionProbe.next(action)).isEqualTo(next);
	}

	@Test
	void tooManyRequestsNeverLeadToALogin() {
		for (Stage stage : Stage.values()) {
			assertThat(SessionProbe.decide(stage, Verdict.RATE_LIMITED)).isNotEqualTo(Action.RELOGIN);
		}
	}

	@Test
	void anOutageNeverLeadsToALogin() {
		for (Stage stage : EnumSet.of(Stage.PROBING, Stage.OUTAGE)) {
			assertThat(SessionProbe.decide(stage, Verdict.DOWN)).isEqualTo(Action.WAIT);
		}
		// Up again after an outage: the token is checked before a login is spent on it.
		assertThat(SessionProbe.decide(Stage.OUTAGE, Verdict.UP)).isEqualTo(Action.CHECK);
	}

	@Test
	void everyPairHasAnAction() {
		for (Stage stage : Stage.values()) {
			for (Verdict verdict : Verdict.values()) {
				assertThat(SessionProbe.decide(stage, verdict)).isNotNull();
			}
		}
	}

}
