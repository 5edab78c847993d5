package io.github.futuresauth.tradovate.auth.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.github.futuresauth.tradovate.auth.AccessToken;
import io.github.futuresauth.tradovate.auth.AuthLedger;
import io.github.futuresauth.tradovate.auth.Hold;
import io.github.futuresauth.tradovate.auth.HoldReason;
import io.github.futuresauth.tradovate.auth.Lease;
import io.github.futuresauth.tradovate.auth.StoredToken;
import io.github.futuresauth.tradovate.auth.TradovateCredentials;
import io.github.futuresauth.tradovate.auth.redis.FleetStatus.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link RedisTokenStore} against a real Redis that the tests kill, pause and
 * restart.
 */
class RedisTokenStoreTests {

	@RegisterExtension
	static final RedisServerExtension redis = new RedisServerExtension();

	private static final Duration TTL = Duration.ofSeconds(30);

	private static final AccessToken TOKEN = new AccessToken("first-access-token", "first-md-token",
			Instant.parse("2026-01-02T10:00:00Z"), 7L, "trader", "Active");

	private static final AccessToken RENEWED = new AccessToken("second-access-token", "second-md-token",
			Instant.parse("2026-01-02T11:15:00Z"), 7L, "trader", "Active");

	private final Clock clock = Clock.systemUTC();

	private RedisServer server;

	private RedisStores stores;

	@BeforeEach
	void createStores() {
		this.server = redis.getServer();
		this.stores = new RedisStores(this.server);
	}

	@AfterEach
	void closeStores() throws Exception {
		this.stores.close();
	}

	@Test
	void interruptOfTheCallerDoesNotMakeRedisUnreachable() {
		RedisTokenStore store = this.stores.create();
		Thread.currentThread().interrupt();
		try {
			assertThat(store.tryAcquireLease("interrupted", Duration.ofSeconds(5))).isNull();
		}
		finally {
			assertThat(Thread.interrupted()).isTrue();
		}
		assertThat(store.isReachable()).isTrue();
		assertThat(store.getStatus().redisErrors()).isZero();
		// The command may still have run: the same owner asks again and gets the lease.
		assertThat(store.tryAcquireLease("interrupted", Duration.ofSeconds(5))).isNotNull();
	}

	@Test
	void keepsAllKeysOfOneUserUnderOneHashTag() {
		RedisTokenStore store = this.stores.create();
		Lease lease = store.tryAcquireLease("a", TTL);
		store.compareAndSet(0, TOKEN, lease);
		store.saveLedger(ledger(), lease);
		assertThat(store.getKeys()).allMatch((key) -> key.startsWith("tradovate:{demo:trader}:"));
		assertThat(store.getChannel()).isEqualTo("tradovate:{demo:trader}:changes");
		assertThat(this.server.dump()).hasSize(6).allMatch((entry) -> entry.startsWith("tradovate:{demo:trader}:"));
	}

	@Test
	void refusesTheLateWriteOfAHolderWhoseLeaseExpiredAndPassedToAnother() {
		RedisTokenStore paused = this.stores.create();
		RedisTokenStore successor = this.stores.create();
		Lease lost = paused.tryAcquireLease("paused", Duration.ofMillis(300));
		StoredToken read = paused.compareAndSet(0, TOKEN, lost);
		Lease taken = await().atMost(Duration.ofSeconds(5))
			.until(() -> successor.tryAcquireLease("successor", TTL), (lease) -> lease != null);
		assertThat(taken.fence()).isGreaterThan(lost.fence());
		assertThat(paused.compareAndSet(read.version(), RENEWED, lost)).isNull();
		assertThat(paused.remove(read.version(), lost)).isFalse();
		assertThat(paused.saveLedger(ledger(), lost)).isFalse();
		assertThat(successor.compareAndSet(read.version(), RENEWED, taken)).isNotNull();
		assertThat(paused.getStatus().staleWritesRefused()).isEqualTo(3);
		assertThat(paused.getStatus().role()).isEqualTo(Role.FOLLOWER);
		assertThat(successor.getStatus()).satisfies((status) -> {
			assertThat(status.role()).isEqualTo(Role.HOLDER);
			assertThat(status.leaseAcquisitions()).isEqualTo(1);
			assertThat(status.takeovers()).isEqualTo(1);
		});
	}

	@Test
	void doesNotCountALeaseTakenAfterAReleaseAsATakeover() {
		RedisTokenStore first = this.stores.create();
		RedisTokenStore second = this.stores.create();
		first.releaseLease(first.tryAcquireLease("first", TTL));
		assertThat(second.tryAcquireLease("second", TTL)).isNotNull();
		assertThat(second.getStatus().takeovers()).isZero();
		assertThat(first.getStatus().role()).isEqualTo(Role.FOLLOWER);
	}

