package io.github.futuresauth.tradovate.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * When each user of one network address renews its token, so that the renewals that the
 * address's ledger recorded and those planned for its users stay within Tradovate's limit
 * of renewals in any rolling hour, which counts successful renewals too. Owned by an
 * {@link AuthNetwork}; a provider takes part once it shares a network.
 * <p>
 * A user books one slot at a time: its ideal renewal time when that is free, otherwise
 * the latest free slot before it, down to a {@link #earliest(Instant, Instant, Instant)
 * lead} after now, since a renewal that comes early still keeps the session; only when
 * none is free, the earliest free slot after it, up to shortly before expiry. Slots are
 * at least an hour (and a minute, for timers that fire late) divided by the limit apart,
 * so renewals spread evenly, and a slot that is not the ideal one is moved by a little
 * jitter, so that users do not keep renewing in step. When no slot is free before expiry,
 * the user books none and spends no renewal: its token expires, which ends its session,
 * and it logs in again, which Tradovate does not count per address when it succeeds.
 * <p>
 * A renewal goes out only when, with the slots of the other users, the limit holds in
 * every hour (see {@link Member#reserve}); it then takes the place of its user's slot in
 * the ledger. A user that leaves frees its slot.
 * <p>
 * The plan's lock is never held while the ledger is read or written, which may take a
 * round trip to Redis: the plan decides under it from a ledger read before, and the
 * ledger's compare-and-set, outside it, fails and decides again when the ledger changed
 * meanwhile.
 */
final class RenewalPlan {

	/**
	 * Room for timers that fire late: slots are planned as if the window were this much
	 * longer than Tradovate's hour, so that a renewal sent a little after its slot still
	 * keeps to the limit.
	 */
	static final Duration GUARD = Duration.ofMinutes(1);

	/** The window that slots are planned in. */
	static final Duration PLANNED_WINDOW = AuthLedger.WINDOW.plus(GUARD);

	private static final Log logger = LogFactory.getLog(RenewalPlan.class);

	private final AuthNetwork network;

	private final DoubleSupplier random;

	/** The booked slot of each member that has one. Guarded by {@code this}. */
	private final Map<Member, Instant> slots = new IdentityHashMap<>();

	RenewalPlan(AuthNetwork network) {
		this(network, () -> ThreadLocalRandom.current().nextDouble());
	}

	RenewalPlan(AuthNetwork network, DoubleSupplier random) {
		this.network = network;
		this.random = random;
	}

	/**
	 * Take part in the plan.
	 * @param limits the limits of the member, whose renewals per hour the plan keeps to
	 * @return the member
	 */
	Member join(Supplier<AuthLimits> limits) {
		return new Member(limits);
	}

	/**
	 * Return the booked slots, in order.
	 * @return the slots
	 */
	synchronized List<Instant> slots() {
		return new ArrayList<>(new TreeSet<>(this.slots.values()));
	}

	/**
	 * The renewals recorded and the slots of the other members. Guarded by {@code this}.
	 */
	private List<Instant> booked(Member member, List<Instant> recorded) {
		List<Instant> booked = new ArrayList<>(recorded);
		this.slots.forEach((other, slot) -> {
			if (other != member) {
				booked.add(slot);
			}
		});
		return booked;
	}

	/**
	 * Return how far apart slots are: the planned window divided by the limit, so that no
	 * window holds more slots than the limit allows.
	 * @param limit renewals allowed in any rolling hour
	 * @return the spacing
	 */
	static Duration spacing(int limit) {
		return PLANNED_WINDOW.dividedBy(limit);
	}

	/**
	 * Return the earliest slot worth booking for a token: one lead (the time between the
	 * ideal renewal and expiry) after now, so that a renewal still buys most of a
	 * lifetime.
	 * @param ideal the ideal renewal time
	 * @param expiry when the token expires
	 * @param now the current instant
	 * @return the earliest slot
	 */
	static Instant earliest(Instant ideal, Instant expiry, Instant now) {
		Instant earliest = now.plus(Duration.between(ideal, expiry));
		return earliest.isAfter(ideal) ? ideal : earliest;
	}

	/**
	 * Return the latest slot worth booking for a token: a quarter of its lead before
	 * expiry, which leaves time for a retry when the renewal fails.
	 * @param ideal the ideal renewal time
	 * @param expiry when the token expires
	 * @return the latest slot
	 */
	static Instant latest(Instant ideal, Instant expiry) {
		Instant latest = expiry.minus(Duration.between(ideal, expiry).dividedBy(4));
		return latest.isBefore(ideal) ? ideal : latest;
	}

	/**
	 * Choose a slot: the ideal instant when it fits, otherwise the latest that fits
	 * before it, otherwise the earliest that fits after it.
	 * @param booked the renewals recorded and the slots of others
	 * @param ideal the preferred instant
	 * @param earliest the earliest acceptable instant
	 * @param latest the latest acceptable instant
	 * @param limit renewals allowed in any rolling hour
	 * @param jitter a number in {@code [0, 1)}: how far, as a share of a tenth of the
	 * spacing, to move a slot that is not the ideal one away from the ideal
	 * @return the slot, or {@code null} when none fits
	 */
	static @Nullable Instant slot(List<Instant> booked, Instant ideal, Instant earliest, Instant latest, int limit,
			double jitter) {
		if (earliest.isAfter(latest)) {
			return null;
		}
		ideal = ideal.isBefore(earliest) ? earliest : ideal.isAfter(latest) ? latest : ideal;
		Duration spacing = spacing(limit);
		if (fits(booked, ideal, limit, PLANNED_WINDOW, spacing)) {
			return ideal;
		}
		// Whether an instant fits changes only where it comes within the spacing or the
		// window of a booked one: those edges are the candidates.
		TreeSet<Instant> candidates = new TreeSet<>(List.of(earliest, latest));
		for (Instant instant : booked) {
			for (Instant edge : List.of(instant.minus(spacing), instant.plus(spacing), instant.minus(PLANNED_WINDOW),
					instant.plus(PLANNED_WINDOW), instant.minusMillis(1), instant.plusMillis(1))) {
				if (!edge.isBefore(earliest) && !edge.isAfter(latest)) {
					candidates.add(edge);
				}
			}
		}
		Duration shift = Duration.ofMillis((long) (spacing.toMillis() / 10 * jitter));
		for (Instant candidate : candidates.headSet(ideal, false).descendingSet()) {
			if (fits(booked, candidate, limit, PLANNED_WINDOW, spacing)) {
				return jittered(booked, candidate, candidate.minus(shift), earliest, limit, spacing);
			}
		}
		for (Instant candidate : candidates.tailSet(ideal, false)) {
			if (fits(booked, candidate, limit, PLANNED_WINDOW, spacing)) {
				return jittered(booked, candidate, candidate.plus(shift), latest, limit, spacing);
			}
		}
		return null;
	}

	private static Instant jittered(List<Instant> booked, Instant slot, Instant moved, Instant bound, int limit,
			Duration spacing) {
		boolean within = (moved.isBefore(slot)) ? !moved.isBefore(bound) : !moved.isAfter(bound);
		return (within && fits(booked, moved, limit, PLANNED_WINDOW, spacing)) ? moved : slot;
	}

	/**
	 * Return whether a renewal at an instant keeps to the limit: no window of the given
	 * length that holds it holds more than the limit with the booked ones, and it is at
	 * least the spacing away from each of them.
	 * @param booked the renewals recorded and the slots of others
	 * @param at the instant
	 * @param limit renewals allowed in any window
	 * @param window the window, whose start is excluded, as in the ledger
	 * @param spacing how far from every booked one it must be
	 * @return whether it fits
	 */
	static boolean fits(List<Instant> booked, Instant at, int limit, Duration window, Duration spacing) {
		for (Instant instant : booked) {
			if (Duration.between(instant, at).abs().compareTo(spacing) < 0) {
				return false;
			}
		}
		if (count(booked, at, window) + 1 > limit) {
			return false;
		}
		for (Instant instant : booked) {
			// Every window that ends at a later renewal and holds this one.
			if (!instant.isBefore(at) && instant.minus(window).isBefore(at)
					&& count(booked, instant, window) + 1 > limit) {
				return false;
			}
		}
		return true;
	}

	/** How many of the booked ones fall in the window that ends at an instant. */
	private static int count(List<Instant> booked, Instant end, Duration window) {
		Instant start = end.minus(window);
		int count = 0;
		for (Instant instant : booked) {
			if (instant.isAfter(start) && !instant.isAfter(end)) {
				count++;
			}
		}
		return count;
	}

	/**
	 * One user's part in the plan: its slot, if it has one.
	 */
	final class Member {

		private final Supplier<AuthLimits> limits;

		Member(Supplier<AuthLimits> limits) {
			this.limits = limits;
		}

		/**
		 * Book the slot of a token's renewal, replacing this member's slot.
		 * @param ideal when the token would be renewed on its own, in Tradovate's time
		 * @param expiry when it expires
		 * @param now Tradovate's time
		 * @return the slot, or {@code null} when none fits before expiry: then the token
		 * is not renewed
		 */
		@Nullable Instant book(Instant ideal, Instant expiry, Instant now) {
			return book(ideal, earliest(ideal, expiry, now), latest(ideal, expiry), now);
		}

		/**
		 * Book the slot of a renewal that is tried again: the earliest that fits from the
		 * given instant, before a quarter of the remaining time to expiry.
		 * @param from the earliest instant
		 * @param expiry when the token expires
		 * @param now Tradovate's time
		 * @return the slot, or {@code null} when none fits before expiry
		 */
		@Nullable Instant bookFrom(Instant from, Instant expiry, Instant now) {
			if (!from.isBefore(expiry)) {
				leave();
				return null;
			}
			return book(from, from, latest(from, expiry), now);
		}

		private @Nullable Instant book(Instant ideal, Instant earliest, Instant latest, Instant now) {
			// Read before the lock: a renewal recorded meanwhile is caught when it is
			// reserved, which decides from the ledger as it is then.
			List<Instant> recorded = RenewalPlan.this.network.ledger(now).renewals();
			synchronized (RenewalPlan.this) {
				Instant slot = slot(booked(this, recorded), ideal, earliest, latest,
						this.limits.get().renewalsPerHour(), RenewalPlan.this.random.getAsDouble());
				if (slot != null) {
					RenewalPlan.this.slots.put(this, slot);
				}
				else {
					RenewalPlan.this.slots.remove(this);
					if (logger.isDebugEnabled()) {
						logger.debug("No renewal fits the plan of this network address between " + earliest + " and "
								+ latest + ": the token will be replaced by a login when it expires");
					}
				}
				return slot;
			}
		}

		/**
		 * Record a renewal in the network's ledger when the ledger allows it and it
		 * leaves room for the slots of the other members; it takes the place of this
		 * member's slot.
		 * @param now Tradovate's time
		 * @param hold the hold that the ledger puts on the renewal, or {@code null}
		 * @param sent the ledger with the renewal recorded
		 * @return the hold that stops the renewal, or {@code null} when it was recorded
		 */
		@Nullable Hold reserve(Instant now, Function<AuthLedger, @Nullable Hold> hold, UnaryOperator<AuthLedger> sent) {
			int limit = this.limits.get().renewalsPerHour();
			Instant booked = bookedSlot();
			// Called with each ledger the network reads, before its compare-and-set: the
			// plan's lock is held only to decide.
			Hold held = RenewalPlan.this.network.reserve(now, (ledger) -> {
				Hold ledgers = hold.apply(ledger);
				return (ledgers != null) ? ledgers : pending(ledger, now, limit);
			}, sent);
			synchronized (RenewalPlan.this) {
				if (held == null) {
					RenewalPlan.this.slots.remove(this);
				}
				else if (RenewalPlan.this.slots.get(this) == now) {
					// Held after it was pending: back to the slot it had, if any.
					if (booked != null) {
						RenewalPlan.this.slots.put(this, booked);
					}
					else {
						RenewalPlan.this.slots.remove(this);
					}
				}
			}
			return held;
		}

		/**
		 * Decide from a ledger whether a renewal now leaves room for the slots of the
		 * other members; if it does, the renewal takes this member's slot until the
		 * ledger records it, so that members who book meanwhile leave room for it.
		 */
		private @Nullable Hold pending(AuthLedger ledger, Instant now, int limit) {
			synchronized (RenewalPlan.this) {
				List<Instant> booked = booked(this, ledger.renewals());
				if (!fits(booked, now, limit, AuthLedger.WINDOW, Duration.ZERO)) {
					return planHold(booked, now, limit);
				}
				RenewalPlan.this.slots.put(this, now);
				return null;
			}
		}

		private Hold planHold(List<Instant> booked, Instant now, int limit) {
			Instant free = slot(booked, now, now, now.plus(PLANNED_WINDOW), limit, 0);
			return new Hold(HoldReason.LIMIT, (free != null) ? free : now.plus(PLANNED_WINDOW),
					"the renewals planned for the other users of this network address leave no room for one more now",
					0, null, null);
		}

		/**
		 * Return this member's slot.
		 * @return the slot, or {@code null} when it has none
		 */
		@Nullable Instant bookedSlot() {
			synchronized (RenewalPlan.this) {
				return RenewalPlan.this.slots.get(this);
			}
		}

		/** Leave the plan, freeing this member's slot. */
		void leave() {
			synchronized (RenewalPlan.this) {
				RenewalPlan.this.slots.remove(this);
			}
		}

	}

}
