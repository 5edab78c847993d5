package io.github.futuresauth.tradovate.auth.file;

import java.nio.file.Path;
import java.time.Duration;

import io.github.futuresauth.tradovate.auth.TokenStore;
import io.github.futuresauth.tradovate.auth.TokenStoreContractTests;
import io.github.futuresauth.tradovate.auth.TradovateCredentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract of {@link TokenStore}, run against {@link FileTokenStore}: two stores of
 * one file, as two processes on one machine have, which in this JVM also share the lock
 * file's channel.
 */
class FileTokenStoreContractTests extends TokenStoreContractTests {

	static final TradovateCredentials CREDENTIALS = TradovateCredentials.of("trader", "s3cret");

	@TempDir
	Path directory;

	private FileTokenStore store;

	private FileTokenStore peer;

	@BeforeEach
	void createStores() {
		this.store = create(this.directory, CREDENTIALS);
		this.peer = create(this.directory, CREDENTIALS);
	}

	@AfterEach
	void closeStores() {
		this.store.close();
		this.peer.close();
	}

	static FileTokenStore create(Path directory, TradovateCredentials credentials) {
		FileTokenStore store = new FileTokenStore(directory.resolve(FileTokenStore.fileName("demo", credentials)),
				"demo", credentials);
		store.setPollInterval(Duration.ofMillis(100));
		store.start();
		return store;
	}

	@Override
	protected TokenStore store() {
		return this.store;
	}

	@Override
	protected TokenStore peer() {
		return this.peer;
	}

}
