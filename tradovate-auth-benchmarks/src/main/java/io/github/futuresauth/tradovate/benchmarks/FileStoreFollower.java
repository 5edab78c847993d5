package io.github.futuresauth.tradovate.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CountDownLatch;

import io.github.futuresauth.tradovate.auth.StoredToken;
import io.github.futuresauth.tradovate.auth.TradovateCredentials;
import io.github.futuresauth.tradovate.auth.file.FileTokenStore;
import io.github.futuresauth.tradovate.simulator.TradovateSimulator;

/**
 * The second process of {@link FileStoreBenchmark}: a {@link FileTokenStore} on the
 * benchmark's file, which prints {@code seen <version> <epoch microseconds>} whenever it
 * learns of a new token, until its input ends.
 */
public final class FileStoreFollower {

	private FileStoreFollower() {
	}

	/**
	 * Follow the file.
	 * @param args the file and the poll interval in milliseconds
	 * @throws Exception if reading the input fails
	 */
	public static void main(String[] args) throws Exception {
		FileTokenStore store = new FileTokenStore(Path.of(args[0]), "demo",
				TradovateCredentials.of(TradovateSimulator.DEFAULT_USER_NAME, TradovateSimulator.DEFAULT_PASSWORD));
		store.setPollInterval(Duration.ofMillis(Long.parseLong(args[1])));
		long[] printed = { -1 };
		Runnable report = () -> {
			StoredToken stored = store.current();
			long version = (stored != null) ? stored.version() : 0;
			synchronized (printed) {
				if (version != printed[0]) {
					printed[0] = version;
					System.out.println("seen " + version + " " + micros(Instant.now()));
					System.out.flush();
				}
			}
		};
		store.addChangeListener(report);
		store.start();
		report.run();
		CountDownLatch end = new CountDownLatch(1);
		Thread reader = new Thread(() -> {
			try {
				while (System.in.read() != -1) {
					// Runs until the benchmark closes the input.
				}
			}
			catch (Exception ex) {
				// Ends all the same.
			}
			end.countDown();
		});
		reader.start();
		end.await();
		store.close();
	}

	static long micros(Instant instant) {
		return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
	}

}
