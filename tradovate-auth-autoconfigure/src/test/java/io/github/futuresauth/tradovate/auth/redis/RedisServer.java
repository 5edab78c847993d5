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
 * it, and for the benchmarks, which count the commands it processed.
 * <p>
 * The executable is the {@code redis-server} on the {@code PATH} when there is one, so
 * that a machine with Redis installed tests against its Redis. Otherwise it is the real
 * Redis 6.2 binary that the Maven Central artifact
 * {@code com.github.codemonstur:embedded-redis} ships for Linux and macOS (and Redis 5
 * for Windows), extracted once under {@code target/embedded-redis}, so that
 * {@code ./mvnw verify} passes on a machine that has nothing but a JDK. Either way it is
 * a real server process: no in-process fake.
 */
public final class RedisServer implements AutoCloseable {

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(10);

	private static final String COMMANDS_PROCESSED = "total_commands_processed:";

	/**
	 * Where the binary of {@code embedded-redis} is extracted to, relative to the working
	 * directory: the module's directory when Maven runs the tests.
	 */
	static final Path EXTRACTED_DIRECTORY = Path.of("target", "embedded-redis");

	private final String executable;

	private final Path directory;

	private final int port;

	private @Nullable Process process;

	private long infoCommands;

	private RedisServer(String executable, Path directory, int port) {
		this.executable = executable;
		this.directory = directory;
		this.port = port;
	}

	/**
	 * Start a server on a free port.
	 * @return the running server
	 * @throws IllegalStateException when there is no {@code redis-server} for this
	 * machine
	 */
	public static RedisServer start() {
		return start(findExecutable());
	}

	/**
	 * Start the given executable on a free port.
	 * @param executable the path of {@code redis-server}
	 * @return the running server
	 */
	static RedisServer start(String executable) {
		try {
			RedisServer server = new RedisServer(executable, Files.createTempDirectory("redis-test"), freePort());
			server.launch();
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
		launch();
	}

	/**
	 * Return how many commands the server has processed, other than the {@code INFO}
	 * commands that this method sent.
	 * @return the number of commands
	 */
	public synchronized long commandsProcessed() {
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

	private void launch() {
		ProcessBuilder builder = new ProcessBuilder(this.executable, "--port", Integer.toString(this.port), "--bind",
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
		return findExecutable((path != null) ? List.of(path.split(File.pathSeparator)) : List.of(),
				EXTRACTED_DIRECTORY);
	}

	/**
	 * Return the {@code redis-server} on the given path, or else the one of
	 * {@code embedded-redis}, extracted into the given directory.
	 * @param path the directories of the {@code PATH}
	 * @param extractedDirectory where to extract the binary of {@code embedded-redis}
	 * @return the executable
	 * @throws IllegalStateException when neither has one for this machine
	 */
	static String findExecutable(List<String> path, Path extractedDirectory) {
		for (String directory : path) {
			File candidate = new File(directory, "redis-server");
			if (candidate.isFile() && candidate.canExecute()) {
				return candidate.getAbsolutePath();
			}
		}
		return EmbeddedRedisBinary
			.extract(System.getProperty("os.name"), System.getProperty("os.arch"), extractedDirectory)
			.toString();
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
