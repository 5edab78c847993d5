package io.github.futuresauth.tradovate.auth.file;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import io.github.futuresauth.tradovate.auth.AccessToken;
import io.github.futuresauth.tradovate.auth.AuthLimits;
import io.github.futuresauth.tradovate.auth.HoldReason;
import io.github.futuresauth.tradovate.auth.LoginHeldException;
import io.github.futuresauth.tradovate.auth.RenewingTokenProvider;
import io.github.futuresauth.tradovate.auth.SimulatedProviders;
import io.github.futuresauth.tradovate.auth.TimePenaltyException;
import io.github.futuresauth.tradovate.auth.TradovateAuthException;
import io.github.futuresauth.tradovate.auth.TradovateCredentials;
import io.github.futuresauth.tradovate.simulator.RequestKind;
import io.github.futuresauth.tradovate.simulator.TradovateSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Tests that a {@link FileTokenStore} carries the session and the ledger from one process
 * to the next on one machine. Each "process" is a store and a provider of its own, on the
 * same file, closed before the next one starts, with the simulator's clock moved by hand.
 */
class FileTokenStoreRestartTests {

	private static final String USER = TradovateSimulator.DEFAULT_USER_NAME;

	private static final String PASSWORD = TradovateSimulator.DEFAULT_PASSWORD;

	private final TradovateSimulator simulator = TradovateSimulator.builder()
		.user(USER, PASSWORD)
		.user("other-trader", "other-password")
		.start();

	private final SimulatedProviders providers = new SimulatedProviders(this.simulator);

	@TempDir
	Path directory;

	@AfterEach
	void close() {
		this.providers.close();
		this.simulator.close();
	}

	@Test
	void processRestartedWithinTheTokensLifeSendsNoLogin() {
		AccessToken first;
		try (Process process = start(PASSWORD)) {
			first = process.provider().getToken();
		}
		this.providers.clock().advance(Duration.ofMinutes(10));
		try (Process restarted = start(PASSWORD)) {
			assertThat(restarted.provider().getToken()).isEqualTo(first);
			assertThat(this.simulator.journal().loginRequests()).isOne();
			// The restarted process renews the token it found, on time, rather than log
			// in.
			this.providers.runUntil(first.expirationTime().plus(Duration.ofMinutes(1)));
			assertThat(this.simulator.journal().renewals()).isOne();
			assertThat(restarted.provider().getToken()).isNotEqualTo(first);
		}
		assertThat(this.simulator.journal().loginRequests()).isOne();
		assertThat(this.simulator.journal().sessionsOpened()).isOne();
	}

	@Test
	void twoProcessesStartedTogetherShareOneLoginOneSessionAndOneRenewalPerToken() {
		try (Process one = start(PASSWORD); Process two = start(PASSWORD)) {
			CompletableFuture<AccessToken> first = CompletableFuture.supplyAsync(one.provider()::getToken);
			CompletableFuture<AccessToken> second = CompletableFuture.supplyAsync(two.provider()::getToken);
			assertThat(first.join()).isEqualTo(second.join());
			Instant expiry = first.join().expirationTime();
			this.providers.runUntil(expiry.plus(Duration.ofMinutes(75)));
		}
		assertThat(this.simulator.journal().loginRequests()).isOne();
		assertThat(this.simulator.journal().sessionsOpened()).isOne();
		// The first token and its successor were each renewed once, by one of the two.
		assertThat(this.simulator.journal().renewals()).isEqualTo(2);
	}

	@Test
	void wrongPasswordInARestartLoopOfTwentyStartsAnHourSendsAtMostFiveLogins() {
		Instant start = this.providers.clock().instant();
		for (int i = 0; i < 20; i++) {
			this.providers.clock().setInstant(start.plus(Duration.ofMinutes(3L * i)));
			try (Process process = start("wrong-password")) {
				assertThat(catchThrowable(process.provider()::getToken)).isInstanceOf(TradovateAuthException.class);
			}
		}
		assertThat(this.simulator.journal().loginRequests()).isPositive()
			.isLessThanOrEqualTo(AuthLimits.TRADOVATE.failedLoginsPerHour());
	}

	@Test
	void penaltyRecordedByOneProcessIsHonouredByTheNextWithTheTicket() {
		this.simulator.penalizeNextLogin(Duration.ofSeconds(30));
		try (Process penalized = start(PASSWORD)) {
			assertThatExceptionOfType(TimePenaltyException.class).isThrownBy(penalized.provider()::getToken);
		}
		this.providers.clock().advance(Duration.ofSeconds(10));
		try (Process during = start(PASSWORD)) {
			assertThatExceptionOfType(LoginHeldException.class).isThrownBy(during.provider()::getToken)
				.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(HoldReason.PENALTY));
		}
		assertThat(this.simulator.journal().loginRequests()).isOne();
		this.providers.clock().advance(Duration.ofMinutes(3));
		try (Process after = start(PASSWORD)) {
			assertThat(after.provider().getToken()).isNotNull();
		}
		// Without the ticket, the simulator would have penalized the second login too.
		assertThat(this.simulator.journal().requests()).extracting("kind")
			.containsExactly(RequestKind.LOGIN_PENALIZED, RequestKind.LOGIN);
	}

	@Test
	void fileCopiedToAnotherUsersCredentialsIsSetAsideWithoutCrashing() throws Exception {
		try (Process process = start(PASSWORD)) {
			process.provider().getToken();
		}
		TradovateCredentials other = TradovateCredentials.of("other-trader", "other-password");
		Path stolen = this.directory.resolve(FileTokenStore.fileName("demo", other));
		Files.copy(this.directory.resolve(FileTokenStore.fileName("demo", credentials(PASSWORD))), stolen);
		FileTokenStore store = store(other);
		try {
			assertThat(store.current()).isNull();
			assertThat(store.getStatus().setAside()).isOne();
			try (Stream<Path> files = Files.list(this.directory)) {
				assertThat(files.map((file) -> file.getFileName().toString()))
					.anyMatch((name) -> name.startsWith(stolen.getFileName() + ".unreadable-"));
			}
		}
		finally {
			store.close();
		}
		assertThat(this.simulator.journal().loginRequests()).isOne();
	}

	@Test
	void fileThatIsNotAStoreFileIsSetAsideWithoutCrashing() throws Exception {
		Path file = this.directory.resolve(FileTokenStore.fileName("demo", credentials(PASSWORD)));
		Files.writeString(file, "{\"accessToken\":\"not what this store writes\"}");
		try (Process process = start(PASSWORD)) {
			assertThat(process.store().getStatus().setAside()).isOne();
			assertThat(process.provider().getToken()).isNotNull();
		}
	}

	private Process start(String password) {
		FileTokenStore store = store(credentials(password));
		RenewingTokenProvider provider = this.providers.provider(password);
		provider.setTokenStore(store);
		return new Process(store, provider);
	}

	private FileTokenStore store(TradovateCredentials credentials) {
		FileTokenStore store = new FileTokenStore(this.directory.resolve(FileTokenStore.fileName("demo", credentials)),
				"demo", credentials);
		store.setClock(this.providers.clock());
		store.setPollInterval(Duration.ofMillis(50));
		store.start();
		return store;
	}

	private static TradovateCredentials credentials(String password) {
		return TradovateCredentials.of(USER, password);
	}

	private record Process(FileTokenStore store, RenewingTokenProvider provider) implements AutoCloseable {

		@Override
		public void close() {
			this.provider.close();
			this.store.close();
		}

	}

}
