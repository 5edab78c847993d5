package io.github.futuresauth.tradovate.auth;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link RenewalReport}.
 */
class RenewalReportTests {

	private static final Duration EVERY_75_MINUTES = Duration.ofMinutes(75);

	@ParameterizedTest(name = "{0} users every {1} minutes, {2} renewals an hour: fit={6}")
	@CsvSource(textBlock = """
			# users, interval, limit, needed an hour, users that fit, addresses, limit needed, fits
			0, 75, 15, 0.0, 18, 0, 0, true
			10, 75, 15, 8.0, 18, 1, 9, true
			18, 75, 15, 14.4, 18, 1, 15, true
			19, 75, 15, 15.2, 18, 2, 16, false
			40, 75, 15, 32.0, 18, 3, 33, false
			40, 75, 33, 32.0, 40, 1, 33, true
			40, 65, 15, 36.9, 15, 3, 38, false
			5, 75, 5, 4.0, 6, 1, 5, true
			""")
	void reportsWhetherUsersFit(int users, long minutes, int limit, double needed, int fit, int addresses,
			int limitNeeded, boolean fits) {
		RenewalReport report = RenewalReport.of(users, Duration.ofMinutes(minutes),
				new AuthLimits(5, limit, 10, Duration.ofMinutes(1)));
		assertThat(report.users()).isEqualTo(users);
		assertThat(report.renewalsNeededPerHour()).isCloseTo(needed, org.assertj.core.data.Offset.offset(0.05));
		assertThat(report.renewalsAllowedPerHour()).isEqualTo(limit);
		assertThat(report.usersThatFit()).isEqualTo(fit);
		assertThat(report.addressesNeeded()).isEqualTo(addresses);
		assertThat(report.renewalsPerHourNeeded()).isEqualTo(limitNeeded);
		assertThat(report.fits()).isEqualTo(fits);
	}

	@Test
	void usersThatDoNotFitAreToldTheArithmeticAndTheChoices() {
		RenewalReport report = RenewalReport.of(40, EVERY_75_MINUTES, AuthLimits.TRADOVATE);
		assertThat(report.message()).isEqualTo("40 Tradovate users share one network address and each renews every"
				+ " 75 minutes: they need 32.0 renewals an hour, and the address allows 15, which carry 18 users."
				+ " Renewals are planned for as many as fit; the tokens of the others are replaced by a login when"
				+ " they expire. Serve at most 18 users from one network address (3 addresses for 40 users), or,"
				+ " where Tradovate granted this address a higher limit, set tradovate.limits.renewals-per-hour to it"
				+ " with tradovate.limits.granted=true (33 carry 40 users).");
	}

	@Test
	void usersThatFitAreToldTheArithmeticAlone() {
		assertThat(RenewalReport.of(10, EVERY_75_MINUTES, AuthLimits.TRADOVATE).message())
			.isEqualTo("10 Tradovate users share one network address and each renews every 75 minutes: they need"
					+ " 8.0 renewals an hour, and the address allows 15, which carry 18 users.");
	}

	@Test
	void intervalIsTheLifetimeLessTheMargin() {
		assertThat(RenewalReport.forMargin(40, Duration.ofMinutes(15), AuthLimits.TRADOVATE))
			.isEqualTo(RenewalReport.of(40, EVERY_75_MINUTES, AuthLimits.TRADOVATE));
	}

	@Test
	void nonsenseIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RenewalReport.of(-1, EVERY_75_MINUTES, AuthLimits.TRADOVATE));
		assertThatIllegalArgumentException().isThrownBy(() -> RenewalReport.of(1, Duration.ZERO, AuthLimits.TRADOVATE));
	}

	@Test
	void marginLongerThanHalfTheLifetimeRenewsHalfWay() {
		assertThat(RenewalReport.forMargin(40, Duration.ofMinutes(120), AuthLimits.TRADOVATE).interval())
			.isEqualTo(Duration.ofMinutes(45));
	}

}
