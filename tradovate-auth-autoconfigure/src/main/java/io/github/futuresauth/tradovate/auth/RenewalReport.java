package io.github.futuresauth.tradovate.auth;

import java.time.Duration;
import java.util.Locale;

import org.springframework.util.Assert;

/**
 * Whether the users of one network address fit its hourly limit of renewals, and what to
 * change when they do not. Each user renews once per renewal interval (the token's
 * lifetime less the renewal margin), and the {@link RenewalPlan} spaces renewals an hour
 * and a minute divided by the limit apart: that many users fit in one interval.
 *
 * @param users the users of the address
 * @param interval how often each user renews: the token's lifetime less the margin
 * @param renewalsNeededPerHour the renewals an hour that the users need
 * @param renewalsAllowedPerHour the renewals allowed in any rolling hour
 * @param usersThatFit how many users the allowed renewals carry
 * @param addressesNeeded how many network addresses the users need at this limit
 * @param renewalsPerHourNeeded the limit that would carry every user on one address
 */
public record RenewalReport(int users, Duration interval, double renewalsNeededPerHour, int renewalsAllowedPerHour,
		int usersThatFit, int addressesNeeded, int renewalsPerHourNeeded) {

	/**
	 * The lifetime of a token that Tradovate's reference gives, which the report assumes:
	 * actual tokens carry their own {@code expirationTime}.
	 */
	public static final Duration TOKEN_LIFETIME = Duration.ofMinutes(90);

	/**
	 * Work out whether users fit.
	 * @param users the users of one network address
	 * @param interval how often each user renews: the token's lifetime less the renewal
	 * margin
	 * @param limits the limits, whose renewals per hour count
	 * @return the report
	 */
	public static RenewalReport of(int users, Duration interval, AuthLimits limits) {
		Assert.isTrue(users >= 0, "users must not be negative");
		Assert.isTrue(interval != null && !interval.isNegative() && !interval.isZero(),
				"The renewal interval must be positive");
		Assert.notNull(limits, "AuthLimits must not be null");
		int allowed = limits.renewalsPerHour();
		double needed = users * (double) AuthLedger.WINDOW.toMillis() / interval.toMillis();
		int fit = (int) (interval.toMillis() / RenewalPlan.spacing(allowed).toMillis());
		int addresses = (users == 0) ? 0 : ceil(users, Math.max(fit, 1));
		int limit = (int) Math.ceil(users * (double) RenewalPlan.PLANNED_WINDOW.toMillis() / interval.toMillis());
		return new RenewalReport(users, interval, needed, allowed, fit, addresses, limit);
	}

	/**
	 * Work out whether users fit, with tokens of {@link #TOKEN_LIFETIME Tradovate's
	 * lifetime}, renewed the margin before expiry but, as {@link RenewalSchedule} does,
	 * no earlier than half-way through their lifetime.
	 * @param users the users of one network address
	 * @param margin how long before expiry tokens are renewed
	 * @param limits the limits
	 * @return the report
	 */
	public static RenewalReport forMargin(int users, Duration margin, AuthLimits limits) {
		Assert.notNull(margin, "The renewal margin must not be null");
		Duration half = TOKEN_LIFETIME.dividedBy(2);
		return of(users, TOKEN_LIFETIME.minus((margin.compareTo(half) < 0) ? margin : half), limits);
	}

	private static int ceil(int dividend, int divisor) {
		return (dividend + divisor - 1) / divisor;
	}

	/**
	 * Return whether every user's renewals fit the limit.
	 * @return whether they fit
	 */
	public boolean fits() {
		return this.users <= this.usersThatFit;
	}

	/**
	 * Describe the arithmetic and, when the users do not fit, the choices.
	 * @return the description
	 */
	public String message() {
		String need = String.format(Locale.ROOT,
				"%d Tradovate users share one network address and each renews every %d minutes:"
						+ " they need %.1f renewals an hour, and the address allows %d, which carry %d users",
				this.users, this.interval.toMinutes(), this.renewalsNeededPerHour, this.renewalsAllowedPerHour,
				this.usersThatFit);
		if (fits()) {
			return need + ".";
		}
		return need + ". Renewals are planned for as many as fit; the tokens of the others are replaced by a login"
				+ " when they expire. Serve at most " + this.usersThatFit + " users from one network address ("
				+ this.addressesNeeded + " addresses for " + this.users + " users), or, where Tradovate granted this"
				+ " address a higher limit, set tradovate.limits.renewals-per-hour to it with tradovate.limits.granted=true ("
				+ this.renewalsPerHourNeeded + " carry " + this.users + " users).";
	}

	@Override
	public String toString() {
		return message();
	}

}
