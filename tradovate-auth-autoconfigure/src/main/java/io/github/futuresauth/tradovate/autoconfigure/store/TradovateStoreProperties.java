package io.github.futuresauth.tradovate.autoconfigure.store;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for where the Tradovate token and the record of requests to
 * {@code /auth/*} are kept.
 */
@ConfigurationProperties("tradovate.store")
public class TradovateStoreProperties {

	/**
	 * Where to keep the token: in an encrypted file, which outlives restarts and is
	 * shared by the processes of one user on one machine; in memory, for this process
	 * only; or in Redis, shared by a fleet. tradovate.fleet.enabled=true also selects
	 * Redis.
	 */
	private Type type = Type.FILE;

	/**
	 * Directory of the token file, one file per environment, user and API key. Defaults
	 * to .tradovate/sessions in the user's home directory, or, when that is not writable,
	 * tradovate-<user>/sessions in the temporary directory. Under Kubernetes, mount a
	 * volume here to keep the session across restarts of the pod.
	 */
	private @Nullable Path directory;

	/**
	 * How often to look whether another process changed the token file.
	 */
	private Duration pollInterval = Duration.ofSeconds(1);

	public Type getType() {
		return this.type;
	}

	public void setType(Type type) {
		this.type = type;
	}

	public @Nullable Path getDirectory() {
		return this.directory;
	}

	public void setDirectory(@Nullable Path directory) {
		this.directory = directory;
	}

	public Duration getPollInterval() {
		return this.pollInterval;
	}

	public void setPollInterval(Duration pollInterval) {
		this.pollInterval = pollInterval;
	}

	/**
	 * Where the token is kept.
	 */
	public enum Type {

		/**
		 * In an encrypted file, kept across restarts and shared on one machine.
		 */
		FILE,

		/**
		 * In memory, for this process only.
		 */
		MEMORY,

		/**
		 * In Redis, shared by a fleet (see tradovate.fleet.*).
		 */
		REDIS

	}

}
