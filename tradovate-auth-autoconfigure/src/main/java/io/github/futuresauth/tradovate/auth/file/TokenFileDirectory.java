package io.github.futuresauth.tradovate.auth.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The default directory of token files: one that outlives the process.
 * {@code .tradovate/sessions} in the user's home directory, or, where that cannot be
 * written (a read-only home, a container user without one),
 * {@code tradovate-<user>/sessions} in the temporary directory, with a warning, since a
 * temporary directory may be emptied at a reboot.
 */
public final class TokenFileDirectory {

	private static final Log logger = LogFactory.getLog(TokenFileDirectory.class);

	private TokenFileDirectory() {
	}

	/**
	 * Return the default directory of this JVM's user, created if needed.
	 * @return the directory
	 */
	public static Path resolve() {
		return resolve(Path.of(System.getProperty("user.home")), Path.of(System.getProperty("java.io.tmpdir")),
				System.getProperty("user.name"));
	}

	/**
	 * Return the directory under the given home, or, when it cannot be written, under the
	 * given temporary directory, created if needed.
	 * @param home the user's home directory
	 * @param temporary the temporary directory
	 * @param user the user's name, which keeps users of one temporary directory apart
	 * @return the directory
	 * @throws UncheckedIOException when neither can be written
	 */
	public static Path resolve(Path home, Path temporary, String user) {
		Path preferred = home.resolve(".tradovate").resolve("sessions");
		IOException failure = writable(preferred);
		if (failure == null) {
			return preferred;
		}
		Path fallback = temporary.resolve("tradovate-" + user.replaceAll("[^A-Za-z0-9._-]", "_")).resolve("sessions");
		IOException fallbackFailure = writable(fallback);
		if (fallbackFailure != null) {
			throw new UncheckedIOException("Neither " + preferred + " nor " + fallback
					+ " can be written for the Tradovate token file: set tradovate.store.directory to a writable"
					+ " directory, or tradovate.store.type=memory", fallbackFailure);
		}
		logger.warn("Cannot write the Tradovate token file to " + preferred + " (" + failure.getMessage()
				+ "); keeping it in " + fallback + ", which may not outlive a reboot. Set tradovate.store.directory"
				+ " to keep it elsewhere");
		return fallback;
	}

	private static @Nullable IOException writable(Path directory) {
		try {
			SealedFile.createDirectory(directory);
			Path probe = Files.createTempFile(directory, ".probe", ".tmp");
			Files.delete(probe);
			return null;
		}
		catch (IOException ex) {
			return ex;
		}
		catch (UncheckedIOException ex) {
			return ex.getCause();
		}
	}

}
