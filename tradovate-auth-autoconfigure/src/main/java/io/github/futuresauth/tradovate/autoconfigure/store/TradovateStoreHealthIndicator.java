package io.github.futuresauth.tradovate.autoconfigure.store;

import io.github.futuresauth.tradovate.auth.InMemoryTokenStore;
import io.github.futuresauth.tradovate.auth.TokenStore;
import io.github.futuresauth.tradovate.auth.file.FileStoreStatus;
import io.github.futuresauth.tradovate.auth.file.FileTokenStore;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.util.Assert;

/**
 * A health indicator that tells which {@link TokenStore} is in use: {@code type}
 * ({@code file}, {@code memory}, {@code redis} or the class of a store of the
 * application's own). For a {@link FileTokenStore}, also its {@code file}, the
 * {@code lockOwner} (who held the lease when the file was last read, in this process or
 * another), whether this process is the {@code holder}, the {@code tokenVersion}, and the
 * counts {@code setAside} (unreadable files moved aside) and {@code fileErrors}. It never
 * touches the file, and shows no secret. Always {@code UP}: a store that cannot be
 * written makes the token provider report the failure.
 */
public class TradovateStoreHealthIndicator extends AbstractHealthIndicator {

	private final TokenStore tokenStore;

	/**
	 * Create an indicator for the given store.
	 * @param tokenStore the store
	 */
	public TradovateStoreHealthIndicator(TokenStore tokenStore) {
		super("Tradovate store health check failed");
		Assert.notNull(tokenStore, "TokenStore must not be null");
		this.tokenStore = tokenStore;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		builder.up().withDetail("type", type(this.tokenStore));
		if (this.tokenStore instanceof FileTokenStore fileStore) {
			FileStoreStatus status = fileStore.getStatus();
			builder.withDetail("file", status.file().toString())
				.withDetail("lockOwner", String.valueOf(status.lockOwner()))
				.withDetail("holder", status.holder())
				.withDetail("tokenVersion", status.tokenVersion())
				.withDetail("setAside", status.setAside())
				.withDetail("fileErrors", status.fileErrors());
		}
	}

	/**
	 * Return a short name of the kind of store.
	 * @param tokenStore the store
	 * @return {@code file}, {@code memory}, {@code redis}, or the store's class name
	 */
	static String type(TokenStore tokenStore) {
		if (tokenStore instanceof FileTokenStore) {
			return "file";
		}
		if (tokenStore instanceof InMemoryTokenStore) {
			return "memory";
		}
		String name = tokenStore.getClass().getName();
		return name.equals("io.github.futuresauth.tradovate.auth.redis.RedisTokenStore") ? "redis" : name;
	}

}
