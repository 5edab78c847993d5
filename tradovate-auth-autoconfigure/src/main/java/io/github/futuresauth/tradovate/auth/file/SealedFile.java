package io.github.futuresauth.tradovate.auth.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import io.github.futuresauth.tradovate.auth.TradovateCredentials;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The encrypted file of a {@link FileTokenStore}: reads it, writes it owner-only and
 * atomically (a new file moved over the old one), and sets aside one that cannot be read.
 */
final class SealedFile {

	private static final Log logger = LogFactory.getLog(FileTokenStore.class);

	private static final JsonMapper jsonMapper = JsonMapper.builder().build();

	private static final DateTimeFormatter ASIDE_SUFFIX = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")
		.withZone(ZoneOffset.UTC);

	private final Path file;

	private final TradovateCredentials credentials;

	private final String context;

	private volatile @Nullable FileEncryption encryption;

	final AtomicLong setAside = new AtomicLong();

	final AtomicLong errors = new AtomicLong();

	SealedFile(Path file, String environment, TradovateCredentials credentials) {
		this.file = file;
		this.credentials = credentials;
		this.context = environment.toLowerCase(Locale.ROOT) + "\n" + credentials.name() + "\n"
				+ Objects.requireNonNullElse(credentials.cid(), "");
	}

	Path path() {
		return this.file;
	}

	/**
	 * Read the file, setting it aside when it cannot be read with these credentials. Only
	 * a writer, under the transaction lock, does so.
	 * @return the state, empty when there is no file
	 */
	FileState readOrSetAside() {
		byte[] content;
		try {
			content = Files.readAllBytes(this.file);
		}
		catch (NoSuchFileException ex) {
			return FileState.empty(seed());
		}
		catch (IOException ex) {
			this.errors.incrementAndGet();
			throw new UncheckedIOException("Could not read " + this.file, ex);
		}
		try {
			return decode(content);
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			setAside();
			return FileState.empty(seed());
		}
	}

	/**
	 * Read the file.
	 * @return the state, empty when there is no file
	 * @throws IOException when it cannot be read
	 * @throws GeneralSecurityException when it cannot be decrypted with these credentials
	 */
	FileState read() throws IOException, GeneralSecurityException {
		try {
			return decode(Files.readAllBytes(this.file));
		}
		catch (NoSuchFileException ex) {
			return FileState.empty(seed());
		}
	}

	private void setAside() {
		Path aside = this.file.resolveSibling(this.file.getFileName() + ".unreadable-"
				+ ASIDE_SUFFIX.format(Instant.now()) + "-" + UUID.randomUUID().toString().substring(0, 4));
		try {
			Files.move(this.file, aside, StandardCopyOption.ATOMIC_MOVE);
			this.setAside.incrementAndGet();
			logger.warn("The Tradovate token file " + this.file + " cannot be read with the configured credentials"
					+ " (it was written under other credentials, or altered); moved it to " + aside.getFileName()
					+ " and starting without a stored token");
		}
		catch (IOException ex) {
			this.errors.incrementAndGet();
			throw new UncheckedIOException("Could not set aside the unreadable token file " + this.file, ex);
		}
	}

	private FileState decode(byte[] content) throws GeneralSecurityException {
		byte[] salt = FileEncryption.saltOf(content);
		if (salt == null) {
			throw new GeneralSecurityException("Not a token file");
		}
		FileEncryption encryption = this.encryption;
		if (encryption == null || !encryption.hasSalt(salt)) {
			// Derived once per file: another process that set a file aside wrote its
			// successor under a salt of its own.
			encryption = FileEncryption.derive(this.credentials, salt, this.context);
			this.encryption = encryption;
		}
		return jsonMapper.readValue(encryption.open(content), FileState.class);
	}

	/**
	 * Write the file: a new file, owner-only, moved over the old one, so that a reader
	 * never sees half of it.
	 */
	void write(FileState state) {
		FileEncryption encryption = this.encryption;
		if (encryption == null) {
			encryption = FileEncryption.create(this.credentials, this.context);
			this.encryption = encryption;
		}
		byte[] content = encryption.seal(jsonMapper.writeValueAsBytes(state));
		Path temp = null;
		try {
			temp = Files.createTempFile(this.file.getParent(), this.file.getFileName() + ".", ".tmp", ownerOnly());
			try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
				channel.write(ByteBuffer.wrap(content));
				channel.force(true);
			}
			Files.move(temp, this.file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			this.errors.incrementAndGet();
			if (temp != null) {
				try {
					Files.deleteIfExists(temp);
				}
				catch (IOException ignored) {
					// Left behind; harmless.
				}
			}
			logger.warn("Could not write the Tradovate token file " + this.file + ": " + ex);
			throw new UncheckedIOException("Could not write " + this.file, ex);
		}
	}

	/**
	 * Return what tells that the file changed, from its attributes alone.
	 * @return the stamp, or {@code null} when there is no file
	 */
	@Nullable Stamp stamp() {
		try {
			BasicFileAttributes attributes = Files.readAttributes(this.file, BasicFileAttributes.class);
			return new Stamp(attributes.fileKey(), attributes.lastModifiedTime().toMillis(), attributes.size());
		}
		catch (IOException ex) {
			return null;
		}
	}

	/** Counters of a file that is created start from the clock, so they never go back. */
	static long seed() {
		return Instant.now().toEpochMilli() * 1000;
	}

	/**
	 * Create a directory, and the ones above it, owner-only where they are new.
	 * @param directory the directory
	 */
	static void createDirectory(Path directory) {
		try {
			if (isPosix()) {
				Files.createDirectories(directory,
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
			}
			else {
				Files.createDirectories(directory);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not create the directory " + directory
					+ " for the Tradovate token file: set tradovate.store.directory to a writable one", ex);
		}
	}

	static FileAttribute<?>[] ownerOnly() {
		return isPosix()
				? new FileAttribute<?>[] {
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")) }
				: new FileAttribute<?>[0];
	}

	static boolean isPosix() {
		return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
	}

	@Override
	public String toString() {
		return this.file.toString();
	}

	/** What tells that the file changed: every write replaces it with a new one. */
	record Stamp(@Nullable Object key, long modified, long size) {

	}

}