	@Test
	void keepsVersionsAndFencesIncreasingWhenRedisRestartsEmpty() {
		RedisTokenStore store = this.stores.create();
		Lease before = store.tryAcquireLease("a", TTL);
		StoredToken stored = store.compareAndSet(0, TOKEN, before);
		this.server.kill();
		this.server.restart();
		Lease after = await().atMost(Duration.ofSeconds(10))
			.until(() -> store.tryAcquireLease("a", TTL), (lease) -> lease != null);
		assertThat(after.fence()).isGreaterThan(before.fence());
		assertThat(store.compareAndSet(stored.version(), RENEWED, after)).isNull();
		StoredToken restored = store.compareAndSet(0, RENEWED, after);
		assertThat(restored.version()).isGreaterThan(stored.version());
	}

	@Test
	void servesTheLocalCopyAndRefusesTheLeaseWhileRedisIsDownThenRecovers() {
		RedisTokenStore store = this.stores.create();
		Lease lease = store.tryAcquireLease("a", TTL);
		StoredToken stored = store.compareAndSet(0, TOKEN, lease);
		this.server.kill();
		assertThat(store.current()).isEqualTo(stored);
		assertThat(store.tryAcquireLease("b", TTL)).isNull();
		assertThat(store.compareAndSet(stored.version(), RENEWED, lease)).isNull();
		assertThat(store.getStatus().redisReachable()).isFalse();
		assertThat(store.getStatus().redisErrors()).isPositive();
		assertThat(store.current()).isEqualTo(stored);
		this.server.restart();
		await().atMost(Duration.ofSeconds(10)).until(() -> store.tryAcquireLease("b", TTL) != null);
		assertThat(store.getStatus().redisReachable()).isTrue();
	}

