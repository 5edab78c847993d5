package io.github.futuresauth.tradovate.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RenewalPlan}.
 */
class RenewalPlanTests {

	private static final Instant NOW = Instant.parse("2026-12-05T08:00:00Z");

	private static final int LIMIT = 15;

	/** An hour and a minute divided by 15. */
	private static final Duration SPACING = Duration.ofSeconds(244);

	private final AuthNetwork network = new AuthNetwork();

	private final RenewalPlan plan = new RenewalPlan(this.network, () -> 0);

	@Test
	void slotsAreAnHourAndAMinuteDividedByTheLimitApart() {
		assertThat(RenewalPlan.spacing(15)).isEqualTo(SPACING);
		assertThat(RenewalPlan.spacing(1)).isEqualTo(Duration.ofMinutes(61));
	}

	static Stream<Arguments> slots() {
		Instant ideal = at(75);
		return Stream.of(Arguments.of("a free ideal instant is taken as it is", List.of(), ideal, 0.0, ideal),
				Arguments.of("a taken ideal instant gives the latest free one before it", List.of(ideal), ideal, 0.0,
						ideal.minus(SPACING)),
				Arguments.of("a slot that is not the ideal one is moved by jitter, earlier", List.of(ideal), ideal, 0.5,
						ideal.minus(SPACING).minusMillis(SPACING.toMillis() / 10 / 2)),
				Arguments.of("a renewal close after the ideal instant pushes the slot before it",
						List.of(ideal.plusSeconds(60)), ideal, 0.0, ideal.plusSeconds(60).minus(SPACING)),
				Arguments.of("nothing free before the ideal instant gives the earliest free one after it",
						every(at(15), at(75), SPACING), ideal, 0.0,
						lastOf(every(at(15), at(75), SPACING)).plus(SPACING)),
				Arguments.of("nothing free before expiry gives no slot", every(at(15), at(90), SPACING), ideal, 0.0,
						null),
				Arguments.of(
						"fifteen renewals recorded half an hour ago fill the window until an hour and a minute later",
						times(15, at(-30)), at(20), 0.0, at(31)),
				Arguments.of("fifteen renewals recorded half an hour ago leave no slot before a close expiry",
						times(15, at(-30)), at(10), 0.0, null),
				Arguments.of("fifteen renewals recorded half an hour ago leave room an hour and a minute later",
						times(15, at(-30)), at(40), 0.0, at(40)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void slots(String description, List<Instant> booked, Instant ideal, double jitter, Instant expected) {
		Instant expiry = ideal.plus(Duration.ofMinutes(15));
		assertThat(RenewalPlan.slot(booked, ideal, RenewalPlan.earliest(ideal, expiry, NOW),
				RenewalPlan.latest(ideal, expiry), LIMIT, jitter))
			.isEqualTo(expected);
	}

	static Stream<Arguments> fits() {
		return Stream.of(Arguments.of("nothing booked", List.of(), at(0), true),
				Arguments.of("closer than the spacing", List.of(at(0).plus(SPACING).minusMillis(1)), at(0), false),
				Arguments.of("exactly the spacing apart", List.of(at(0).plus(SPACING)), at(0), true),
				Arguments.of("a window before it is full", times(15, at(-60)), at(0), false),
				Arguments.of("a window before it has just emptied", times(15, at(-61)), at(0), true),
				Arguments.of("a window after it is full", times(15, at(60)), at(0), false),
				Arguments.of("the windows after it leave room", times(14, at(60)), at(0), true));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void fits(String description, List<Instant> booked, Instant at, boolean fits) {
		assertThat(RenewalPlan.fits(booked, at, LIMIT, RenewalPlan.PLANNED_WINDOW, SPACING)).isEqualTo(fits);
	}

	@Test
	void renewalsKeepToTheLimitInAnyHourHoweverManyBook() {
		List<Instant> slots = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			Instant ideal = at(75 + i % 7);
			Instant slot = RenewalPlan.slot(slots, ideal, at(15), at(86), LIMIT, (i % 10) / 10.0);
			if (slot != null) {
				slots.add(slot);
			}
		}
		// 71 minutes hold 18 slots 4 minutes apart, or fewer with jitter.
		assertThat(slots).hasSizeBetween(16, 18);
		slots.sort(null);
		for (int i = LIMIT; i < slots.size(); i++) {
			assertThat(Duration.between(slots.get(i - LIMIT), slots.get(i))).isGreaterThan(AuthLedger.WINDOW);
		}
	}

	@Test
	void memberBooksAroundTheOthersAndRecordedRenewals() {
		RenewalPlan.Member alice = this.plan.join(() -> AuthLimits.TRADOVATE);
		RenewalPlan.Member bob = this.plan.join(() -> AuthLimits.TRADOVATE);
		assertThat(alice.book(at(75), at(90), NOW)).isEqualTo(at(75));
		assertThat(bob.book(at(75), at(90), NOW)).isEqualTo(at(75).minus(SPACING));
		// Booking again replaces a member's own slot.
		assertThat(bob.book(at(75).plus(SPACING), at(90), NOW)).isEqualTo(at(75).plus(SPACING));
		assertThat(this.plan.slots()).containsExactly(at(75), at(75).plus(SPACING));
	}

	@Test
	void memberThatLeavesFreesItsSlot() {
		RenewalPlan.Member alice = this.plan.join(() -> AuthLimits.TRADOVATE);
		RenewalPlan.Member bob = this.plan.join(() -> AuthLimits.TRADOVATE);
		alice.book(at(75), at(90), NOW);
		alice.leave();
		assertThat(alice.bookedSlot()).isNull();
		assertThat(bob.book(at(75), at(90), NOW)).isEqualTo(at(75));
	}

	@Test
	void memberWithNoSlotBeforeExpiryHoldsNone() {
		AuthLimits one = new AuthLimits(5, 1, 10, Duration.ofMinutes(1));
		RenewalPlan.Member alice = this.plan.join(() -> one);
		RenewalPlan.Member bob = this.plan.join(() -> one);
		assertThat(alice.book(at(75), at(90), NOW)).isEqualTo(at(75));
		assertThat(bob.book(at(75), at(90), NOW)).isNull();
		assertThat(bob.bookedSlot()).isNull();
		assertThat(bob.bookFrom(at(90), at(90), NOW)).isNull();
	}

	@Test
	void renewalIsReservedOnlyWhenItLeavesRoomForTheOthersSlots() {
		AuthLimits two = new AuthLimits(5, 2, 10, Duration.ofMinutes(1));
		AuthBudget budget = new AuthBudget(two, Duration.ofSeconds(30));
		RenewalPlan.Member alice = this.plan.join(() -> two);
		RenewalPlan.Member bob = this.plan.join(() -> two);
		RenewalPlan.Member carol = this.plan.join(() -> two);
		assertThat(bob.book(at(10), at(25), NOW)).isEqualTo(at(10));
		assertThat(carol.book(at(45), at(60), NOW)).isEqualTo(at(45));
		// Now, bob's and carol's renewals would make three within an hour.
		Hold hold = alice.reserve(NOW, budget::renewalHold, (ledger) -> budget.renewalSent(ledger, NOW));
		assertThat(hold).isNotNull();
		assertThat(hold.reason()).isEqualTo(HoldReason.LIMIT);
		assertThat(this.network.ledger(NOW).renewals()).isEmpty();
		// Bob's own renewal takes the place of his slot.
		assertThat(bob.reserve(at(10), budget::renewalHold, (ledger) -> budget.renewalSent(ledger, at(10)))).isNull();
		assertThat(bob.bookedSlot()).isNull();
		assertThat(this.network.ledger(at(10)).renewals()).containsExactly(at(10));
		assertThat(this.plan.slots()).containsExactly(at(45));
	}

	@Test
	void membersBookWhileARenewalIsBeingRecordedAndLeaveRoomForIt() throws Exception {
		// A ledger whose writes wait, as one in a Redis that is slow to answer.
		NetworkLedgerStore memory = NetworkLedgerStore.inMemory();
		CountDownLatch writing = new CountDownLatch(1);
		CountDownLatch written = new CountDownLatch(1);
		NetworkLedgerStore slow = new NetworkLedgerStore() {

			@Override
			public Snapshot read() {
				return memory.read();
			}

			@Override
			public boolean compareAndSet(Snapshot expected, AuthLedger updated) {
				writing.countDown();
				try {
					written.await(30, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return memory.compareAndSet(expected, updated);
			}

		};
		AuthNetwork network = new AuthNetwork(slow);
		RenewalPlan plan = new RenewalPlan(network, () -> 0);
		RenewalPlan.Member alice = plan.join(() -> AuthLimits.TRADOVATE);
		RenewalPlan.Member bob = plan.join(() -> AuthLimits.TRADOVATE);
		AuthBudget budget = new AuthBudget(AuthLimits.TRADOVATE, Duration.ofSeconds(30));
		ExecutorService executor = Executors.newFixedThreadPool(2);
		try {
			Future<Hold> reserving = executor
				.submit(() -> alice.reserve(NOW, budget::renewalHold, (ledger) -> budget.renewalSent(ledger, NOW)));
			assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
			// Bob books without waiting for the write, around alice's renewal.
			Future<Instant> booking = executor.submit(() -> bob.book(NOW, at(15), NOW));
			assertThat(booking.get(10, TimeUnit.SECONDS)).isEqualTo(NOW.plus(SPACING));
			written.countDown();
			assertThat(reserving.get(10, TimeUnit.SECONDS)).isNull();
		}
		finally {
			written.countDown();
			executor.shutdownNow();
		}
		assertThat(network.ledger(NOW).renewals()).containsExactly(NOW);
		assertThat(plan.slots()).containsExactly(NOW.plus(SPACING));
	}

	@Test
	void memberThatIsHeldKeepsItsSlot() {
		AuthLimits two = new AuthLimits(5, 2, 10, Duration.ofMinutes(1));
		AuthBudget budget = new AuthBudget(two, Duration.ofSeconds(30));
		RenewalPlan.Member alice = this.plan.join(() -> two);
		RenewalPlan.Member bob = this.plan.join(() -> two);
		RenewalPlan.Member carol = this.plan.join(() -> two);
		assertThat(bob.book(at(10), at(25), NOW)).isEqualTo(at(10));
		assertThat(carol.book(at(45), at(60), NOW)).isEqualTo(at(45));
		Instant slot = alice.book(at(75), at(90), NOW);
		assertThat(slot).isNotNull();
		assertThat(alice.reserve(NOW, budget::renewalHold, (ledger) -> budget.renewalSent(ledger, NOW))).isNotNull();
		assertThat(alice.bookedSlot()).isEqualTo(slot);
	}

	@Test
	void earliestAndLatestSlotsLeaveALeadAfterNowAndAQuarterOfItBeforeExpiry() {
		assertThat(RenewalPlan.earliest(at(75), at(90), NOW)).isEqualTo(at(15));
		assertThat(RenewalPlan.latest(at(75), at(90))).isEqualTo(at(90).minus(Duration.ofSeconds(225)));
		// A token close to expiry: no earlier than its ideal time.
		assertThat(RenewalPlan.earliest(at(10), at(30), NOW)).isEqualTo(at(10));
	}

	private static Instant at(long minutes) {
		return NOW.plus(Duration.ofMinutes(minutes));
	}

	private static List<Instant> every(Instant from, Instant to, Duration step) {
		List<Instant> instants = new ArrayList<>();
		for (Instant instant = from; !instant.isAfter(to); instant = instant.plus(step)) {
			instants.add(instant);
		}
		return instants;
	}

	private static Instant lastOf(List<Instant> instants) {
		return instants.get(instants.size() - 1);
	}

	private static List<Instant> times(int count, Instant instant) {
		List<Instant> instants = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			instants.add(instant);
		}
		return instants;
	}

}
