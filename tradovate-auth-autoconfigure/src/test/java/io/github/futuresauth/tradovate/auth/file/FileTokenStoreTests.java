package io.github.futuresauth.tradovate.auth.file;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.github.futuresauth.tradovate.auth.AccessToken;
import io.github.futuresauth.tradovate.auth.AuthLedger;
import io.github.futuresauth.tradovate.auth.Hold;
import io.github.futuresauth.tradovate.auth.HoldReason;
import io.github.futuresauth.tradovate.auth.Lease;
import io.github.futuresauth.tradovate.auth.StoredToken;
import io.github.futuresauth.tradovate.auth.TradovateCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link FileTokenStore} and {@link TokenFileDirectory} beyond the store
 * contract: what the file holds, how it is protected, and where it is kept.
 */
@ExtendWith(OutputCaptureExtension.class)
class FileTokenStoreTests {

	private static final TradovateCredentials CREDENTIALS = new TradovateCredentials("trader", "pass-w0rd", "app",
			"1.0", "device", "4242", "api-secret-value");

	private static final AccessToken TOKEN = new AccessToken("secret-access-token", "secret-md-token",
			Instant.parse("2026-01-02T10:00:00Z"), 7L, "trader", "Active");

	private static final Duration TTL = Duration.ofSeconds(30);

	@TempDir
	Path directory;

