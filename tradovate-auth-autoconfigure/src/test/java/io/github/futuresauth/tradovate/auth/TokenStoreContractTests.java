package io.github.futuresauth.tradovate.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The contract of {@link TokenStore}, run against each implementation. Subclasses create
 * two stores that share their state: for a store in one JVM, the same instance twice; for
 * a shared store, two instances with connections of their own.
 */
public abstract class TokenStoreContractTests {

	protected static final Duration TTL = Duration.ofSeconds(30);

	protected static final Instant EXPIRY = Instant.parse("2026-01-02T10:00:00Z");

	protected static final AccessToken TOKEN = new AccessToken("first-access-token", "first-md-token", EXPIRY, 7L,
			"trader", "Active");

	protected static final AccessToken RENEWED = new AccessToken("second-access-token", null, EXPIRY.plusSeconds(4500),
			7L, "trader", "Active");

	/**
	 * Return a store for this test.
	 * @return the store
	 */
	protected abstract TokenStore store();

	/**
	 * Return a store that shares its state with {@link #store()}.
	 * @return the other store
	 */
	protected abstract TokenStore peer();

	@Test
	void startsWithNoTokenAndAnEmptyLedger() {
		assertThat(store().current()).isNull();
		assertThat(store().ledger()).isEqualTo(AuthLedger.EMPTY);
	}

	@Test
	void storesTheFirstTokenUnderAPositiveVersion() {
		Lease lease = store().tryAcquireLease("a", TTL);
		StoredToken stored = store().compareAndSet(0, TOKEN, lease);
		assertThat(stored).isNotNull();
		assertThat(stored.version()).isPositive();
		assertThat(stored.token()).isEqualTo(TOKEN);
		assertThat(store().current()).isEqualTo(stored);
	}

	@Test
	void storesASuccessorUnderAGreaterVersion() {
		Lease lease = store().tryAcquireLease("a", TTL);
		StoredToken first = store().compareAndSet(0, TOKEN, lease);
		StoredToken second = store().compareAndSet(first.version(), RENEWED, lease);
		assertThat(second).isNotNull();
		assertThat(second.version()).isGreaterThan(first.version());
		assertThat(store().current()).isEqualTo(second);
	}

	@Test
	void refusesAWriterThatReadAnOlderVersion() {
		Lease lease = store().tryAcquireLease("a", TTL);
		StoredToken first = store().compareAndSet(0, TOKEN, lease);
		store().compareAndSet(first.version(), RENEWED, lease);
		assertThat(store().compareAndSet(first.version(), TOKEN, lease)).isNull();
		assertThat(store().compareAndSet(0, TOKEN, lease)).isNull();
		assertThat(store().current().token()).isEqualTo(RENEWED);
	}

	@Test
	void grantsTheLeaseToOneOwnerAtATime() {
		Lease lease = store().tryAcquireLease("a", TTL);
		assertThat(lease).isNotNull();
		assertThat(lease.owner()).isEqualTo("a");
		assertThat(peer().tryAcquireLease("b", TTL)).isNull();
	}

	@Test
	void grantsAReleasedLeaseToAnotherOwnerWithAGreaterFence() {
		Lease first = store().tryAcquireLease("a", TTL);
		store().releaseLease(first);
		Lease second = peer().tryAcquireLease("b", TTL);
		assertThat(second).isNotNull();
		assertThat(second.fence()).isGreaterThan(first.fence());
	}

	@Test
	void refusesEveryWriteOfALeaseThatPassedToAnotherOwner() {
		Lease first = store().tryAcquireLease("a", TTL);
		StoredToken stored = store().compareAndSet(0, TOKEN, first);
		store().releaseLease(first);
		Lease second = peer().tryAcquireLease("b", TTL);
		assertThat(store().compareAndSet(stored.version(), RENEWED, first)).isNull();
		assertThat(store().remove(stored.version(), first)).isFalse();
		assertThat(store().saveLedger(ledger(), first)).isFalse();
		assertThat(peer().compareAndSet(stored.version(), RENEWED, second)).isNotNull();
	}

	@Test
	void releasingALeaseThatPassedToAnotherOwnerLeavesTheirs() {
		Lease first = store().tryAcquireLease("a", TTL);
		store().releaseLease(first);
		Lease second = peer().tryAcquireLease("b", TTL);
		store().releaseLease(first);
		assertThat(store().tryAcquireLease("a", TTL)).isNull();
		assertThat(peer().compareAndSet(0, TOKEN, second)).isNotNull();
	}

	@Test
	void grantsTheHolderANewFenceThatReplacesItsEarlierOne() {
		Lease first = store().tryAcquireLease("a", TTL);
		Lease again = store().tryAcquireLease("a", TTL);
		assertThat(again).isNotNull();
		assertThat(again.fence()).isGreaterThan(first.fence());
		assertThat(store().compareAndSet(0, TOKEN, first)).isNull();
		assertThat(store().compareAndSet(0, TOKEN, again)).isNotNull();
	}

	@Test
	void removesOnlyTheGivenVersion() {
		Lease lease = store().tryAcquireLease("a", TTL);
		StoredToken first = store().compareAndSet(0, TOKEN, lease);
		StoredToken second = store().compareAndSet(first.version(), RENEWED, lease);
		assertThat(store().remove(first.version(), lease)).isFalse();
		assertThat(store().current()).isEqualTo(second);
		assertThat(store().remove(second.version(), lease)).isTrue();
		assertThat(store().current()).isNull();
		StoredToken third = store().compareAndSet(0, TOKEN, lease);
		assertThat(third.version()).isGreaterThan(second.version());
	}

	@Test
	void keepsTheLedger() {
		Lease lease = store().tryAcquireLease("a", TTL);
		AuthLedger ledger = ledger();
		assertThat(store().saveLedger(ledger, lease)).isTrue();
		assertThat(store().ledger()).isEqualTo(ledger);
	}

	@Test
	void sharesTheTokenAndTheLedgerWithItsPeer() {
		Lease lease = store().tryAcquireLease("a", TTL);
		StoredToken stored = store().compareAndSet(0, TOKEN, lease);
		store().saveLedger(ledger(), lease);
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			assertThat(peer().current()).isEqualTo(stored);
			assertThat(peer().ledger()).isEqualTo(ledger());
		});
	}

	@Test
	void tellsListenersOfEveryChange() {
		AtomicInteger changes = new AtomicInteger();
		peer().addChangeListener(changes::incrementAndGet);
		Lease lease = store().tryAcquireLease("a", TTL);
		StoredToken stored = store().compareAndSet(0, TOKEN, lease);
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(changes).hasPositiveValue());
		int afterToken = changes.get();
		store().remove(stored.version(), lease);
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(changes).hasValueGreaterThan(afterToken));
	}

	protected static AuthLedger ledger() {
		Instant now = Instant.parse("2026-01-02T09:00:00Z");
		return new AuthLedger(List.of(now.minusSeconds(60)), List.of(now.minusSeconds(30), now), List.of(),
				now.minusSeconds(60),
				new Hold(HoldReason.REFUSED, now.plusSeconds(60), "Wrong password", 1, null, "digest"));
	}

}
