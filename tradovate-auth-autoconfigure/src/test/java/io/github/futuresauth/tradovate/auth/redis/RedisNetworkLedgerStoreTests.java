package io.github.futuresauth.tradovate.auth.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import io.github.futuresauth.tradovate.auth.AuthBudget;
import io.github.futuresauth.tradovate.auth.AuthLedger;
import io.github.futuresauth.tradovate.auth.AuthLimits;
import io.github.futuresauth.tradovate.auth.AuthNetwork;
import io.github.futuresauth.tradovate.auth.Concurrently;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Tests for {@link RedisNetworkLedgerStore}.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisNetworkLedgerStoreTests {

	@RegisterExtension
	static final RedisServerExtension redis = new RedisServerExtension();

	private static final Instant NOW = Instant.parse("2026-12-05T08:00:00Z");

	private final RedisStores stores = new RedisStores(redis.getServer());

	private final AuthBudget budget = new AuthBudget(AuthLimits.TRADOVATE, Duration.ofSeconds(30));

	@AfterEach
	void close() throws Exception {
		this.stores.close();
	}

	@Test
	void instancesThatAskAtOnceCannotPassTheAddresssLimitTogether() throws Exception {
		// Two instances of a fleet, each with its own connection and network.
		AuthNetwork first = new AuthNetwork(this.stores.ledgerStore(this.stores.template()));
		AuthNetwork second = new AuthNetwork(this.stores.ledgerStore(this.stores.template()));
		int sent = Concurrently.run(8, (thread) -> {
			AuthNetwork network = (thread % 2 == 0) ? first : second;
			int renewals = 0;
			for (int i = 0; i < 20; i++) {
				if (network.reserve(NOW, this.budget::renewalHold,
						(ledger) -> this.budget.renewalSent(ledger, NOW)) == null) {
					renewals++;
				}
			}
			return renewals;
		}).stream().mapToInt(Integer::intValue).sum();
		assertThat(sent).isEqualTo(15);
		assertThat(first.ledger(NOW).renewals()).hasSize(15);
		assertThat(second.ledger(NOW).renewals()).hasSize(15);
		assertThat(redis.getServer().command("PTTL", "tradovate:network:ledger")).asString().isNotEqualTo("-1");
	}

	@Test
	void givesUpOnARedisThatDoesNotAnswerAfterTheCommandTimeout() {
		// A client that would wait a minute for each command.
		RedisNetworkLedgerStore store = this.stores.ledgerStore(this.stores.template(Duration.ofMinutes(1)));
		store.setCommandTimeout(Duration.ofMillis(200));
		AuthNetwork network = new AuthNetwork(store);
		redis.getServer().pause();
		try {
			assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThat(
					network.reserve(NOW, this.budget::renewalHold, (ledger) -> this.budget.renewalSent(ledger, NOW)))
				.isNull());
		}
		finally {
			redis.getServer().resume();
		}
	}

	@Test
	void countsItsOwnRequestsWhileRedisCannotBeReached() {
		RedisNetworkLedgerStore store = this.stores.ledgerStore(this.stores.template());
		store.setCommandTimeout(Duration.ofMillis(200));
		AuthNetwork network = new AuthNetwork(store);
		for (int i = 0; i < 10; i++) {
			assertThat(network.reserve(NOW, this.budget::renewalHold, (ledger) -> this.budget.renewalSent(ledger, NOW)))
				.isNull();
		}
		redis.getServer().pause();
		try {
			int sent = 0;
			for (int i = 0; i < 6; i++) {
				if (network.reserve(NOW, this.budget::renewalHold,
						(ledger) -> this.budget.renewalSent(ledger, NOW)) == null) {
					sent++;
				}
			}
			// From the ten it knew of: five more, not ten.
			assertThat(sent).isEqualTo(5);
		}
		finally {
			redis.getServer().resume();
		}
	}

	@Test
	void ledgerThatAnotherVersionWroteIsReadAndReplaced() {
		// Fields in another order, spaced otherwise, and one that this version does not
		// know: written back, it would not be the same text.
		redis.getServer()
			.command("SET", "tradovate:network:ledger",
					"{ \"kicks\": 0, \"renewals\": [\"2026-12-05T07:30:00Z\"], \"addedLater\": true,"
							+ " \"failedLogins\": [], \"checks\": [] }");
		AuthNetwork network = new AuthNetwork(this.stores.ledgerStore(this.stores.template()));
		assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThat(
				network.reserve(NOW, this.budget::renewalHold, (ledger) -> this.budget.renewalSent(ledger, NOW)))
			.isNull());
		assertThat(network.ledger(NOW).renewals()).containsExactly(Instant.parse("2026-12-05T07:30:00Z"), NOW);
	}

	@Test
	void ledgerThatCannotBeReadCountsAsEmptyAndIsReplacedWithOneWarning(CapturedOutput output) {
		redis.getServer().command("SET", "tradovate:network:ledger", "{\"renewals\": \"p-ticket-like secret");
		AuthNetwork network = new AuthNetwork(this.stores.ledgerStore(this.stores.template()));
		assertThat(network.ledger(NOW)).isEqualTo(AuthLedger.EMPTY);
		assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThat(
				network.reserve(NOW, this.budget::renewalHold, (ledger) -> this.budget.renewalSent(ledger, NOW)))
			.isNull());
		assertThat(network.ledger(NOW).renewals()).containsExactly(NOW);
		assertThat(output).containsOnlyOnce("Cannot read the network's ledger at tradovate:network:ledger")
			.doesNotContain("secret");
	}

	@Test
	void ledgerThatIsNotTextIsReplaced() {
		byte[] key = "tradovate:network:ledger".getBytes(StandardCharsets.UTF_8);
		StringRedisTemplate template = this.stores.template();
		// Bytes that decode to replacement characters, which encode to other bytes.
		template.execute((RedisCallback<Boolean>) (connection) -> connection.stringCommands()
			.set(key, new byte[] { (byte) 0xff, (byte) 0xfe, '{' }));
		AuthNetwork network = new AuthNetwork(this.stores.ledgerStore(template));
		assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThat(
				network.reserve(NOW, this.budget::renewalHold, (ledger) -> this.budget.renewalSent(ledger, NOW)))
			.isNull());
		assertThat(network.ledger(NOW).renewals()).containsExactly(NOW);
	}

	@Test
	void threadsThatAskAtOnceWhileRedisCannotBeReachedCountEveryRequest() throws Exception {
		// A limit that is never reached: every request is sent, so each one that is
		// counted on its own is lost from the count.
		AuthBudget budget = new AuthBudget(new AuthLimits(5, 1_000_000, 10, Duration.ofMinutes(1)),
				Duration.ofSeconds(30));
		AuthNetwork network = new AuthNetwork(this.stores.ledgerStore(this.stores.unreachableTemplate()));
		int sent = Concurrently.run(8, (thread) -> {
			int renewals = 0;
			for (int i = 0; i < 500; i++) {
				if (network.reserve(NOW, budget::renewalHold, (ledger) -> budget.renewalSent(ledger, NOW)) == null) {
					renewals++;
				}
			}
			return renewals;
		}).stream().mapToInt(Integer::intValue).sum();
		assertThat(network.ledger(NOW).renewals().size()).isEqualTo(sent);
	}

}
