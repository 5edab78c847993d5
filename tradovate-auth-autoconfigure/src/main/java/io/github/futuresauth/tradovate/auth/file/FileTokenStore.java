package io.github.futuresauth.tradovate.auth.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.github.futuresauth.tradovate.auth.AccessToken;
import io.github.futuresauth.tradovate.auth.AuthLedger;
import io.github.futuresauth.tradovate.auth.Lease;
import io.github.futuresauth.tradovate.auth.StoredToken;
import io.github.futuresauth.tradovate.auth.TokenStore;
import io.github.futuresauth.tradovate.auth.TradovateCredentials;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.util.Assert;

/**
 * A {@link TokenStore} in a file, so that the token and the ledger outlive the process,
 * and processes that log in as the same user on one machine share them.
 * <p>
 * <b>What is kept</b>: the token with its version, the ledger (holds, the penalty ticket
 * and its owner, failed logins, renewals, checks, the last login) and the lease's owner
 * and fencing number; never the password or the API secret. The file is encrypted with
 * AES-GCM under a key derived from the credentials and a salt of the file's own (see
 * {@link #fileName}), created owner-only ({@code 0600}, its directory {@code 0700}), and
 * replaced atomically on every write. A file that cannot be read with these credentials
 * (written under others, altered, or not a store file) is renamed aside with a warning,
 * and the store starts afresh: it never fails to start because of its file.
 * <p>
 * <b>The lease</b> is the system's lock on byte 0 of {@code <file>.lock}, held as long as
 * the lease, so that it passes on at once when its holder's process ends; its owner, its
 * fencing number and until when it lasts are written into the file, and every write
 * checks them, so that a holder whose lease passed on cannot overwrite its successor. A
 * holder whose process stopped without ending (a debugger, {@code SIGSTOP}) keeps the
 * lock, and the lease is taken over once its time has run out. Reads and rewrites of the
 * file happen under a lock on byte 1. Stores of one file in one JVM share one channel and
 * arbitrate among themselves first: the system grants locks per process.
 * <p>
 * <b>Reads are local.</b> {@link #current()} and {@link #ledger()} return a copy in
 * memory and never touch the file. The store watches the file's size, time and identity
 * every poll interval, a cheap look at a small local file, and reads it only when it has
 * changed; a write by a store of the same file in this JVM is seen at once. A granted
 * lease comes with a fresh read.
 * <p>
 * Call {@link #start()} (a Spring container does) before use, and {@link #close()} when
 * done.
 */
public class FileTokenStore implements TokenStore, InitializingBean, DisposableBean, AutoCloseable {

	private static final Log logger = LogFactory.getLog(FileTokenStore.class);

	/** Identifies this JVM in the lease: process ids repeat across containers. */
	private static final String PROCESS = ProcessHandle.current().pid() + "-"
			+ Long.toHexString(ThreadLocalRandom.current().nextLong());

