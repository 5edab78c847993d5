package io.github.futuresauth.tradovate.auth.file;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

/**
 * What a {@link FileTokenStore} has seen, for health checks and metrics. It holds no
 * secret.
 *
 * @param file the store's file
 * @param lockOwner who held the lease when the file was last read, {@code null} when
 * nobody did: a provider of this process or of another one on the same machine
 * @param holder whether a provider of this store holds the lease now
 * @param tokenVersion the version of the local copy of the token, {@code 0} when there is
 * none
 * @param leaseAcquisitions how many times this store granted the lease
 * @param takeovers how many of those grants followed a holder whose process had ended or
 * whose lease had run out
 * @param staleWritesRefused how many writes the store refused because they carried an
 * outdated version or lease
 * @param setAside how many unreadable files, or files of other credentials, this store
 * set aside
 * @param fileErrors how many reads or writes of the file failed
 */
public record FileStoreStatus(Path file, @Nullable String lockOwner, boolean holder, long tokenVersion,
		long leaseAcquisitions, long takeovers, long staleWritesRefused, long setAside, long fileErrors) {

}
