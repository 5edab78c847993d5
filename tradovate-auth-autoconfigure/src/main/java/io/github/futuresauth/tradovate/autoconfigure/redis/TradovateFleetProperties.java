package io.github.futuresauth.tradovate.autoconfigure.redis;

import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.futuresauth.tradovate.auth.redis.TokenEncryption;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties for sharing one Tradovate token among the instances of a
 * fleet, through Redis. The connection to Redis is Spring Boot's, configured with
 * {@code spring.data.redis.*}.
 */
@ConfigurationProperties("tradovate.fleet")
public class TradovateFleetProperties {

	/**
	 * Whether to keep the token in Redis, shared by every instance that logs in as the
	 * same user to the same environment.
	 */
	private boolean enabled;

	/**
	 * First part of every Redis key, followed by the environment and the user name in a
	 * hash tag, as in tradovate:{demo:my-api-user}:token.
	 */
	private String keyPrefix = "tradovate";

	/**
	 * Longest time that one instance holds the lease for a login, renewal or check before
	 * another may take it over. Must outlast a login with its retries.
	 */
	private Duration leaseTime = Duration.ofMinutes(2);

	/**
	 * How often to read the token from Redis in case an announcement of a change was
	 * lost.
	 */
	private Duration pollInterval = Duration.ofSeconds(1);

	/**
	 * How long to wait for Redis to answer a command before treating it as unreachable.
	 */
	private Duration commandTimeout = Duration.ofSeconds(2);

	private final Encryption encryption = new Encryption();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getKeyPrefix() {
		return this.keyPrefix;
	}

	public void setKeyPrefix(String keyPrefix) {
		this.keyPrefix = keyPrefix;
	}

	public Duration getLeaseTime() {
		return this.leaseTime;
	}

	public void setLeaseTime(Duration leaseTime) {
		this.leaseTime = leaseTime;
	}

	public Duration getPollInterval() {
		return this.pollInterval;
	}

	public void setPollInterval(Duration pollInterval) {
		this.pollInterval = pollInterval;
	}

	public Duration getCommandTimeout() {
		return this.commandTimeout;
	}

	public void setCommandTimeout(Duration commandTimeout) {
		this.commandTimeout = commandTimeout;
	}

	public Encryption getEncryption() {
		return this.encryption;
	}

	/**
	 * Encryption of the token at rest.
	 */
	public static class Encryption {

		/**
		 * Id of the key that new tokens are encrypted with, one of the keys. Without it,
		 * tokens are stored unencrypted.
		 */
		private @Nullable String keyId;

		/**
		 * Encryption keys by id, each Base64-encoded and 16, 24 or 32 bytes long
		 * (AES-128, -192 or -256). Tokens encrypted with any of them can be read, so that
		 * a key can be rotated.
		 */
		private Map<String, String> keys = new LinkedHashMap<>();

		public @Nullable String getKeyId() {
			return this.keyId;
		}

		public void setKeyId(@Nullable String keyId) {
			this.keyId = keyId;
		}

		public Map<String, String> getKeys() {
			return this.keys;
		}

		public void setKeys(Map<String, String> keys) {
			this.keys = keys;
		}

		/**
		 * Return the configured encryption, or {@code null} when none is configured.
		 * @return the encryption
		 * @throws IllegalStateException when the configuration is incomplete, naming the
		 * property to set, and never showing a key
		 */
		@Nullable TokenEncryption toTokenEncryption() {
			if (this.keyId == null && this.keys.isEmpty()) {
				return null;
			}
			if (this.keyId == null) {
				throw new IllegalStateException("tradovate.fleet.encryption.keys is set, but "
						+ "tradovate.fleet.encryption.key-id is not: set tradovate.fleet.encryption.key-id to the key that encrypts new"
						+ " tokens, one of " + this.keys.keySet());
			}
			Map<String, byte[]> decoded = new LinkedHashMap<>();
			this.keys.forEach((id, key) -> {
				try {
					decoded.put(id, Base64.getDecoder().decode(key.trim()));
				}
				catch (IllegalArgumentException ex) {
					throw new IllegalStateException("tradovate.fleet.encryption.keys." + id
							+ " must be Base64-encoded, for example the output of 'openssl rand -base64 32'");
				}
			});
			String keyId = this.keyId;
			if (!decoded.containsKey(keyId)) {
				throw new IllegalStateException("tradovate.fleet.encryption.key-id is '" + keyId
						+ "', but tradovate.fleet.encryption.keys has no key of that id: add tradovate.fleet.encryption.keys."
						+ keyId);
			}
			try {
				return new TokenEncryption(keyId, decoded);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalStateException("tradovate.fleet.encryption: " + ex.getMessage());
			}
		}

	}

}
