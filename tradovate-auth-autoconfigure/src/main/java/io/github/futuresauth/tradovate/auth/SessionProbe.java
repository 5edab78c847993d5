package io.github.futuresauth.tradovate.auth;

/**
 * Decides what to do about a session under suspicion, as a pure function of how far the
 * suspicion has gone and what the latest look at it found, so that a dead session is told
 * apart from an outage within seconds, without spending logins or the budget of checks on
 * an outage.
 * <p>
 * A session is suspected when requests with its token keep failing with {@code 408},
 * {@code 429} or {@code 5xx}: Tradovate answers a closed session's token like that as
 * well as with {@code 401}. The first look is {@code /auth/me} with the token. When that
 * goes unanswered, a request <em>without</em> a token tells whether Tradovate is up: it
 * is answered {@code 401} at once when it is. Up, while the token keeps failing, means
 * the session is dead; down means an outage, which is looked at again, without a token,
 * until it ends. A {@code 429} means that Tradovate stopped handling this user's requests
 * for a while: it never leads to a login.
 *
 * <table>
 * <caption>Stage × verdict → action</caption>
 * <tr>
 * <th>stage</th>
 * <th>verdict</th>
 * <th>action</th>
 * </tr>
 * <tr>
 * <td>SUSPECTED</td>
 * <td>ALIVE</td>
 * <td>CLEAR</td>
 * </tr>
 * <tr>
 * <td>SUSPECTED</td>
 * <td>DEAD</td>
 * <td>RELOGIN</td>
 * </tr>
 * <tr>
 * <td>SUSPECTED</td>
 * <td>RATE_LIMITED</td>
 * <td>HOLD</td>
 * </tr>
 * <tr>
 * <td>SUSPECTED</td>
 * <td>UNANSWERED, NOT_CHECKED</td>
 * <td>PROBE</td>
 * </tr>
 * <tr>
 * <td>PROBING</td>
 * <td>UP</td>
 * <td>RELOGIN</td>
 * </tr>
 * <tr>
 * <td>PROBING, OUTAGE</td>
 * <td>DOWN</td>
 * <td>WAIT (stage OUTAGE)</td>
 * </tr>
 * <tr>
 * <td>OUTAGE</td>
 * <td>UP</td>
 * <td>CHECK (stage SUSPECTED)</td>
 * </tr>
 * <tr>
 * <td>any</td>
 * <td>REPLACED</td>
 * <td>CLEAR</td>
 * </tr>
 * </table>
 * Any other pair can only come from a look that does not belong to the stage, and is
 * answered with {@link Action#CHECK}.
 */
final class SessionProbe {

	private SessionProbe() {
	}

	/**
	 * Return what to do next.
	 * @param stage how far the suspicion has gone
	 * @param verdict what the latest look found
	 * @return the action
	 */
	static Action decide(Stage stage, Verdict verdict) {
		if (verdict == Verdict.REPLACED) {
			return Action.CLEAR;
		}
		return switch (stage) {
			case SUSPECTED -> switch (verdict) {
				case ALIVE -> Action.CLEAR;
				case DEAD -> Action.RELOGIN;
				case RATE_LIMITED -> Action.HOLD;
				case UNANSWERED, NOT_CHECKED -> Action.PROBE;
				default -> Action.CHECK;
			};
			case PROBING -> switch (verdict) {
				case UP -> Action.RELOGIN;
				case DOWN -> Action.WAIT;
				default -> Action.CHECK;
			};
			case OUTAGE -> switch (verdict) {
				case DOWN -> Action.WAIT;
				default -> Action.CHECK;
			};
			case DONE -> Action.CLEAR;
		};
	}

	/**
	 * Return the stage that an action leads to.
	 * @param action the action taken
	 * @return the next stage, or {@code null} when the suspicion ends
	 */
	static Stage next(Action action) {
		return switch (action) {
			case CHECK -> Stage.SUSPECTED;
			case PROBE -> Stage.PROBING;
			case WAIT -> Stage.OUTAGE;
			case CLEAR, RELOGIN, HOLD -> Stage.DONE;
		};
	}

	/** How far a suspicion has gone. */
	enum Stage {

		/** Requests with the token keep failing: {@code /auth/me} is asked next. */
		SUSPECTED,

		/**
		 * {@code /auth/me} went unanswered, or could not be asked: a request without a
		 * token is sent next.
		 */
		PROBING,

		/** Tradovate looked down: looked at again, without a token, after a while. */
		OUTAGE,

		/** The suspicion has ended. */
		DONE

	}

	/** What a look at the session found. */
	enum Verdict {

		/** {@code /auth/me} accepted the token. */
		ALIVE,

		/** {@code /auth/me} or a renewal answered {@code 401}: the session is closed. */
		DEAD,

		/** {@code /auth/me} answered {@code 429}. */
		RATE_LIMITED,

		/** {@code /auth/me} answered {@code 408} or {@code 5xx}, or not at all. */
		UNANSWERED,

		/** {@code /auth/me} could not be asked: its hourly budget is spent. */
		NOT_CHECKED,

		/** A request without a token was answered {@code 401}: Tradovate is up. */
		UP,

		/** A request without a token was not answered as Tradovate does when it is up. */
		DOWN,

		/** The store holds another token already: there is nothing left to judge. */
		REPLACED

	}

	/** What to do about the session. */
	enum Action {

		/** Nothing: the token works, or has been replaced. */
		CLEAR,

		/** Ask {@code /auth/me} with the token. */
		CHECK,

		/** Send a request without a token, to tell whether Tradovate is up. */
		PROBE,

		/** The session is dead: forget the token and log in at once, once. */
		RELOGIN,

		/** Hold every request to {@code /auth/*}; no login. */
		HOLD,

		/** Tradovate is down: look again, without a token, after a while; no login. */
		WAIT

	}

}
