package io.github.futuresauth.tradovate.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.springframework.util.FileSystemUtils;

/**
 * A {@code redis-server} process of the benchmark's own, on a free port of 127.0.0.1,
 * without persistence, in a temporary directory; and the number of commands it has
 * processed, read with {@code INFO stats} over a connection of its own.
 */
final class RedisProcess implements AutoCloseable {

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

	private static final String COMMANDS_PROCESSED = "total_commands_processed:";

	private final Path directory;

	private final int port;

	private final Process process;

	private long infoCommands;

	private RedisProcess(Path directory, int port, Process process) {
		this.directory = directory;
		this.port = port;
		this.process = process;
	}

	/**
	 * Start {@code redis-server} on a free port and wait until it answers.
	 * @return the running server
	 * @throws IllegalStateException when {@code redis-server} is not installed or does
	 * not start
	 */
	static RedisProcess start() {
		String executable = findExecutable();
		try {
			Path directory = Files.createTempDirectory("benchmark-redis");
			int port = freePort();
			ProcessBuilder builder = new ProcessBuilder(executable, "--port", Integer.toString(port), "--bind",
					"127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory.toString(), "--daemonize", "no",
					"--logfile", "");
			builder.redirectErrorStream(true);
			builder.redirectOutput(directory.resolve("redis.log").toFile());
			Process process = builder.start();
			// Should the JVM end without closing the server, take the server along.
			Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
			RedisProcess redis = new RedisProcess(directory, port, process);
			redis.awaitAnswer();
			return redis;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Return the port that the server listens on.
	 * @return the port
	 */
	int getPort() {
		return this.port;
	}

	/**
	 * Return how many commands the server has processed, other than the {@code INFO}
	 * commands that this method sent.
	 * @return the number of commands
	 */
	synchronized long commandsProcessed() {
		String info = (String) command("INFO", "stats");
		long processed = info.lines()
			.filter((line) -> line.startsWith(COMMANDS_PROCESSED))
			.mapToLong((line) -> Long.parseLong(line.substring(COMMANDS_PROCESSED.length()).trim()))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("INFO stats has no " + COMMANDS_PROCESSED));
		// The count includes every earlier INFO of this method, but not this one.
		long own = this.infoCommands;
		this.infoCommands++;
		return processed - own;
	}

	@Override
	public void close() {
		this.process.destroyForcibly();
		try {
			this.process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		FileSystemUtils.deleteRecursively(this.directory.toFile());
	}

	private void awaitAnswer() {
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		while (true) {
			try {
				if ("PONG".equals(command("PING"))) {
					return;
				}
			}
			catch (UncheckedIOException ex) {
				if (!this.process.isAlive() || System.nanoTime() > deadline) {
					String log = readLog();
					close();
					throw new IllegalStateException("redis-server did not start on port " + this.port + ": " + log, ex);
				}
			}
			// The process needs a few milliseconds to listen.
			LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
		}
	}

	private Object command(String... arguments) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port),
					(int) COMMAND_TIMEOUT.toMillis());
			socket.setSoTimeout((int) COMMAND_TIMEOUT.toMillis());
			StringBuilder request = new StringBuilder("*").append(arguments.length).append("\r\n");
			for (String argument : arguments) {
				request.append('$')
					.append(argument.getBytes(StandardCharsets.UTF_8).length)
					.append("\r\n")
					.append(argument)
					.append("\r\n");
			}
			OutputStream output = socket.getOutputStream();
			output.write(request.toString().getBytes(StandardCharsets.UTF_8));
			output.flush();
			return readReply(socket.getInputStream());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Object readReply(InputStream input) throws IOException {
		String line = readLine(input);
		String rest = line.substring(1);
		switch (line.charAt(0)) {
			case '+':
				return rest;
			case '-':
				throw new IllegalStateException("Redis answered: " + rest);
			case '$':
				int length = Integer.parseInt(rest);
				if (length < 0) {
					throw new IllegalStateException("Redis answered no value");
				}
				byte[] bytes = input.readNBytes(length + 2);
				return new String(bytes, 0, length, StandardCharsets.UTF_8);
			default:
				throw new IllegalStateException("Unexpected reply from Redis: " + line);
		}
	}

	private static String readLine(InputStream input) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int previous = -1;
		int current;
		while ((current = input.read()) != -1) {
			if (previous == '\r' && current == '\n') {
				byte[] bytes = line.toByteArray();
				return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
			}
			line.write(current);
			previous = current;
		}
		throw new IOException("Redis closed the connection");
	}

	private String readLog() {
		try {
			return Files.readString(this.directory.resolve("redis.log"));
		}
		catch (IOException ex) {
			return "(no log)";
		}
	}

	private static String findExecutable() {
		String path = System.getenv("PATH");
		List<String> directories = new ArrayList<>(
				(path != null) ? List.of(path.split(File.pathSeparator)) : List.of());
		directories.addAll(List.of("/usr/bin", "/usr/local/bin", "/usr/sbin"));
		return findExecutable(directories);
	}

	static String findExecutable(List<String> directories) {
		for (String directory : directories) {
			File candidate = new File(directory, "redis-server");
			if (candidate.isFile() && candidate.canExecute()) {
				return candidate.getAbsolutePath();
			}
		}
		throw new IllegalStateException("redis-server is not installed on this machine: the fleet benchmark"
				+ " measures a fleet that shares its token through a real Redis. Install it, for example with"
				+ " 'apt-get install redis-server', or put it on the PATH, and run the benchmark again");
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