	@Test
	void fileIsOwnerOnlyAndShowsNeitherTheTokenNorTheCredentials() throws Exception {
		Path nested = this.directory.resolve("sessions");
		FileTokenStore store = store(nested, CREDENTIALS);
		try {
			Lease lease = store.tryAcquireLease("a", TTL);
			store.compareAndSet(0, TOKEN, lease);
			store.saveLedger(penaltyLedger(), lease);
		}
		finally {
			store.close();
		}
		Path file = nested.resolve(FileTokenStore.fileName("demo", CREDENTIALS));
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(nested))).isEqualTo("rwx------");
		String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
		assertThat(content).doesNotContain("secret-access-token", "secret-md-token", "pass-w0rd", "api-secret-value",
				"penalty-ticket", "trader");
	}

	@Test
	void fileIsNamedForTheEnvironmentUserAndApiKey() {
		assertThat(FileTokenStore.fileName("LIVE", CREDENTIALS)).isEqualTo("live-trader-4242.session");
		assertThat(FileTokenStore.fileName("demo", TradovateCredentials.of("trader", "x")))
			.isEqualTo("demo-trader.session");
		assertThat(FileTokenStore.fileName("demo", TradovateCredentials.of("../a b", "x"))).startsWith("demo-.._a_b~")
			.endsWith(".session")
			.doesNotContain("/");
	}

	@Test
	void accountsWhosePartsJoinAlikeGetFilesOfTheirOwn() {
		TradovateCredentials dashed = TradovateCredentials.of("trader-4242", "x");
		TradovateCredentials withApiKey = new TradovateCredentials("trader", "x", "app", "1.0", null, "4242", "sec");
		assertThat(FileTokenStore.fileName("demo", withApiKey)).isEqualTo("demo-trader-4242.session");
		assertThat(FileTokenStore.fileName("demo", dashed)).isNotEqualTo(FileTokenStore.fileName("demo", withApiKey))
			.startsWith("demo-trader-4242~");
		assertThat(FileTokenStore.fileName("demo",
				new TradovateCredentials("my-trader", "x", "app", "1.0", null, "4242", "sec")))
			.isEqualTo("demo-my-trader-4242.session");
		assertThat(FileTokenStore.fileName("demo", TradovateCredentials.of("a b", "x")))
			.isNotEqualTo(FileTokenStore.fileName("demo", TradovateCredentials.of("a_b", "x")))
			.isNotEqualTo(FileTokenStore.fileName("demo", TradovateCredentials.of("a?b", "x")));
	}

	@Test
	void keepsTheTokenTheLedgerAndItsPenaltyTicketForTheNextStore() {
		FileTokenStore first = store(this.directory, CREDENTIALS);
		StoredToken stored;
		try {
			Lease lease = first.tryAcquireLease("a", TTL);
			stored = first.compareAndSet(0, TOKEN, lease);
			first.saveLedger(penaltyLedger(), lease);
			first.releaseLease(lease);
		}
		finally {
			first.close();
		}
		FileTokenStore next = store(this.directory, CREDENTIALS);
		try {
			assertThat(next.current()).isEqualTo(stored);
			assertThat(next.ledger()).isEqualTo(penaltyLedger());
			assertThat(next.ledger().hold().ticket()).isEqualTo("penalty-ticket");
			Lease lease = next.tryAcquireLease("b", TTL);
			assertThat(next.compareAndSet(stored.version(), TOKEN, lease).version()).isGreaterThan(stored.version());
		}
		finally {
			next.close();
		}
	}

	@Test
	void fileOfOtherCredentialsIsSetAsideWithAWarning(CapturedOutput output) throws Exception {
		FileTokenStore first = store(this.directory, CREDENTIALS);
		try {
			Lease lease = first.tryAcquireLease("a", TTL);
			first.compareAndSet(0, TOKEN, lease);
		}
		finally {
			first.close();
		}
		TradovateCredentials otherPassword = new TradovateCredentials("trader", "another-password", "app", "1.0",
				"device", "4242", "api-secret-value");
		FileTokenStore other = store(this.directory, otherPassword);
		try {
			assertThat(other.current()).isNull();
			assertThat(other.getStatus().setAside()).isOne();
		}
		finally {
			other.close();
		}
		assertThat(output).containsOnlyOnce("cannot be read with the configured credentials")
			.doesNotContain("another-password", "pass-w0rd");
	}

	@Test
	void localCopyIsKeptWhenTheFileTurnsUnreadable(CapturedOutput output) throws Exception {
		FileTokenStore store = store(this.directory, CREDENTIALS);
		FileTokenStore peer = store(this.directory, CREDENTIALS);
		try {
			Lease lease = store.tryAcquireLease("a", TTL);
			StoredToken stored = store.compareAndSet(0, TOKEN, lease);
			await().atMost(Duration.ofSeconds(5)).until(() -> stored.equals(peer.current()));
			Files.writeString(store.getFile(), "garbage");
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(peer.getStatus().fileErrors()).isPositive());
			assertThat(peer.current()).isEqualTo(stored);
		}
		finally {
			store.close();
			peer.close();
		}
	}

	@Test
	void statusShowsTheFileAndWhoHoldsTheLease() {
		FileTokenStore store = store(this.directory, CREDENTIALS);
		FileTokenStore peer = store(this.directory, CREDENTIALS);
		try {
			Lease lease = store.tryAcquireLease("1234@host/abcd", TTL);
			store.compareAndSet(0, TOKEN, lease);
			assertThat(store.getStatus().file()).isEqualTo(store.getFile());
			assertThat(store.getStatus().holder()).isTrue();
			assertThat(store.getStatus().lockOwner()).isEqualTo("1234@host/abcd");
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(peer.getStatus().lockOwner()).isEqualTo("1234@host/abcd"));
			store.releaseLease(lease);
			assertThat(store.getStatus().lockOwner()).isNull();
			assertThat(store.getStatus().holder()).isFalse();
		}
		finally {
			store.close();
			peer.close();
		}
	}

	@Test
	void readOnlyHomeDirectoryFallsBackToTheTemporaryDirectoryWithOneWarning(CapturedOutput output) {
		// A directory that no user, root included, can create anything in.
		Path readOnlyHome = Path.of("/proc/self");
		Path resolved = TokenFileDirectory.resolve(readOnlyHome, this.directory, "alice");
		assertThat(resolved).isEqualTo(this.directory.resolve("tradovate-alice").resolve("sessions"));
		assertThat(resolved).isDirectory();
		assertThat(output.getOut() + output.getErr()).containsOnlyOnce("Cannot write the Tradovate token file");
	}

	@Test
	void writableHomeDirectoryIsUsed(CapturedOutput output) {
		Path home = this.directory.resolve("home");
		Path resolved = TokenFileDirectory.resolve(home, this.directory.resolve("tmp"), "alice");
		assertThat(resolved).isEqualTo(home.resolve(".tradovate").resolve("sessions"));
		assertThat(output).doesNotContain("Cannot write the Tradovate token file");
	}

	private static AuthLedger penaltyLedger() {
		Instant now = Instant.parse("2026-01-02T09:00:00Z");
		return new AuthLedger(List.of(now), List.of(), List.of(), null,
				new Hold(HoldReason.PENALTY, now.plusSeconds(30), "Wait 30 s", 0, "owner", null, "penalty-ticket"));
	}

	static FileTokenStore store(Path directory, TradovateCredentials credentials) {
		FileTokenStore store = new FileTokenStore(directory.resolve(FileTokenStore.fileName("demo", credentials)),
				"demo", credentials);
		store.setPollInterval(Duration.ofMillis(50));
		store.start();
		return store;
	}

}
