package io.github.futuresauth.tradovate.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.futuresauth.tradovate.simulator.RecordedRequest;
import io.github.futuresauth.tradovate.simulator.RequestKind;
import io.github.futuresauth.tradovate.simulator.TradovateSimulator;
import io.github.futuresauth.tradovate.simulator.TradovateSimulatorBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the renewals of many users of one network address, which a
 * {@link RenewalPlan} spreads so that they keep to the address's limit, over a simulated
 * day: the clock and the scheduler are moved by hand, so a day takes seconds.
 */
@ExtendWith(OutputCaptureExtension.class)
class PlannedRenewalsTests {

	private static final String PASSWORD = "secret";

	private static final Duration DAY = Duration.ofDays(1);

	private TradovateSimulator simulator;

	private SimulatedProviders providers;

	private TradovateUsers users;

	private final List<RenewingTokenProvider> all = new ArrayList<>();

	/** How often, in the day, a user's token was asked for and found expired. */
	private int unusable;

	@AfterEach
	void close() {
		this.users.close();
		this.providers.close();
		this.simulator.close();
	}

	@Test
	void fortyUsersKeepToTheAddresssRenewalsAndLogInWhenNoneIsLeft(CapturedOutput output) {
		start(40);
		// Added together, as the configured users are at startup: reported once.
		assertThat(output).containsOnlyOnce("WARN")
			.containsOnlyOnce("40 Tradovate users share one network address and each renews every 75 minutes: they"
					+ " need 32.0 renewals an hour, and the address allows 15, which carry 18 users.");
		RenewalReport report = this.users.getRenewalReport();
		assertThat(report.fits()).isFalse();
		assertThat(report.users()).isEqualTo(40);
		assertThat(report.renewalsNeededPerHour()).isEqualTo(32.0);
		assertThat(report.renewalsAllowedPerHour()).isEqualTo(15);
		assertThat(report.usersThatFit()).isEqualTo(18);
		runADay();
		// Tradovate's count, per address: never over the limit, no penalty, no 429.
		assertThat(this.simulator.journal()
			.maxInAnyHour(RequestKind.RENEWAL, RequestKind.RENEWAL_REJECTED, RequestKind.RATE_LIMITED))
			.isLessThanOrEqualTo(15);
		assertThat(this.simulator.journal().count(RequestKind.RATE_LIMITED)).isZero();
		assertThat(this.simulator.journal().count(RequestKind.LOGIN_PENALIZED)).isZero();
		assertThat(this.simulator.journal().count(RequestKind.LOGIN_RATE_LIMITED)).isZero();
		assertThat(this.simulator.journal().count(RequestKind.LOGIN_CAPTCHA)).isZero();
		// No renewal is spent on a token that has expired, and none is refused.
		assertThat(this.simulator.journal().count(RequestKind.RENEWAL_REJECTED)).isZero();
		// The budget is used: close to 15 an hour, spread out.
		assertThat(this.simulator.journal().renewals()).isGreaterThan(300);
		assertThat(closestRenewals()).isGreaterThanOrEqualTo(RenewalPlan.spacing(15));
		// Every token asked for was usable, at the cost of logins: 40 at first, then one
		// each time a token that no renewal carried expired. The renewals carry 18 users
		// for the day, so the other 22 log in at most once a lifetime (90 minutes), 16
		// times a day: 40 + 22 * 16 = 392 at most.
		assertThat(this.unusable).isZero();
		assertThat(this.simulator.journal().logins()).isBetween(41, 392);
	}

