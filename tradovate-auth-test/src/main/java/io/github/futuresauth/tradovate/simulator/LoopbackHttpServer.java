package io.github.futuresauth.tradovate.simulator;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * The HTTP server of a started {@link TradovateSimulator}: a {@link SimulatorHttpServer}
 * on 127.0.0.1 that answers requests on a pool of daemon threads of its own.
 */
final class LoopbackHttpServer {

	/**
	 * Room for a burst of concurrent connections beyond the usual default of 50.
	 */
	private static final int BACKLOG = 256;

	private final HttpServer server;

	private final ExecutorService executor;

	private LoopbackHttpServer(HttpServer server, ExecutorService executor) {
		this.server = server;
		this.executor = executor;
	}

	/**
	 * Start a server that serves the given handlers.
	 * @param clock the clock that the {@code Date} header of every response is read from
	 * @param port the port to listen on, or {@code 0} for a free one
	 * @param handlers the handlers by the path of their context
	 * @return the started server
	 * @throws IOException if the port cannot be bound
	 */
	static LoopbackHttpServer start(Clock clock, int port, Map<String, HttpHandler> handlers) throws IOException {
		// Not the JDK's HttpServer.create: its server overwrites the Date header with the
		// system clock, and the Date header has to tell server time.
		HttpServer server = new SimulatorHttpServer(clock, new InetSocketAddress(loopbackAddress(), port), BACKLOG);
		// The default executor is the single dispatcher thread, which would serialize
		// concurrent logins and let one delayed request hold up all others.
		ExecutorService executor = Executors.newCachedThreadPool(new SimulatorThreadFactory());
		server.setExecutor(executor);
		handlers.forEach(server::createContext);
		server.start();
		return new LoopbackHttpServer(server, executor);
	}

	/**
	 * Return the port the server listens on.
	 * @return the port
	 */
	int port() {
		return this.server.getAddress().getPort();
	}

	/**
	 * Stop the server at once: connections are closed and requests still being answered,
	 * such as delayed ones, are interrupted.
	 */
	void stop() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	/**
	 * Return 127.0.0.1 explicitly: the advertised URLs name it, whatever the IPv6
	 * preference.
	 * @return the loopback address
	 */
	static InetAddress loopbackAddress() {
		try {
			return InetAddress.getByAddress("localhost", new byte[] { 127, 0, 0, 1 });
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static final class SimulatorThreadFactory implements ThreadFactory {

		private static final AtomicInteger simulatorCount = new AtomicInteger();

		private final int simulatorNumber = simulatorCount.incrementAndGet();

		private final AtomicInteger threadCount = new AtomicInteger();

		@Override
		public Thread newThread(Runnable task) {
			Thread thread = new Thread(task,
					"tradovate-simulator-" + this.simulatorNumber + "-" + this.threadCount.incrementAndGet());
			// Never keep a test JVM alive.
			thread.setDaemon(true);
			return thread;
		}

	}

}
