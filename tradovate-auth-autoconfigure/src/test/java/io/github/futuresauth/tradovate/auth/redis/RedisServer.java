package io.github.futuresauth.tradovate.auth.redis;

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

import org.jspecify.annotations.Nullable;

import org.springframework.util.FileSystemUtils;

/**
 * A {@code redis-server} process on a free port of 127.0.0.1, without persistence, in a
 * temporary directory, for tests that need a real Redis and that kill, pause and restart
 * it.
 */
public final class RedisServer implements AutoCloseable {

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(10);

	private final Path directory;

	private final int port;

	private @Nullable Process process;

	private RedisServer(Path directory, int port) {
		this.directory = directory;
		this.port = port;
	}

	/**
	 * Start a server on a free port.
	 * @return the running server
	 * @throws IllegalStateException when {@code redis-server} is not installed
	 */
	public static RedisServer start() {
		String executable = findExecutable();
		try {
			RedisServer server = new RedisServer(Files.createTempDirectory("redis-test"), freePort());
			server.launch(executable);
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Return the port that the server listens on, also after a restart.
	 * @return the port
	 */
	public int getPort() {
		return this.port;
	}

	/**
	 * Return the process id of the running server.
	 * @return the pid
	 */
	public long getPid() {
		return runningProcess().pid();
	}

	/**
	 * Kill the server with {@code SIGKILL}, losing everything it held.
	 */
	public void kill() {
		Process process = runningProcess();
		process.destroyForcibly();
		try {
			process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.process = null;
	}

	/**
	 * Start the server again, empty, on the same port, after {@link #kill()}.
	 */
	public void restart() {
		if (this.process != null) {
			kill();
		}
		launch(findExecutable());
	}

	/**
	 * Stop the process with {@code SIGSTOP}: it keeps its connections but answers
	 * nothing.
	 */
	public void pause() {
		signal("-STOP");
	}

	/**
	 * Let a process stopped by {@link #pause()} go on with {@code SIGCONT}.
	 */
	public void resume() {
		signal("-CONT");
	}

	/**
	 * Send {@code CLIENT PAUSE} to the server: it holds every client's commands for that
	 * long.
	 * @param duration how long
	 */
	public void clientPause(Duration duration) {
		command("CLIENT", "PAUSE", Long.toString(duration.toMillis()));
	}

	/**
	 * Remove every key.
	 */
	public void flushAll() {
		command("FLUSHALL");
	}

	/**
	 * Send a command over a connection of its own and return the reply: a {@code String},
	 * a {@code Long}, {@code null} or a {@code List} of those.
	 * @param arguments the command and its arguments
	 * @return the reply
	 */
	public @Nullable Object command(String... arguments) {
		return command(Duration.ofSeconds(5), arguments);
	}

	/**
	 * Return whether the server answers a {@code PING} within the given time.
	 * @param timeout how long to wait for the answer
	 * @return whether it answered
	 */
	public boolean isAnswering(Duration timeout) {
		try {
			return "PONG".equals(command(timeout, "PING"));
		}
		catch (UncheckedIOException ex) {
			return false;
		}
	}

	private @Nullable Object command(Duration timeout, String... arguments) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port),
					(int) timeout.toMillis());
			socket.setSoTimeout((int) timeout.toMillis());
			OutputStream output = socket.getOutputStream();
			StringBuilder request = new StringBuilder("*").append(arguments.length).append("\r\n");
			for (String argument : arguments) {
				byte[] bytes = argument.getBytes(StandardCharsets.UTF_8);
				request.append('$').append(bytes.length).append("\r\n").append(argument).append("\r\n");
			}
			output.write(request.toString().getBytes(StandardCharsets.UTF_8));
			output.flush();
			return readReply(socket.getInputStream());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Return every key and its value (strings, and hashes as lists of fields and values).
	 * @return the keys and values, as text
	 */
	public List<String> dump() {
		List<String> entries = new ArrayList<>();
		for (Object key : (List<?>) command("KEYS", "*")) {
			String name = (String) key;
			String type = (String) command("TYPE", name);
			Object value = switch (type) {
				case "string" -> command("GET", name);
				case "hash" -> command("HGETALL", name);
				default -> type;
			};
			entries.add(name + "=" + value);
		}
		return entries;
	}

	@Override
	public void close() {
		if (this.process != null) {
			resume();
			kill();
		}
		FileSystemUtils.deleteRecursively(this.directory.toFile());
	}

	private void launch(String executable) {
		ProcessBuilder builder = new ProcessBuilder(executable, "--port", Integer.toString(this.port), "--bind",
				"127.0.0.1", "--save", "", "--appendonly", "no", "--dir", this.directory.toString(), "--daemonize",
				"no", "--logfile", "");
		builder.redirectErrorStream(true);
		builder.redirectOutput(this.directory.resolve("redis.log").toFile());
		Process process;
		try {
			process = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.process = process;
		// Should the test JVM end without closing the server, take the server along.
		Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		while (true) {
			try {
				if ("PONG".equals(command("PING"))) {
					return;
				}
			}
			catch (UncheckedIOException ex) {
				if (!process.isAlive() || System.nanoTime() > deadline) {
					throw new IllegalStateException(
							"redis-server did not start on port " + this.port + ": " + readLog(), ex);
				}
			}
			// The process needs a few milliseconds to listen: poll for it without
			// spinning a core.
			LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
		}
	}

	private String readLog() {
		try {
			return Files.readString(this.directory.resolve("redis.log"));
		}
		catch (IOException ex) {
			return "(no log)";
		}
	}

	private Process runningProcess() {
		Process process = this.process;
		if (process == null) {
			throw new IllegalStateException("redis-server is not running");
		}
		return process;
	}

	private void signal(String signal) {
		try {
			Process kill = new ProcessBuilder("kill", signal, Long.toString(getPid())).inheritIO().start();
			if (kill.waitFor() != 0) {
				throw new IllegalStateException("kill " + signal + " failed");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String findExecutable() {
		String path = System.getenv("PATH");
		List<String> directories = new ArrayList<>(
				(path != null) ? List.of(path.split(File.pathSeparator)) : List.of());
		directories.addAll(List.of("/usr/bin", "/usr/local/bin", "/usr/sbin"));
		return findExecutable(directories, "true".equalsIgnoreCase(System.getenv("CI")));
	}

	static String findExecutable(List<String> directories, boolean ci) {
		for (String directory : directories) {
			File candidate = new File(directory, "redis-server");
			if (candidate.isFile() && candidate.canExecute()) {
				return candidate.getAbsolutePath();
			}
		}
		String where = ci ? "on the CI machine (.ci/run installs it when it runs as root)" : "on this machine";
		throw new IllegalStateException("redis-server is not installed " + where
				+ ": the Redis token store is tested against a real Redis. Install it, for example with"
				+ " 'apt-get install redis-server', and run the tests again");
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private static @Nullable Object readReply(InputStream input) throws IOException {
		String line = readLine(input);
		char type = line.charAt(0);
		String rest = line.substring(1);
		switch (type) {
			case '+':
				return rest;
			case '-':
				throw new IllegalStateException("Redis answered: " + rest);
			case ':':
				return Long.parseLong(rest);
			case '$': {
				int length = Integer.parseInt(rest);
				if (length < 0) {
					return null;
				}
				byte[] bytes = input.readNBytes(length + 2);
				return new String(bytes, 0, length, StandardCharsets.UTF_8);
			}
			case '*': {
				int count = Integer.parseInt(rest);
				if (count < 0) {
					return null;
				}
				List<@Nullable Object> elements = new ArrayList<>(count);
				for (int i = 0; i < count; i++) {
					elements.add(readReply(input));
				}
				return elements;
			}
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

}