	@Test
	void tenUsersAllRenewAndTheirRenewalsAreSpreadOut() {
		start(10);
		assertThat(this.users.getRenewalReport().fits()).isTrue();
		runADay();
		// One login each, at the start: every token was renewed all day.
		assertThat(this.simulator.journal().logins()).isEqualTo(10);
		assertThat(this.unusable).isZero();
		Instant end = this.providers.clock().instant();
		for (RenewingTokenProvider provider : this.all) {
			assertThat(provider.getLastRenewal()).isAfter(end.minus(Duration.ofMinutes(90)));
		}
		// A day holds 10 * 24 * 60 / 75 = 192 renewals, each no closer than four minutes
		// to the next, although all ten users logged in at the same instant.
		assertThat(this.simulator.journal().renewals()).isGreaterThanOrEqualTo(180);
		assertThat(closestRenewals()).isGreaterThanOrEqualTo(RenewalPlan.spacing(15));
		assertThat(this.simulator.journal().maxInAnyHour(RequestKind.RENEWAL)).isLessThanOrEqualTo(15);
		assertThat(this.simulator.journal().count(RequestKind.RENEWAL_REJECTED)).isZero();
	}

	@Test
	void userRemovedFreesItsSlot() {
		start(2);
		RenewalPlan plan = this.users.getNetwork().plan();
		assertThat(plan.slots()).hasSize(2);
		Instant slot = this.all.get(0).timer.next();
		this.users.remove("u0");
		assertThat(plan.slots()).hasSize(1).doesNotContain(slot);
	}

	@Test
	void addingAUserWhoDoesNotFitIsReportedOnceAtWarn(CapturedOutput output) {
		this.simulator = TradovateSimulator.builder().start();
		this.providers = new SimulatedProviders(this.simulator);
		this.users = new TradovateUsers(
				(credentials) -> this.providers.provider(this.providers.client(Duration.ofSeconds(2)), credentials),
				this.simulator.baseUrl());
		for (int i = 0; i < 18; i++) {
			this.users.add("u" + i, TradovateCredentials.of("user" + i, PASSWORD));
		}
		assertThat(output).doesNotContain("Tradovate users share one network address");
		this.users.add("u18", TradovateCredentials.of("user18", PASSWORD));
		assertThat(output).containsOnlyOnce("WARN")
			.containsOnlyOnce("19 Tradovate users share one network address and each renews every 75 minutes: they"
					+ " need 15.2 renewals an hour, and the address allows 15, which carry 18 users.");
		// Nothing is sent for it: users are reported as they are added, not as they
		// make requests.
		assertThat(this.simulator.journal().requests()).isEmpty();
	}

	/** Start a simulator, add the users, and log each in at the same instant. */
	private void start(int count) {
		TradovateSimulatorBuilder builder = TradovateSimulator.builder();
		for (int i = 0; i < count; i++) {
			builder.user("user" + i, PASSWORD);
		}
		this.simulator = builder.start();
		this.providers = new SimulatedProviders(this.simulator);
		this.users = new TradovateUsers(
				(credentials) -> this.providers.provider(this.providers.client(Duration.ofSeconds(2)), credentials),
				this.simulator.baseUrl());
		Map<String, RenewingTokenProvider> added = new LinkedHashMap<>();
		for (int i = 0; i < count; i++) {
			added.put("u" + i, this.providers.provider(this.providers.client(Duration.ofSeconds(2)),
					TradovateCredentials.of("user" + i, PASSWORD)));
		}
		this.users.addAll(added);
		this.all.addAll(added.values());
		this.all.forEach(RenewingTokenProvider::getToken);
	}

	/** Run a day, asking every user for its token every ten minutes. */
	private void runADay() {
		Instant start = this.providers.clock().instant();
		for (Instant at = start; at.isBefore(start.plus(DAY)); at = at.plus(Duration.ofMinutes(10))) {
			this.providers.runUntil(at);
			for (RenewingTokenProvider provider : this.all) {
				if (provider.getToken().isExpired(this.simulator.serverTime())) {
					this.unusable++;
				}
			}
		}
	}

	/** The shortest time between two renewals that Tradovate received. */
	private Duration closestRenewals() {
		List<Instant> renewals = this.simulator.journal()
			.requests(RequestKind.RENEWAL)
			.stream()
			.map(RecordedRequest::arrivedAt)
			.sorted()
			.toList();
		Duration closest = DAY;
		for (int i = 1; i < renewals.size(); i++) {
			Duration gap = Duration.between(renewals.get(i - 1), renewals.get(i));
			closest = (gap.compareTo(closest) < 0) ? gap : closest;
		}
		return closest;
	}

}
