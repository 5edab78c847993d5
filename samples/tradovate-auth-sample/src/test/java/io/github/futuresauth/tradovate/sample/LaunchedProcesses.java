package io.github.futuresauth.tradovate.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.RestClient;

import static org.awaitility.Awaitility.await;

/**
 * Processes that a test starts, each writing its output to a log file of its own, and all
 * of them stopped by {@link #close()}, or at the latest when the test JVM ends.
 */
final class LaunchedProcesses implements AutoCloseable {

	private static final int LOG_TAIL_LINES = 40;

	/** The WebSocket URLs in the banner of the standalone simulator. */
	private static final Pattern WEBSOCKET_URLS = Pattern
		.compile("--tradovate\\.websocket\\.url=(\\S+)\\s+--tradovate\\.websocket\\.market-data-url=(\\S+)");

	private final Path directory;

	private final Map<String, Process> processes = new LinkedHashMap<>();

	private final Thread shutdownHook = new Thread(this::killAll, "launched-processes-shutdown");

	LaunchedProcesses(Path directory) {
		this.directory = directory;
		Runtime.getRuntime().addShutdownHook(this.shutdownHook);
	}

	/**
	 * Start a process.
	 * @param name a name for the process and its log file, unique among these processes
	 * @param command the command and its arguments
	 * @param environment variables to add to this process' environment
	 * @return the process
	 */
	synchronized Process start(String name, List<String> command, Map<String, String> environment) {
		if (this.processes.containsKey(name)) {
			throw new IllegalArgumentException("A process named '" + name + "' was started already");
		}
		ProcessBuilder builder = new ProcessBuilder(command).directory(this.directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(logFile(name).toFile());
		builder.environment().putAll(environment);
		try {
			Process process = builder.start();
			this.processes.put(name, process);
			return process;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + name + " with " + command.get(0), ex);
		}
	}

	/**
	 * Stop one process, as a deployment stops it, and wait until it has ended.
	 * @param name the name of the process
	 */
	synchronized void stop(String name) {
		Process process = this.processes.get(name);
		if (process == null) {
			throw new IllegalArgumentException("No process named '" + name + "' was started");
		}
		process.destroy();
		try {
			if (!process.waitFor(20, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
		}
	}

	/**
	 * Return what a process printed so far.
	 * @param name the name of the process
	 * @return its output
	 */
	String output(String name) {
		try {
			return Files.readString(logFile(name), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "";
		}
	}

	/**
	 * Return the last lines that every process printed, and whether it still runs, for
	 * the report of a failed test.
	 * @return the description
	 */
	synchronized String describe() {
		StringBuilder description = new StringBuilder();
		this.processes.forEach((name, process) -> {
			List<String> lines = output(name).lines().toList();
			description.append("--- ")
				.append(name)
				.append(process.isAlive() ? " (running)" : " (exited with " + process.exitValue() + ")")
				.append(", last lines of ")
				.append(logFile(name))
				.append(":\n");
			lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size())
				.forEach((line) -> description.append(line).append('\n'));
		});
		return description.toString();
	}

	/**
	 * Stop every process: ask it to stop, and kill it when it does not within a few
	 * seconds.
	 */
	@Override
	public synchronized void close() {
		List<Process> running = new ArrayList<>(this.processes.values());
		running.forEach(Process::destroy);
		for (Process process : running) {
			try {
				if (!process.waitFor(10, TimeUnit.SECONDS)) {
					process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				process.destroyForcibly();
			}
		}
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// The JVM is shutting down already, and the hook kills what is left.
		}
	}

	private void killAll() {
		this.processes.values().forEach(Process::destroyForcibly);
	}

	private Path logFile(String name) {
		return this.directory.resolve(name + ".log");
	}

	/**
	 * Return a port on 127.0.0.1 that was free a moment ago.
	 * @return the port
	 */
	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Return the path of a file that the build names in a system property.
	 * @param property the system property
	 * @return the path of the file
	 * @throws IllegalStateException when the property is missing or the file does not
	 * exist
	 */
	static Path builtFile(String property) {
		String value = System.getProperty(property);
		if (value == null || !Files.isRegularFile(Path.of(value))) {
			throw new IllegalStateException("System property '" + property + "' must name a built jar, but was '"
					+ value + "': run this test through './mvnw verify', which packages the jars first");
		}
		return Path.of(value);
	}

	/**
	 * Start the standalone simulator, named {@code simulator}, and wait for its banner.
	 * @param tokenLifetime how long its tokens live
	 * @return where it listens
	 */
	Simulator startSimulator(Duration tokenLifetime) {
		int port = freePort();
		start("simulator", List.of(java(), "-XX:TieredStopAtLevel=1", "-jar", builtFile("simulator.jar").toString(),
				"--port=" + port, "--token-lifetime=" + tokenLifetime.toSeconds() + "s"), Map.of());
		Matcher[] found = new Matcher[1];
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
			found[0] = WEBSOCKET_URLS.matcher(output("simulator"));
			return found[0].find();
		});
		return new Simulator(port, found[0].group(1), found[0].group(2));
	}

	/**
	 * Return the {@code java} command of the JVM that runs the tests.
	 * @return the command
	 */
	static String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	/**
	 * Return a client for a launched application on 127.0.0.1 that hands error statuses
	 * back as responses: a health of DOWN answers 503 with the same body.
	 * @param port the application's port
	 * @return the client
	 */
	static RestClient localClient(int port) {
		return RestClient.builder()
			.baseUrl("http://127.0.0.1:" + port)
			.defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
			})
			.build();
	}

	/**
	 * Return the details of a health component, as Actuator renders them.
	 * @param health the component's JSON
	 * @return its details
	 */
	@SuppressWarnings("unchecked")
	static Map<String, Object> details(Map<String, Object> health) {
		return (Map<String, Object>) health.get("details");
	}

	/**
	 * Where a standalone simulator listens.
	 *
	 * @param port the port of its REST API
	 * @param webSocketUrl the URL of its trading WebSocket
	 * @param marketDataUrl the URL of its market data WebSocket
	 */
	record Simulator(int port, String webSocketUrl, String marketDataUrl) {

		String baseUrl() {
			return "http://127.0.0.1:" + this.port + "/v1";
		}

	}

}