	@Test
	void answersReadsAtOnceAndGivesUpOnCommandsWhileRedisIsStopped() {
		RedisTokenStore store = this.stores.create();
		Lease lease = store.tryAcquireLease("a", TTL);
		StoredToken stored = store.compareAndSet(0, TOKEN, lease);
		this.server.pause();
		try {
			Instant start = this.clock.instant();
			for (int i = 0; i < 1000; i++) {
				assertThat(store.current()).isEqualTo(stored);
				assertThat(store.ledger()).isNotNull();
			}
			assertThat(Duration.between(start, this.clock.instant())).isLessThan(Duration.ofMillis(200));
			start = this.clock.instant();
			assertThat(store.tryAcquireLease("b", TTL)).isNull();
			assertThat(store.saveLedger(ledger(), lease)).isFalse();
			assertThat(Duration.between(start, this.clock.instant())).isLessThan(Duration.ofSeconds(3));
			assertThat(store.getStatus().redisReachable()).isFalse();
		}
		finally {
			this.server.resume();
		}
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(store.saveLedger(ledger(), lease)).isTrue());
		assertThat(store.current()).isEqualTo(stored);
	}

	@Test
	void givesUpOnCommandsThatAPausedRedisHolds() {
		RedisTokenStore store = this.stores.create();
		this.server.clientPause(Duration.ofSeconds(3));
		Instant start = this.clock.instant();
		assertThat(store.tryAcquireLease("a", TTL)).isNull();
		assertThat(Duration.between(start, this.clock.instant())).isLessThan(Duration.ofMillis(2500));
		assertThat(store.getStatus().redisErrors()).isPositive();
	}

	@Test
	void announcesANewTokenToEveryInstanceWithinASecond() {
		RedisTokenStore writer = this.stores.create();
		List<RedisTokenStore> fleet = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			fleet.add(this.stores.create((store) -> store.setPollInterval(Duration.ofMinutes(10))));
		}
		Lease lease = writer.tryAcquireLease("writer", TTL);
		Instant start = this.clock.instant();
		StoredToken stored = writer.compareAndSet(0, TOKEN, lease);
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(5))
			.untilAsserted(() -> assertThat(fleet).allMatch((store) -> stored.equals(store.current())));
		assertThat(Duration.between(start, this.clock.instant())).isLessThan(Duration.ofSeconds(2));
	}

	@Test
	void pollsForAChangeWhoseAnnouncementWasLost() {
		RedisTokenStore writer = this.stores.create();
		RedisTokenStore follower = this.stores.create((store) -> store.setPollInterval(Duration.ofMillis(200)));
		Lease lease = writer.tryAcquireLease("writer", TTL);
		StoredToken stored = writer.compareAndSet(0, TOKEN, lease);
		await().atMost(Duration.ofSeconds(5)).until(() -> stored.equals(follower.current()));
		long unannounced = stored.version() + 100;
		this.server.command("HSET", "tradovate:{demo:trader}:token", "version", Long.toString(unannounced));
		await().atMost(Duration.ofSeconds(2))
			.untilAsserted(() -> assertThat(follower.current().version()).isEqualTo(unannounced));
		assertThat(follower.current().token()).isEqualTo(TOKEN);
	}

	@Test
	void encryptsTheTokenSoThatNothingSecretIsInRedis() {
		TokenEncryption encryption = new TokenEncryption("k1", Map.of("k1", key(1)));
		RedisTokenStore store = this.stores.create((s) -> s.setEncryption(encryption));
		RedisTokenStore peer = this.stores.create((s) -> s.setEncryption(encryption));
		Lease lease = store.tryAcquireLease("a", TTL);
		StoredToken stored = store.compareAndSet(0, TOKEN, lease);
		store.saveLedger(ledger(), lease);
		await().atMost(Duration.ofSeconds(5)).until(() -> stored.equals(peer.current()));
		List<String> dump = this.server.dump();
		assertThat(dump).anyMatch((entry) -> entry.contains("aes-gcm:k1:"));
		assertThat(String.join("\n", dump)).doesNotContain(TOKEN.accessToken(), TOKEN.mdAccessToken(),
				Base64.getEncoder().encodeToString(TOKEN.accessToken().getBytes()));
	}

	@Test
	void storesThePlainTokenWithoutEncryption() {
		RedisTokenStore store = this.stores.create();
		store.compareAndSet(0, TOKEN, store.tryAcquireLease("a", TTL));
		assertThat(this.server.command("HGET", "tradovate:{demo:trader}:token", "payload")).asString()
			.contains(TOKEN.accessToken());
	}

	@Test
	void readsTokensWrittenUnderAnOlderKeyAfterRotation() {
		RedisTokenStore before = this.stores
			.create((s) -> s.setEncryption(new TokenEncryption("k1", Map.of("k1", key(1)))));
		RedisTokenStore rotated = this.stores
			.create((s) -> s.setEncryption(new TokenEncryption("k2", Map.of("k1", key(1), "k2", key(2)))));
		Lease lease = before.tryAcquireLease("before", TTL);
		StoredToken old = before.compareAndSet(0, TOKEN, lease);
		await().atMost(Duration.ofSeconds(5)).until(() -> old.equals(rotated.current()));
		before.releaseLease(lease);
		Lease rotatedLease = rotated.tryAcquireLease("rotated", TTL);
		StoredToken renewed = rotated.compareAndSet(old.version(), RENEWED, rotatedLease);
		assertThat(this.server.command("HGET", "tradovate:{demo:trader}:token", "payload")).asString()
			.startsWith("aes-gcm:k2:");
		RedisTokenStore after = this.stores
			.create((s) -> s.setEncryption(new TokenEncryption("k2", Map.of("k2", key(2)))));
		assertThat(after.current()).isEqualTo(renewed);
	}

	@Test
	void worksForAnAclUserLimitedToItsKeysAndChannels() {
		this.server.command("ACL", "SETUSER", "fleet", "on", ">fleet-password", "resetkeys", "~tradovate:*",
				"resetchannels", "&tradovate:*", "-@all", "+@read", "+@write", "+@scripting", "+@pubsub", "+time",
				"+ping");
		try {
			RedisTokenStore store = this.stores.createAs("fleet", "fleet-password");
			RedisTokenStore peer = this.stores.createAs("fleet", "fleet-password");
			Lease lease = store.tryAcquireLease("a", TTL);
			StoredToken stored = store.compareAndSet(0, TOKEN, lease);
			assertThat(stored).isNotNull();
			assertThat(store.saveLedger(ledger(), lease)).isTrue();
			assertThat(store.remove(stored.version(), lease)).isTrue();
			StoredToken again = store.compareAndSet(0, RENEWED, lease);
			await().atMost(Duration.ofSeconds(5)).until(() -> again.equals(peer.current()));
			assertThat(store.getStatus().redisErrors()).isZero();
		}
		finally {
			this.server.command("ACL", "DELUSER", "fleet");
		}
	}

	@Test
	void startsWhileRedisIsDownAndCatchesUpWhenItIsBack() {
		this.server.kill();
		Instant start = this.clock.instant();
		RedisTokenStore store = this.stores.create();
		assertThat(Duration.between(start, this.clock.instant())).isLessThan(Duration.ofSeconds(5));
		assertThat(store.current()).isNull();
		assertThat(store.getStatus().redisReachable()).isFalse();
		this.server.restart();
		RedisTokenStore writer = this.stores.create();
		StoredToken stored = writer.compareAndSet(0, TOKEN, writer.tryAcquireLease("writer", TTL));
		await().atMost(Duration.ofSeconds(10)).until(() -> stored.equals(store.current()));
	}

	@Test
	void readsWhatRedisHoldsWhenItGrantsTheLease() {
		RedisTokenStore writer = this.stores.create();
		RedisTokenStore holder = this.stores.create((store) -> store.setPollInterval(Duration.ofMinutes(10)));
		Lease lease = writer.tryAcquireLease("writer", TTL);
		StoredToken stored = writer.compareAndSet(0, TOKEN, lease);
		writer.releaseLease(lease);
		await().atMost(Duration.ofSeconds(5)).until(() -> stored.equals(holder.current()));
		long unannounced = stored.version() + 100;
		this.server.command("HSET", "tradovate:{demo:trader}:token", "version", Long.toString(unannounced));
		assertThat(holder.tryAcquireLease("holder", TTL)).isNotNull();
		assertThat(holder.current().version()).isEqualTo(unannounced);
	}

	@Test
	void keepsTheLastTokenItCouldReadWhenTheStoredOneIsDamaged() {
		RedisTokenStore store = this.stores.create();
		Lease lease = store.tryAcquireLease("a", TTL);
		StoredToken stored = store.compareAndSet(0, TOKEN, lease);
		this.server.command("HSET", "tradovate:{demo:trader}:token", "version", "damaged");
		assertThat(store.saveLedger(ledger(), lease)).isTrue();
		assertThat(store.ledger()).isEqualTo(ledger());
		assertThat(store.current()).isEqualTo(stored);
	}

	@Test
	void subscribesToAnnouncementsOnceRedisIsBackAfterStartingWithoutIt() {
		this.server.kill();
		RedisTokenStore store = this.stores.create((s) -> s.setPollInterval(Duration.ofMinutes(10)));
		this.server.restart();
		RedisTokenStore writer = this.stores.create();
		Lease lease = writer.tryAcquireLease("writer", TTL);
		// Announcements made before the store subscribed are lost, and it polls only
		// every ten minutes: keep storing tokens until an announcement reaches it.
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
			StoredToken current = writer.current();
			writer.compareAndSet((current != null) ? current.version() : 0, TOKEN, lease);
			assertThat(store.current()).isNotNull();
		});
	}

	@Test
	void subscribesAgainAfterRedisRestarted() {
		RedisTokenStore store = this.stores.create((s) -> s.setPollInterval(Duration.ofMinutes(10)));
		this.server.kill();
		this.server.restart();
		RedisTokenStore writer = this.stores.create();
		Lease lease = writer.tryAcquireLease("writer", TTL);
		// Announcements made before the store subscribed again are lost, and it polls
		// only every ten minutes: keep storing tokens until an announcement reaches it.
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
			StoredToken current = writer.current();
			writer.compareAndSet((current != null) ? current.version() : 0, TOKEN, lease);
			assertThat(store.current()).isNotNull();
		});
	}

	@Test
	void usersWhosePartsJoinAlikeGetKeysOfTheirOwnUnderAWholeHashTag() {
		String withApiKey = RedisTokenStore
			.user(new TradovateCredentials("trader", "x", "app", "1.0", null, "7", "sec"));
		String withColon = RedisTokenStore.user(TradovateCredentials.of("trader:7", "x"));
		assertThat(withApiKey).isEqualTo("trader:7");
		assertThat(withColon).isNotEqualTo(withApiKey);
		assertThat(RedisTokenStore.user(TradovateCredentials.of("trader", "x"))).isEqualTo("trader");
		List<String> keys = new ArrayList<>();
		for (String user : List.of(withApiKey, withColon, RedisTokenStore.user(TradovateCredentials.of("a}b", "x")),
				RedisTokenStore.user(TradovateCredentials.of("a%7Db", "x")))) {
			RedisTokenStore store = new RedisTokenStore(this.stores.template(), "tradovate", "demo", user);
			assertThat(store.getKeys()).allMatch((key) -> key.indexOf('{') == key.lastIndexOf('{')
					&& key.indexOf('}') == key.lastIndexOf('}') && key.indexOf('}') > key.indexOf('{'));
			keys.add(store.getChannel());
		}
		assertThat(keys).doesNotHaveDuplicates();
		assertThat(new RedisTokenStore(this.stores.template(), "tradovate", "demo:x", "y").getChannel())
			.isNotEqualTo(new RedisTokenStore(this.stores.template(), "tradovate", "demo", "x:y").getChannel());
	}

	@Test
	void refusesAKeyPrefixWithAHashTag() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RedisTokenStore(this.stores.template(), "tradovate{x}", "demo", "trader"))
			.withMessageContaining("'{' or '}'");
	}

	private static AuthLedger ledger() {
		Instant now = Instant.parse("2026-01-02T09:00:00Z");
		return new AuthLedger(List.of(now), List.of(now.minusSeconds(30), now), List.of(), now,
				new Hold(HoldReason.LIMIT, now.plusSeconds(900), "Fifteen renewals in the last hour", 1, null, null));
	}

	private static byte[] key(int seed) {
		byte[] key = new byte[32];
		Arrays.fill(key, (byte) seed);
		return key;
	}

}
