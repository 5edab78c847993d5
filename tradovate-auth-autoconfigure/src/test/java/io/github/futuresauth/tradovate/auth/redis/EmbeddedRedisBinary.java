package io.github.futuresauth.tradovate.auth.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The {@code redis-server} binaries that the Maven Central artifact
 * {@code com.github.codemonstur:embedded-redis} carries as class path resources: only its
 * binaries are used, not its Java API.
 */
final class EmbeddedRedisBinary {

	private EmbeddedRedisBinary() {
	}

	/**
	 * Return the resource that holds the binary for an operating system and architecture.
	 * @param osName the value of {@code os.name}
	 * @param osArch the value of {@code os.arch}
	 * @return the resource name, or {@code null} when there is none
	 */
	static @Nullable String resourceName(String osName, String osArch) {
		String os = osName.toLowerCase(Locale.ROOT);
		String arch = osArch.toLowerCase(Locale.ROOT);
		boolean amd64 = arch.equals("amd64") || arch.equals("x86_64");
		boolean arm64 = arch.equals("aarch64") || arch.equals("arm64");
		if (os.contains("linux")) {
			return amd64 ? "redis-server-6.2.6-v5-linux-amd64" : arm64 ? "redis-server-6.2.7-linux-arm64"
					: (arch.equals("x86") || arch.equals("i386")) ? "redis-server-6.2.7-linux-386" : null;
		}
		if (os.contains("mac")) {
			return amd64 ? "redis-server-6.2.6-v5-darwin-amd64" : arm64 ? "redis-server-6.2.6-v5-darwin-arm64" : null;
		}
		if (os.contains("windows") && amd64) {
			return "redis-server-5.0.14.1-windows-amd64.exe";
		}
		return null;
	}

	/**
	 * Extract the binary for this machine into a directory, unless an earlier run did,
	 * and make it executable.
	 * @param osName the value of {@code os.name}
	 * @param osArch the value of {@code os.arch}
	 * @param directory where to put it
	 * @return the executable
	 * @throws IllegalStateException when there is no binary for this machine
	 */
	static Path extract(String osName, String osArch, Path directory) {
		String name = resourceName(osName, osArch);
		InputStream resource = (name != null) ? EmbeddedRedisBinary.class.getResourceAsStream("/" + name) : null;
		if (resource == null) {
			throw new IllegalStateException("redis-server is not on the PATH, and embedded-redis has no binary for "
					+ osName + " on " + osArch + ((name != null) ? " on the class path" : "")
					+ ": the Redis token store is tested against a real Redis. Install Redis, for example with"
					+ " 'apt-get install redis-server', and run the tests again");
		}
		Path executable = directory.resolve(name).toAbsolutePath();
		try (InputStream input = resource) {
			if (Files.isExecutable(executable)) {
				return executable;
			}
			Files.createDirectories(directory);
			// Into a file of its own first, so that test processes that extract at the
			// same time never run a half-written binary.
			Path partial = Files.createTempFile(directory, name, ".partial");
			Files.copy(input, partial, StandardCopyOption.REPLACE_EXISTING);
			if (!partial.toFile().setExecutable(true)) {
				throw new IllegalStateException("Could not make " + partial + " executable");
			}
			Files.move(partial, executable, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			return executable;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not extract redis-server to " + directory, ex);
		}
	}

}
