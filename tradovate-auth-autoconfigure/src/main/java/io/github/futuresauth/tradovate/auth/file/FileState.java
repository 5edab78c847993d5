package io.github.futuresauth.tradovate.auth.file;

import io.github.futuresauth.tradovate.auth.AccessToken;
import io.github.futuresauth.tradovate.auth.AuthLedger;
import org.jspecify.annotations.Nullable;

/**
 * What a store file holds, encrypted: the token and its version, the ledger, and the
 * lease (owner, fencing number, until when, and whether its holder keeps the file lock).
 * Never the password or the API secret.
 *
 * @param serial how many times the file was written, counted from the clock when it was
 * created, so that a copy in memory is never replaced by an older one
 * @param versions the greatest version ever given to a token in this file
 * @param version the version of {@code token}, {@code 0} when there is none
 * @param token the token, or {@code null}
 * @param ledger the ledger
 * @param fence the fencing number of the latest lease granted
 * @param leaseOwner who holds the lease, or {@code null} when it is free
 * @param leaseProcess an id of the process of the lease's holder, unique per process
 * (process ids repeat: every container's first process is 1)
 * @param leaseUntil when the lease ends unless renewed, in epoch milliseconds
 * @param leaseLocked whether the holder keeps the lock file's lease lock, which the
 * system drops when its process ends
 */
record FileState(long serial, long versions, long version, @Nullable AccessToken token, @Nullable AuthLedger ledger,
		long fence, @Nullable String leaseOwner, @Nullable String leaseProcess, long leaseUntil, boolean leaseLocked) {

	/** The state of a file that does not exist yet: counters start from the clock. */
	static FileState empty(long seed) {
		return new FileState(seed, seed, 0, null, AuthLedger.EMPTY, seed, null, null, 0, false);
	}

	FileState nextSerial() {
		return new FileState(this.serial + 1, this.versions, this.version, this.token, this.ledger, this.fence,
				this.leaseOwner, this.leaseProcess, this.leaseUntil, this.leaseLocked);
	}

	AuthLedger ledgerOrEmpty() {
		return (this.ledger != null) ? this.ledger : AuthLedger.EMPTY;
	}

	FileState withToken(long version, @Nullable AccessToken token) {
		return new FileState(this.serial, Math.max(this.versions, version), version, token, this.ledger, this.fence,
				this.leaseOwner, this.leaseProcess, this.leaseUntil, this.leaseLocked);
	}

	FileState withLedger(AuthLedger ledger) {
		return new FileState(this.serial, this.versions, this.version, this.token, ledger, this.fence, this.leaseOwner,
				this.leaseProcess, this.leaseUntil, this.leaseLocked);
	}

	FileState withLease(long fence, @Nullable String owner, @Nullable String process, long until, boolean locked) {
		return new FileState(this.serial, this.versions, this.version, this.token, this.ledger, fence, owner, process,
				until, locked);
	}

}