	private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._@-]");

	private static final AtomicInteger instances = new AtomicInteger();

	private final SealedFile file;

	private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

	private final Object applyMonitor = new Object();

	private Clock clock = Clock.systemUTC();

	private Duration pollInterval = Duration.ofSeconds(1);

	private volatile @Nullable StoredToken current;

	private volatile AuthLedger ledger = AuthLedger.EMPTY;

	private volatile @Nullable String lockOwner;

	private volatile boolean holder;

	private long appliedSerial = Long.MIN_VALUE;

	private volatile SealedFile.@Nullable Stamp seen;

	private @Nullable SharedFile shared;

	private @Nullable ScheduledExecutorService scheduler;

	private volatile boolean closed;

	private final AtomicBoolean refreshPending = new AtomicBoolean();

	private final AtomicLong leaseAcquisitions = new AtomicLong();

	private final AtomicLong takeovers = new AtomicLong();

	private final AtomicLong staleWritesRefused = new AtomicLong();

	/**
	 * Create a store in the given file.
	 * @param file the file, usually {@code directory.resolve(fileName(...))}
	 * @param environment the Tradovate environment, such as {@code demo}
	 * @param credentials the credentials the file's key is derived from; the store keeps
	 * them in memory only
	 */
	public FileTokenStore(Path file, String environment, TradovateCredentials credentials) {
		Assert.notNull(file, "file must not be null");
		Assert.hasText(environment, "The environment must not be empty");
		Assert.notNull(credentials, "credentials must not be null");
		this.file = new SealedFile(file.toAbsolutePath().normalize(), environment, credentials);
	}

	/**
	 * Return the name of the file for one environment and user, and API key when there is
	 * one, such as {@code demo-trader.session} or {@code demo-trader-4242.session}: one
	 * file per account that logs in. When the parts could be read in two ways (a user
	 * name with a {@code -} and no API key, a client id with a {@code -}) or hold a
	 * character unsafe in a file name, the name ends with a hash of the parts after a
	 * {@code ~}, such as {@code demo-a_b~1f0c...session}, so that two accounts never
	 * share a file.
	 * @param environment the Tradovate environment
	 * @param credentials the credentials
	 * @return the file name
	 */
	public static String fileName(String environment, TradovateCredentials credentials) {
		String lowerCase = environment.toLowerCase(Locale.ROOT);
		String cid = credentials.cid();
		String name = lowerCase + "-" + credentials.name() + ((cid != null) ? "-" + cid : "");
		String safe = UNSAFE.matcher(name).replaceAll("_");
		// Read from the last '-' back when there is a client id: the name may hold one.
		boolean plain = safe.equals(name) && lowerCase.indexOf('-') < 0
				&& ((cid != null) ? cid.indexOf('-') < 0 : credentials.name().indexOf('-') < 0);
		return (plain ? name : safe + "~" + hash(lowerCase, credentials.name(), cid)) + ".session";
	}

	/** A hash of the parts, each after its length, so that no two sets of parts meet. */
	private static String hash(String environment, String name, @Nullable String cid) {
		String joined = environment.length() + ":" + environment + name.length() + ":" + name
				+ ((cid != null) ? cid.length() + ":" + cid : "-");
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(joined.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, 8);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	/**
	 * Set how often to look whether another process changed the file.
	 * @param pollInterval the interval, 1 second by default
	 */
	public void setPollInterval(Duration pollInterval) {
		Assert.isTrue(pollInterval != null && !pollInterval.isNegative() && !pollInterval.isZero(),
				"The poll interval must be positive");
		this.pollInterval = pollInterval;
	}

	/**
	 * Set the clock that leases are timed by. Processes that share the file must share
	 * the clock: this machine's.
	 * @param clock the clock
	 */
	public void setClock(Clock clock) {
		Assert.notNull(clock, "Clock must not be null");
		this.clock = clock;
	}

	/**
	 * Return the file.
	 * @return the file's path
	 */
	public Path getFile() {
		return this.file.path();
	}

	@Override
	public void afterPropertiesSet() {
		start();
	}

	/**
	 * Create the directory if needed, read the file, setting it aside if it cannot be
	 * read, and start watching it.
	 * @throws UncheckedIOException when the directory cannot be created or the lock file
	 * cannot be opened
	 */
	public void start() {
		synchronized (this.applyMonitor) {
			if (this.shared != null) {
				return;
			}
			SealedFile.createDirectory(this.file.path().getParent());
			this.shared = SharedFile.open(this.file.path(), this);
		}
		FileState state = transaction((read) -> read, false);
		apply(state, false);
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "tradovate-file-store-" + instances.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		this.scheduler = scheduler;
		long poll = this.pollInterval.toMillis();
		scheduler.scheduleWithFixedDelay(this::poll, poll, poll, TimeUnit.MILLISECONDS);
	}

	@Override
	public void destroy() {
		close();
	}

	/**
	 * Stop watching the file, and give up the lock file when no other store of this JVM
	 * uses it.
	 */
	@Override
	public void close() {
		this.closed = true;
		ScheduledExecutorService scheduler = this.scheduler;
		if (scheduler != null) {
			scheduler.shutdownNow();
		}
		SharedFile shared = this.shared;
		if (shared != null) {
			synchronized (shared) {
				shared.close(this);
			}
		}
	}

	@Override
	public @Nullable StoredToken current() {
		return this.current;
	}

	@Override
	public AuthLedger ledger() {
		return this.ledger;
	}

	@Override
	public @Nullable Lease tryAcquireLease(String owner, Duration ttl) {
		Assert.hasText(owner, "owner must not be empty");
		Assert.isTrue(ttl != null && ttl.toMillis() > 0, "ttl must be at least one millisecond");
		SharedFile shared = shared();
		Lease lease;
		boolean takeover;
		synchronized (shared) {
			if (!shared.mayTake(owner)) {
				return null;
			}
			boolean locked = shared.lockLease();
			long now = this.clock.millis();
			AtomicBoolean tookOver = new AtomicBoolean();
			FileState granted;
			try {
				granted = transaction((state) -> {
					String holder = state.leaseOwner();
					boolean elsewhere = holder != null && !holder.equals(owner)
							&& !PROCESS.equals(state.leaseProcess());
					if (elsewhere && now < state.leaseUntil() && !(locked && state.leaseLocked())) {
						// Held by a process that is alive: it keeps the lock, or holds
						// the lease by its time alone.
						return null;
					}
					if (holder == null && !locked) {
						// Another process holds the lock while it takes or gives back the
						// lease.
						return null;
					}
					tookOver.set(elsewhere);
					return state.withLease(state.fence() + 1, owner, PROCESS, now + ttl.toMillis(), locked);
				}, true);
			}
			catch (UncheckedIOException ex) {
				granted = null;
			}
			if (granted == null) {
				shared.released(owner, Long.MIN_VALUE);
				this.holder = false;
				return null;
			}
			shared.granted(owner, granted.fence(), ttl.toNanos());
			lease = new Lease(owner, granted.fence());
			takeover = tookOver.get();
			apply(granted, true);
		}
		this.leaseAcquisitions.incrementAndGet();
		if (takeover) {
			this.takeovers.incrementAndGet();
		}
		this.holder = true;
		return lease;
	}

	@Override
	public void releaseLease(Lease lease) {
		Assert.notNull(lease, "lease must not be null");
		SharedFile shared = shared();
		synchronized (shared) {
			try {
				FileState released = transaction(
						(state) -> holds(state, lease) ? state.withLease(state.fence(), null, null, 0, false) : null,
						true);
				if (released != null) {
					apply(released, true);
				}
			}
			catch (UncheckedIOException ex) {
				// Released with the lock below; its time runs out in the file.
			}
			finally {
				shared.released(lease.owner(), lease.fence());
				this.holder = false;
			}
		}
	}

	@Override
	public @Nullable StoredToken compareAndSet(long expectedVersion, AccessToken token, Lease lease) {
		Assert.notNull(token, "token must not be null");
		FileState written = write(lease, (state) -> (state.version() != expectedVersion) ? null
				: state.withToken(Math.max(state.versions(), state.version()) + 1, token));
		return (written != null) ? new StoredToken(token, written.version()) : null;
	}

	@Override
	public boolean remove(long version, Lease lease) {
		return write(lease, (state) -> (state.token() == null || state.version() != version) ? null
				: state.withToken(0, null)) != null;
	}

	@Override
	public boolean saveLedger(AuthLedger ledger, Lease lease) {
		Assert.notNull(ledger, "ledger must not be null");
		return write(lease, (state) -> state.withLedger(ledger)) != null;
	}

	@Override
	public void addChangeListener(Runnable listener) {
		Assert.notNull(listener, "listener must not be null");
		this.listeners.add(listener);
	}

	/**
	 * Return what this store has seen, without touching the file.
	 * @return the status
	 */
	public FileStoreStatus getStatus() {
		StoredToken token = this.current;
		return new FileStoreStatus(this.file.path(), this.lockOwner, this.holder, (token != null) ? token.version() : 0,
				this.leaseAcquisitions.get(), this.takeovers.get(), this.staleWritesRefused.get(),
				this.file.setAside.get(), this.file.errors.get());
	}

	private @Nullable FileState write(Lease lease, Function<FileState, @Nullable FileState> change) {
		Assert.notNull(lease, "lease must not be null");
		SharedFile shared = shared();
		synchronized (shared) {
			FileState written;
			try {
				written = transaction((state) -> {
					if (!holds(state, lease)) {
						this.staleWritesRefused.incrementAndGet();
						if (!lease.owner().equals(state.leaseOwner())) {
							this.holder = false;
						}
						return null;
					}
					return change.apply(state);
				}, true);
			}
			catch (UncheckedIOException ex) {
				return null;
			}
			if (written != null) {
				apply(written, true);
			}
			return written;
		}
	}

	private static boolean holds(FileState state, Lease lease) {
		return state.fence() == lease.fence() && lease.owner().equals(state.leaseOwner());
	}

	/**
	 * Reads the file under the transaction lock, applies the change, and writes its
	 * result back unless it is {@code null}. A file that cannot be read is set aside
	 * first. Callers other than {@link #start()} synchronize on the shared file.
	 * @return the state written, or, when {@code write} is {@code false}, the state read
	 */
	private @Nullable FileState transaction(Function<FileState, @Nullable FileState> change, boolean write) {
		SharedFile shared = shared();
		synchronized (shared) {
			return shared.transaction(() -> {
				FileState state = this.file.readOrSetAside();
				FileState next = change.apply(state);
				if (next == null || !write) {
					return next;
				}
				FileState numbered = next.nextSerial();
				this.file.write(numbered);
				this.seen = this.file.stamp();
				return numbered;
			});
		}
	}

	/** Looks whether the file changed, and reads it if so. Runs on the store's thread. */
	private void poll() {
		try {
			SealedFile.Stamp stamp = this.file.stamp();
			if (!Objects.equals(stamp, this.seen)) {
				refresh();
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Could not look at the Tradovate token file " + this.file, ex);
		}
	}

	/** Reads the file without setting it aside: only the lease holder writes. */
	private void refresh() {
		SealedFile.Stamp stamp = this.file.stamp();
		FileState state;
		try {
			state = this.file.read();
		}
		catch (IOException | GeneralSecurityException | RuntimeException ex) {
			if (!Objects.equals(stamp, this.seen)) {
				this.file.errors.incrementAndGet();
				logger.warn("Could not read the Tradovate token file " + this.file
						+ " with the configured credentials; keeping the token read before");
			}
			this.seen = stamp;
			return;
		}
		this.seen = stamp;
		apply(state, true);
	}

	void requestRefresh() {
		ScheduledExecutorService scheduler = this.scheduler;
		if (scheduler != null && this.refreshPending.compareAndSet(false, true)) {
			try {
				scheduler.execute(() -> {
					this.refreshPending.set(false);
					refresh();
				});
			}
			catch (RejectedExecutionException ex) {
				// Closed
			}
		}
	}

	private void apply(FileState state, boolean notify) {
		boolean changed;
		synchronized (this.applyMonitor) {
			if (state.serial() < this.appliedSerial) {
				return;
			}
			this.appliedSerial = state.serial();
			AccessToken token = state.token();
			StoredToken stored = (token != null && state.version() > 0) ? new StoredToken(token, state.version())
					: null;
			AuthLedger ledger = state.ledgerOrEmpty();
			changed = !Objects.equals(stored, this.current) || !ledger.equals(this.ledger);
			this.current = stored;
			this.ledger = ledger;
			this.lockOwner = state.leaseOwner();
		}
		if (changed && notify) {
			for (Runnable listener : this.listeners) {
				try {
					listener.run();
				}
				catch (RuntimeException ex) {
					logger.warn("A token change listener failed", ex);
				}
			}
			for (FileTokenStore peer : shared().stores()) {
				if (peer != this) {
					peer.requestRefresh();
				}
			}
		}
	}

	private SharedFile shared() {
		SharedFile shared = this.shared;
		Assert.state(shared != null, "The store has not been started");
		return shared;
	}

	@Override
	public String toString() {
		return "FileTokenStore[file=" + this.file.path() + "]";
	}

}
