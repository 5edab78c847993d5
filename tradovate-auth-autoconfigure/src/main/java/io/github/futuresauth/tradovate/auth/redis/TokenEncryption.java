package io.github.futuresauth.tradovate.auth.redis;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.util.Assert;

/**
 * Encryption of stored tokens with AES-GCM, under one of several named keys.
 * <p>
 * New tokens are encrypted with the active key, and the payload names that key, so that
 * tokens written under an older key still decrypt while that key stays configured. To
 * rotate, add a new key, make it the active one on every instance, and remove the old key
 * once every instance writes with the new one (the token is rewritten at its next
 * renewal). The payload is bound to the Redis key it is stored under, so that it cannot
 * be copied to another user's key.
 */
public final class TokenEncryption {

	static final String PREFIX = "aes-gcm:";

	private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");

	private static final int NONCE_LENGTH = 12;

	private static final int TAG_BITS = 128;

	private final String activeKeyId;

	private final Map<String, SecretKey> keys;

	private final SecureRandom random = new SecureRandom();

	/**
	 * Create an encryption that writes with the given key and reads with any of the given
	 * keys.
	 * @param activeKeyId the id of the key that new tokens are encrypted with
	 * @param keys the keys by id, each of 16, 24 or 32 bytes
	 */
	public TokenEncryption(String activeKeyId, Map<String, byte[]> keys) {
		Assert.notEmpty(keys, "At least one encryption key is required");
		Map<String, SecretKey> secretKeys = new LinkedHashMap<>();
		keys.forEach((id, key) -> {
			Assert.isTrue(KEY_ID.matcher(id).matches(),
					() -> "Encryption key id '" + id + "' must consist of 1 to 32 letters, digits, '-' or '_'");
			Assert.isTrue(key.length == 16 || key.length == 24 || key.length == 32, () -> "Encryption key '" + id
					+ "' must be 16, 24 or 32 bytes (AES-128, -192 or -256), but has " + key.length + " bytes");
			secretKeys.put(id, new SecretKeySpec(key.clone(), "AES"));
		});
		Assert.isTrue(secretKeys.containsKey(activeKeyId), () -> "The active encryption key id '" + activeKeyId
				+ "' must be one of the configured keys " + secretKeys.keySet());
		this.activeKeyId = activeKeyId;
		this.keys = Map.copyOf(secretKeys);
	}

	/**
	 * Return the id of the key that new tokens are encrypted with.
	 * @return the active key id
	 */
	public String getActiveKeyId() {
		return this.activeKeyId;
	}

	/**
	 * Encrypt a payload with the active key.
	 * @param plaintext the payload
	 * @param context what the ciphertext is bound to, such as the key it is stored under
	 * @return {@code aes-gcm:<key id>:<base64 of nonce and ciphertext>}
	 */
	String encrypt(String plaintext, String context) {
		byte[] nonce = new byte[NONCE_LENGTH];
		this.random.nextBytes(nonce);
		try {
			Cipher cipher = cipher(Cipher.ENCRYPT_MODE, this.keys.get(this.activeKeyId), nonce, context);
			byte[] ciphertext = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
			byte[] payload = new byte[nonce.length + ciphertext.length];
			System.arraycopy(nonce, 0, payload, 0, nonce.length);
			System.arraycopy(ciphertext, 0, payload, nonce.length, ciphertext.length);
			return PREFIX + this.activeKeyId + ":" + Base64.getEncoder().encodeToString(payload);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Could not encrypt the token with key '" + this.activeKeyId + "'", ex);
		}
	}

	/**
	 * Decrypt a payload written by {@link #encrypt}, with whichever configured key it
	 * names.
	 * @param stored the stored payload
	 * @param context what the ciphertext was bound to
	 * @return the plaintext
	 * @throws IllegalStateException when the key is not configured or the payload was
	 * altered
	 */
	String decrypt(String stored, String context) {
		int separator = stored.indexOf(':', PREFIX.length());
		Assert.state(stored.startsWith(PREFIX) && separator > 0, "The stored token is not an encrypted payload");
		String keyId = stored.substring(PREFIX.length(), separator);
		SecretKey key = this.keys.get(keyId);
		Assert.state(key != null, () -> "The stored token is encrypted with key '" + keyId
				+ "', which is not configured: add it to tradovate.fleet.encryption.keys");
		try {
			byte[] payload = Base64.getDecoder().decode(stored.substring(separator + 1));
			byte[] nonce = new byte[NONCE_LENGTH];
			System.arraycopy(payload, 0, nonce, 0, NONCE_LENGTH);
			Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, nonce, context);
			byte[] plaintext = cipher.doFinal(payload, NONCE_LENGTH, payload.length - NONCE_LENGTH);
			return new String(plaintext, StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException | IllegalArgumentException | IndexOutOfBoundsException ex) {
			throw new IllegalStateException("The stored token could not be decrypted with key '" + keyId
					+ "': it was altered, or written with another key of that id", ex);
		}
	}

	/**
	 * Return whether a stored payload is encrypted.
	 * @param stored the stored payload
	 * @return whether it was written by {@link #encrypt}
	 */
	static boolean isEncrypted(String stored) {
		return stored.startsWith(PREFIX);
	}

	private static Cipher cipher(int mode, SecretKey key, byte[] nonce, String context)
			throws GeneralSecurityException {
		Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
		cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
		cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
		return cipher;
	}

	@Override
	public String toString() {
		return "TokenEncryption[activeKeyId=" + this.activeKeyId + ", keyIds=" + this.keys.keySet() + "]";
	}

}
