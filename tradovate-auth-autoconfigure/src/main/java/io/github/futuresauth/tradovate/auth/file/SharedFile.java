package io.github.futuresauth.tradovate.auth.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * What every {@link FileTokenStore} of one file in this JVM shares: the lock file's one
 * channel, and who in this JVM holds the lease.
 * <p>
 * The system grants file locks to a process, not a thread: a second lock on the same
 * region from the same JVM fails with {@code OverlappingFileLockException}, and closing
 * any channel of the file drops every lock the JVM has on it. So the stores of one file
 * share one channel, and arbitrate among themselves in this JVM before they ask the
 * system. Byte 0 of the lock file is the lease lock, held for as long as the lease; byte
 * 1 the transaction lock, held while the file is read and rewritten.
 */
final class SharedFile {

	private static final Map<Path, SharedFile> files = new HashMap<>();

	private final Path lockFile;

	private final FileChannel channel;

	private final List<FileTokenStore> stores = new CopyOnWriteArrayList<>();

	private @Nullable FileLock leaseLock;

	private @Nullable String localOwner;

	private long localFence;

	private long localUntilNanos;

	private SharedFile(Path lockFile, FileChannel channel) {
		this.lockFile = lockFile;
		this.channel = channel;
	}

	static SharedFile open(Path file, FileTokenStore store) {
		Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
		synchronized (files) {
			SharedFile shared = files.get(lockFile);
			if (shared == null) {
				shared = new SharedFile(lockFile, openChannel(lockFile));
				files.put(lockFile, shared);
			}
			shared.stores.add(store);
			return shared;
		}
	}

	private static FileChannel openChannel(Path lockFile) {
		try {
			if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
				FileAttribute<?> ownerOnly = PosixFilePermissions
					.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
				return FileChannel.open(lockFile,
						java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE),
						ownerOnly);
			}
			return FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
					StandardOpenOption.WRITE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not open the lock file " + lockFile, ex);
		}
	}

	void close(FileTokenStore store) {
		synchronized (files) {
			this.stores.remove(store);
			if (this.stores.isEmpty()) {
				files.remove(this.lockFile);
				try {
					this.channel.close();
				}
				catch (IOException ex) {
					// Closing drops the locks, which is all that is needed.
				}
			}
		}
	}

	List<FileTokenStore> stores() {
		return this.stores;
	}

	/**
	 * Run a read and rewrite of the file while no other thread of this JVM, and no other
	 * process, does one. Callers synchronize on this object.
	 */
	<T> T transaction(Supplier<T> body) {
		FileLock lock;
		try {
			lock = this.channel.lock(1, 1, false);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not lock " + this.lockFile, ex);
		}
		try {
			return body.get();
		}
		finally {
			try {
				lock.release();
			}
			catch (IOException ex) {
				// The channel was closed, which released it.
			}
		}
	}

	/**
	 * Whether the given owner may take the lease as far as this JVM is concerned: no
	 * other owner here holds it, or its lease has run out. Callers synchronize on this
	 * object.
	 */
	boolean mayTake(String owner) {
		return this.localOwner == null || this.localOwner.equals(owner)
				|| System.nanoTime() - this.localUntilNanos >= 0;
	}

	/**
	 * Take the system's lease lock for this JVM, unless it has it already.
	 * @return whether this JVM holds it
	 */
	boolean lockLease() {
		if (this.leaseLock != null && this.leaseLock.isValid()) {
			return true;
		}
		try {
			this.leaseLock = this.channel.tryLock(0, 1, false);
		}
		catch (IOException ex) {
			this.leaseLock = null;
		}
		return this.leaseLock != null;
	}

	void granted(String owner, long fence, long ttlNanos) {
		this.localOwner = owner;
		this.localFence = fence;
		this.localUntilNanos = System.nanoTime() + ttlNanos;
	}

	/**
	 * Forget the lease of this JVM when it is the given grant, and drop the system's lock
	 * unless another owner here holds the lease.
	 */
	void released(String owner, long fence) {
		if (owner.equals(this.localOwner) && fence == this.localFence) {
			this.localOwner = null;
		}
		if (this.localOwner == null && this.leaseLock != null) {
			try {
				this.leaseLock.release();
			}
			catch (IOException ex) {
				// The channel was closed, which released it.
			}
			this.leaseLock = null;
		}
	}

	boolean holdsLeaseLock() {
		return this.leaseLock != null && this.leaseLock.isValid();
	}

	Path lockFile() {
		return this.lockFile;
	}

}
