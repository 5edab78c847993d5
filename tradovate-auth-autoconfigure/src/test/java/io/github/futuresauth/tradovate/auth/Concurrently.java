package io.github.futuresauth.tradovate.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task on many threads that are released at the same moment, for tests of what
 * happens when callers arrive together.
 */
public final class Concurrently {

	private Concurrently() {
	}

	/**
	 * Run the task once per thread, each with its index, all released at once, and return
	 * the results in index order.
	 * @param threads how many threads
	 * @param task the task
	 * @return the results
	 * @throws Exception when a task failed, or did not finish within a minute
	 */
	public static <T> List<T> run(int threads, IndexedTask<T> task) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch ready = new CountDownLatch(threads);
			CountDownLatch go = new CountDownLatch(1);
			List<Future<T>> futures = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				int index = i;
				futures.add(executor.submit(() -> {
					ready.countDown();
					go.await();
					return task.run(index);
				}));
			}
			ready.await();
			go.countDown();
			List<T> results = new ArrayList<>();
			for (Future<T> future : futures) {
				results.add(future.get(60, TimeUnit.SECONDS));
			}
			return results;
		}
		finally {
			executor.shutdownNow();
		}
	}

	/**
	 * A task that knows which thread runs it.
	 *
	 * @param <T> the type of its result
	 */
	@FunctionalInterface
	public interface IndexedTask<T> {

		/**
		 * Run the task.
		 * @param index the index of the thread, from zero
		 * @return the result
		 * @throws Exception when the task fails
		 */
		T run(int index) throws Exception;

	}

}
