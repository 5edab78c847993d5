package io.github.futuresauth.tradovate.auth;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Decides whether a request to Tradovate's {@code /auth/*} endpoints may go out, from the
 * {@link AuthLedger} of the requests already sent and the hold in force, and records what
 * each request brought. Every path that logs in, renews or checks a token asks it first,
 * so that no fault, caller or instance can send more than Tradovate tolerates:
 * <ul>
 * <li><b>Hourly limits</b> ({@link AuthLimits}): failed logins, renewals and checks in
 * any rolling hour.</li>
 * <li><b>Sessions closed elsewhere</b>: the first is replaced at once; when the sessions
 * that replace them keep being closed within an hour, logins are spaced by the least
 * login interval, doubling up to 15 minutes.</li>
 * <li><b>Too many requests</b> ({@code 429}): every request to {@code /auth/*} is held
 * for {@code Retry-After}, or an hour; a {@code 429} never leads to a login.</li>
 * <li><b>Time penalty</b>: only the instance that received the ticket may log in, once
 * {@code p-time} has passed, with the ticket.</li>
 * <li><b>Captcha</b>: held until cleared, with one probe an hour.</li>
 * <li><b>Refused login</b>: held for 1, 5, 15, then 60 minutes after each refusal in a
 * row, for the same credentials only.</li>
 * <li><b>Unavailable</b>: held with back-off after a login that failed for a reason that
 * may pass, doubling up to 15 minutes, and never shorter than {@code Retry-After}.</li>
 * </ul>
 * Its methods are pure functions of the ledger, so that the same decisions hold for a
 * ledger shared by a fleet.
 */
public class AuthBudget {

	/** Holds after refused logins in a row; the last repeats. */
	static final List<Duration> REFUSAL_HOLDS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5),
			Duration.ofMinutes(15), Duration.ofMinutes(60));

	/**
	 * How often a login probes whether a captcha penalty has lifted: it lasts about an
	 * hour.
	 */
	static final Duration CAPTCHA_PROBE = Duration.ofHours(1);

	/**
	 * The least hold after {@code 429 Too Many Requests}, whatever its
	 * {@code Retry-After}.
	 */
	static final Duration TOO_MANY_REQUESTS_HOLD = Duration.ofMinutes(1);

	/** The longest spacing of logins that replace sessions closed elsewhere. */
	static final Duration LONGEST_KICK_SPACING = Duration.ofMinutes(15);

	/**
	 * How long a session must have lived for its closing not to count as one of a row of
	 * sessions closed by another client.
	 */
	static final Duration SESSION_LIVED = Duration.ofHours(1);

	/** The longest hold while Tradovate is unavailable. */
	static final Duration LONGEST_UNAVAILABLE_HOLD = Duration.ofMinutes(15);

	/**
	 * How long after a penalty's end other instances wait for the ticket's holder to use
	 * it, before they take it as lost (the holder stopped) and may log in themselves.
	 */
	static final Duration PENALTY_GRACE = Duration.ofMinutes(2);

	/**
	 * PBKDF2 rounds of a credentials fingerprint: a guess at a password costs as many.
	 */
	static final int FINGERPRINT_ITERATIONS = 60_000;

	private final Map<FingerprintCheck, Boolean> fingerprintChecks = new ConcurrentHashMap<>();

	private final AuthLimits limits;

	private final Duration firstUnavailableHold;

	/**
	 * Create a budget.
	 * @param limits the limits to keep to
	 * @param firstUnavailableHold the hold after the first login that failed for a reason
	 * that may pass; it doubles with each further one
	 */
	public AuthBudget(AuthLimits limits, Duration firstUnavailableHold) {
		Assert.notNull(limits, "AuthLimits must not be null");
		Assert.isTrue(
				firstUnavailableHold != null && !firstUnavailableHold.isNegative() && !firstUnavailableHold.isZero(),
				"The first unavailable hold must be positive");
		this.limits = limits;
		this.firstUnavailableHold = firstUnavailableHold;
	}

	/**
	 * Return the limits this budget keeps to.
	 * @return the limits
	 */
	public AuthLimits getLimits() {
		return this.limits;
	}

	/**
	 * Return the hold that stops a login now, if any.
	 * @param ledger the ledger, trimmed to the last hour
	 * @param now Tradovate's time
	 * @param owner who would log in
	 * @param credentials the credentials it would log in with
	 * @return the hold, or {@code null} when a login may go out
	 */
	public @Nullable Hold loginHold(AuthLedger ledger, Instant now, String owner, TradovateCredentials credentials) {
		Hold hold = ledger.hold();
		if (hold != null && appliesTo(hold, now, owner, credentials)) {
			return hold;
		}
		List<Instant> failed = ledger.failedLogins();
		if (failed.size() >= this.limits.failedLoginsPerHour()) {
			return new Hold(HoldReason.LIMIT,
					failed.get(failed.size() - this.limits.failedLoginsPerHour()).plus(AuthLedger.WINDOW),
					"Tradovate allows " + this.limits.failedLoginsPerHour()
							+ " failed logins an hour from one network, and that many have failed",
					0, null, null);
		}
		Instant lastLogin = ledger.lastLogin();
		Duration spacing = kickSpacing(ledger.kicks());
		if (lastLogin != null && !spacing.isZero() && now.isBefore(lastLogin.plus(spacing))) {
			return new Hold(HoldReason.INTERVAL, lastLogin.plus(spacing),
					ledger.kicks()
							+ " sessions in a row were closed by another client of this user within an hour of opening;"
							+ " the login that replaces the latest waits " + spacing.toSeconds()
							+ "s (share one token between the applications of a user: tradovate.fleet)",
					ledger.kicks(), null, null);
		}
		return null;
	}

	/**
	 * Return what to tell the user whose sessions keep being closed soon after they open.
	 * @param user the user's name
	 * @return the message, which names the fix
	 */
	String repeatedKicks(String user) {
		return "Sessions of Tradovate user '" + user + "' keep being closed by another client of the same user soon"
				+ " after they open (Tradovate allows 2 sessions per user, and a login on its web site takes one)."
				+ " Share one token between the applications of this user (tradovate.fleet with Redis) and stop"
				+ " other clients logging in as it; until then, logins that replace sessions are spaced, from "
				+ kickSpacing(2).toSeconds() + "s up to " + LONGEST_KICK_SPACING.toMinutes() + " minutes";
	}

	/**
	 * Return how long after the latest login the login that replaces a session closed
	 * elsewhere waits: not at all for the first one, then the least login interval,
	 * doubling up to {@link #LONGEST_KICK_SPACING}.
	 * @param kicks how many sessions in a row were closed within an hour of opening
	 * @return the spacing
	 */
	Duration kickSpacing(int kicks) {
		if (kicks < 2 || this.limits.minLoginInterval().isZero()) {
			return Duration.ZERO;
		}
		Duration spacing = this.limits.minLoginInterval().multipliedBy(1L << Math.min(kicks - 2, 20));
		return (spacing.compareTo(LONGEST_KICK_SPACING) > 0) ? LONGEST_KICK_SPACING : spacing;
	}

	/**
	 * Record that a session was found closed (a check or a renewal answered {@code 401}):
	 * one closed within an hour of opening counts towards the spacing of the logins that
	 * replace sessions, one that lived longer starts the count afresh.
	 * @param ledger the ledger
	 * @param now Tradovate's time
	 * @return the new ledger
	 */
	public AuthLedger sessionClosed(AuthLedger ledger, Instant now) {
		Instant lastLogin = ledger.lastLogin();
		boolean young = lastLogin != null && now.isBefore(lastLogin.plus(SESSION_LIVED));
		return ledger.withKicks(young ? ledger.kicks() + 1 : 1);
	}

	/**
	 * Return the hold on every request to {@code /auth/*}, renewals and checks included,
	 * after Tradovate answered {@code 429} or locked logins out ({@code 423}).
	 * @param ledger the ledger
	 * @param now Tradovate's time
	 * @return the hold, or {@code null}
	 */
	public @Nullable Hold authHold(AuthLedger ledger, Instant now) {
		Hold hold = ledger.hold();
		return (hold != null && hold.reason() == HoldReason.RATE_LIMITED && now.isBefore(hold.until())) ? hold : null;
	}

	/**
	 * Record that Tradovate answered {@code 429}: every request to {@code /auth/*} is
	 * held for its {@code Retry-After} (at least {@link #TOO_MANY_REQUESTS_HOLD}), or for
	 * the {@link AuthLimits#tooManyRequestsHold() configured hold} when it gave none. A
	 * hold in force that ends later is kept.
	 * @param ledger the ledger
	 * @param now Tradovate's time
	 * @param retryAfter the {@code Retry-After} of the answer, or {@code null}
	 * @param what what was answered {@code 429}, for the message
	 * @return the new ledger
	 */
	public AuthLedger tooManyRequests(AuthLedger ledger, Instant now, @Nullable Duration retryAfter, String what) {
		Duration wait = tooManyRequestsWait(retryAfter);
		Instant until = now.plus(wait);
		Hold current = ledger.hold();
		if (current != null && !current.until().isBefore(until)) {
			return ledger;
		}
		return ledger.withHold(new Hold(HoldReason.RATE_LIMITED, until,
				"Tradovate answered 429 Too Many Requests to " + what
						+ ": it stops handling this user's requests for a period, which no client can shorten",
				0, (current != null) ? current.owner() : null, null, (current != null) ? current.ticket() : null));
	}

	private Duration tooManyRequestsWait(@Nullable Duration retryAfter) {
		if (retryAfter == null) {
			return this.limits.tooManyRequestsHold();
		}
		return (retryAfter.compareTo(TOO_MANY_REQUESTS_HOLD) < 0) ? TOO_MANY_REQUESTS_HOLD : retryAfter;
	}

	private boolean appliesTo(Hold hold, Instant now, String owner, TradovateCredentials credentials) {
		return switch (hold.reason()) {
			// The holder of the ticket may log in once the wait is over; others wait for
			// it, and take the ticket as lost only well after that.
			case PENALTY -> (owner.equals(hold.owner())) ? now.isBefore(hold.until())
					: now.isBefore(hold.until().plus(PENALTY_GRACE));
			case REFUSED -> now.isBefore(hold.until()) && sameCredentials(hold.credentials(), credentials);
			default -> now.isBefore(hold.until());
		};
	}

	/**
	 * Return the hold that stops a renewal now, if any.
	 * @param ledger the ledger, trimmed to the last hour
	 * @return the hold, or {@code null} when a renewal may go out
	 */
	public @Nullable Hold renewalHold(AuthLedger ledger) {
		return limitHold(ledger.renewals(), this.limits.renewalsPerHour(), "renewals");
	}

	/**
	 * Return the hold that stops a check of a token ({@code /auth/me}) now, if any.
	 * @param ledger the ledger, trimmed to the last hour
	 * @return the hold, or {@code null} when a check may go out
	 */
	public @Nullable Hold checkHold(AuthLedger ledger) {
		return limitHold(ledger.checks(), this.limits.checksPerHour(), "token checks (/auth/me)");
	}

	private static @Nullable Hold limitHold(List<Instant> sent, int limit, String what) {
		if (sent.size() < limit) {
			return null;
		}
		return new Hold(HoldReason.LIMIT, sent.get(sent.size() - limit).plus(AuthLedger.WINDOW),
				limit + " " + what + " an hour is Tradovate's limit, and that many have gone out", 0, null, null);
	}

	/**
	 * Record a login that opened a session: every hold ends.
	 * @param ledger the ledger
	 * @param now Tradovate's time
	 * @return the new ledger
	 */
	public AuthLedger loginSucceeded(AuthLedger ledger, Instant now) {
		Hold hold = ledger.hold();
		// A 429 holds renewals and checks too, whatever a login brought.
		return ledger.withLogin(now)
			.withHold((hold != null && hold.reason() == HoldReason.RATE_LIMITED && now.isBefore(hold.until())) ? hold
					: null);
	}

	/**
	 * Record a login attempt that failed with a failure that another attempt of the same
	 * login may overcome: it counts against the hourly limit, and holds nothing yet.
	 * @param ledger the ledger
	 * @param now Tradovate's time
	 * @return the new ledger
	 */
	public AuthLedger loginAttemptFailed(AuthLedger ledger, Instant now) {
		return ledger.withFailedLogin(now);
	}

	/**
	 * Record the hold that a failed login leads to. The attempt itself must have been
	 * recorded with {@link #loginAttemptFailed(AuthLedger, Instant)}.
	 * @param ledger the ledger
	 * @param now Tradovate's time
	 * @param failure why the login failed
	 * @param owner who sent it
	 * @param credentials the credentials it was sent with
	 * @return the new ledger
	 */
	public AuthLedger loginFailed(AuthLedger ledger, Instant now, TradovateAuthException failure, String owner,
			TradovateCredentials credentials) {
		Hold previous = ledger.hold();
		String message = Objects.toString(failure.getMessage(), failure.getClass().getSimpleName());
		Hold hold;
		if (failure instanceof TimePenaltyException penalty) {
			hold = new Hold(HoldReason.PENALTY, now.plus(penalty.getWait()), message, 0, owner, null,
					penalty.getTicket());
		}
		else if (failure instanceof CaptchaRequiredException) {
			hold = new Hold(HoldReason.CAPTCHA, now.plus(CAPTCHA_PROBE), message, 0, null, null);
		}
		else if (failure instanceof TradovateUnavailableException unavailable && unavailable.isTooManyRequests()) {
			return tooManyRequests(ledger, now, unavailable.getRetryAfter(), "a login");
		}
		else if (previous != null && previous.reason() == HoldReason.PENALTY && failure.isTransient()) {
			// The ticket was not answered: it is still owed, and only its holder has it.
			int strikes = previous.strikes() + 1;
			Instant until = now.plus(unavailableHold(strikes, failure));
			hold = new Hold(HoldReason.PENALTY, until.isBefore(previous.until()) ? previous.until() : until, message,
					strikes, previous.owner(), null, previous.ticket());
		}
		else if (failure instanceof CredentialsRejectedException || failure instanceof UserNotActiveException) {
			int strikes = strikes(previous, HoldReason.REFUSED) + 1;
			Duration wait = REFUSAL_HOLDS.get(Math.min(strikes, REFUSAL_HOLDS.size()) - 1);
			hold = new Hold(HoldReason.REFUSED, now.plus(wait), message, strikes, null, fingerprint(credentials));
		}
		else {
			int strikes = strikes(previous, HoldReason.UNAVAILABLE) + 1;
			hold = new Hold(HoldReason.UNAVAILABLE, now.plus(unavailableHold(strikes, failure)), message, strikes, null,
					null);
		}
		return ledger.withHold(hold);
	}

	private Duration unavailableHold(int strikes, TradovateAuthException failure) {
		Duration wait = this.firstUnavailableHold.multipliedBy(1L << Math.min(strikes - 1, 20));
		if (wait.compareTo(LONGEST_UNAVAILABLE_HOLD) > 0) {
			wait = LONGEST_UNAVAILABLE_HOLD;
		}
		Duration asked = askedToWait(failure);
		return (asked != null && asked.compareTo(wait) > 0) ? asked : wait;
	}

	/**
	 * Return how long Tradovate asked to wait after a failure: its {@code Retry-After},
	 * and at least a minute after {@code 429}.
	 * @param failure the failure
	 * @return the wait, or {@code null} when it asked for none
	 */
	public static @Nullable Duration askedToWait(Throwable failure) {
		if (!(failure instanceof TradovateUnavailableException unavailable)) {
			return null;
		}
		Duration asked = unavailable.getRetryAfter();
		if (unavailable.isTooManyRequests() && (asked == null || asked.compareTo(TOO_MANY_REQUESTS_HOLD) < 0)) {
			return TOO_MANY_REQUESTS_HOLD;
		}
		return asked;
	}

	/**
	 * Record a renewal about to be sent.
	 * @param ledger the ledger
	 * @param now Tradovate's time
	 * @return the new ledger
	 */
	public AuthLedger renewalSent(AuthLedger ledger, Instant now) {
		return ledger.withRenewal(now);
	}

	/**
	 * Record a check about to be sent.
	 * @param ledger the ledger
	 * @param now Tradovate's time
	 * @return the new ledger
	 */
	public AuthLedger checkSent(AuthLedger ledger, Instant now) {
		return ledger.withCheck(now);
	}

	/**
	 * Create the exception for a caller who needs a login while a hold is in force.
	 * @param hold the hold
	 * @param now Tradovate's time
	 * @param cause the failure that led to the hold, or {@code null}
	 * @return a new exception
	 */
	public static LoginHeldException held(Hold hold, Instant now, @Nullable Throwable cause) {
		Duration left = Duration.between(now, hold.until());
		if (left.isNegative()) {
			left = Duration.ZERO;
		}
		String when = switch (hold.reason()) {
			case CAPTCHA -> "a person must solve the captcha by logging in on the Tradovate web site, then clear the"
					+ " hold; otherwise one login probes in " + seconds(left);
			case REFUSED -> "correct the credentials (a change clears the hold), or wait " + seconds(left);
			default -> "try again in " + seconds(left);
		};
		return new LoginHeldException("No login to Tradovate is sent now (" + hold.reason().name().toLowerCase() + "): "
				+ hold.message() + "; " + when, hold.reason(), hold.until(), left, cause);
	}

	private static String seconds(Duration duration) {
		long seconds = duration.toSeconds() + ((duration.toNanosPart() > 0) ? 1 : 0);
		return seconds + "s";
	}

	private static int strikes(@Nullable Hold previous, HoldReason reason) {
		return (previous != null && previous.reason() == reason) ? previous.strikes() : 0;
	}

	/**
	 * Digests credentials with a random salt into 32 bits, through PBKDF2: enough to tell
	 * whether a hold was earned by the credentials in use, while whoever reads the ledger
	 * (a shared store) learns next to nothing about a password: each guess costs tens of
	 * thousands of hashes, and countless candidates share each value.
	 */
	static String fingerprint(TradovateCredentials credentials) {
		byte[] salt = new byte[16];
		SaltSource.random.nextBytes(salt);
		return HexFormat.of().formatHex(salt) + ":" + digest(salt, credentials);
	}

	/**
	 * Return whether a fingerprint was made from the given credentials. Remembered per
	 * fingerprint, since a hold is checked on every call while it lasts.
	 */
	boolean sameCredentials(@Nullable String fingerprint, TradovateCredentials credentials) {
		if (fingerprint == null || fingerprint.indexOf(':') < 0) {
			return true;
		}
		if (this.fingerprintChecks.size() > 16) {
			this.fingerprintChecks.clear();
		}
		return this.fingerprintChecks.computeIfAbsent(new FingerprintCheck(fingerprint, credentials), (check) -> {
			int colon = fingerprint.indexOf(':');
			byte[] salt = HexFormat.of().parseHex(fingerprint, 0, colon);
			return fingerprint.substring(colon + 1).equals(digest(salt, credentials));
		});
	}

	private static String digest(byte[] salt, TradovateCredentials credentials) {
		StringBuilder secret = new StringBuilder();
		for (String part : new String[] { credentials.name(), credentials.password(), credentials.appId(),
				credentials.cid(), credentials.sec() }) {
			secret.append(Objects.toString(part, "")).append('\0');
		}
		char[] chars = new char[secret.length()];
		secret.getChars(0, secret.length(), chars, 0);
		PBEKeySpec spec = new PBEKeySpec(chars, salt, FINGERPRINT_ITERATIONS, 32);
		try {
			byte[] derived = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
			return HexFormat.of().formatHex(derived);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("PBKDF2WithHmacSHA256 is required by every Java platform", ex);
		}
		finally {
			spec.clearPassword();
			Arrays.fill(chars, '\0');
		}
	}

	/**
	 * A fingerprint checked against credentials; the credentials never leave this JVM.
	 */
	private record FingerprintCheck(String fingerprint, TradovateCredentials credentials) {

		@Override
		public String toString() {
			return "FingerprintCheck[]";
		}

	}

	/**
	 * The source of salts, made on first use: only refused credentials are digested, and
	 * a secure random number generator costs the start of every application otherwise.
	 */
	private static final class SaltSource {

		static final SecureRandom random = new SecureRandom();

	}

}
