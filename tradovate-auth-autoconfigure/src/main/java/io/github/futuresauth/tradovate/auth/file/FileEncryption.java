package io.github.futuresauth.tradovate.auth.file;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

import io.github.futuresauth.tradovate.auth.TradovateCredentials;
import org.jspecify.annotations.Nullable;

/**
 * The encryption of one store file: AES-256-GCM under a key derived with PBKDF2 (HMAC
 * SHA-256) from the user name, password, client id and API secret, salted per file. A
 * copy of the file is of no use without the credentials, and a file written under other
 * credentials fails to decrypt rather than being misread.
 * <p>
 * A file is {@code TVTS}, a format byte, the 16-byte salt, a 12-byte nonce and the
 * ciphertext with its tag. The header and the file's context (environment, user, client
 * id) are authenticated with it, so that a file renamed to another user's name fails too.
 */
final class FileEncryption {

	private static final byte[] MAGIC = "TVTS".getBytes(StandardCharsets.US_ASCII);

	private static final byte FORMAT = 1;

	private static final int SALT_LENGTH = 16;

	private static final int NONCE_LENGTH = 12;

	private static final int HEADER_LENGTH = MAGIC.length + 1 + SALT_LENGTH;

	private static final int TAG_BITS = 128;

	/**
	 * PBKDF2 rounds: a key is derived once per file and process, so the cost is paid at
	 * startup, where it slows a guess of the password from a stolen file as much.
	 */
	static final int ITERATIONS = 100_000;

	private static final SecureRandom random = new SecureRandom();

	private final byte[] salt;

	private final SecretKey key;

	private final byte[] context;

	private FileEncryption(byte[] salt, SecretKey key, byte[] context) {
		this.salt = salt;
		this.key = key;
		this.context = context;
	}

	/**
	 * Derive the key for a new file, under a new random salt.
	 */
	static FileEncryption create(TradovateCredentials credentials, String context) {
		byte[] salt = new byte[SALT_LENGTH];
		random.nextBytes(salt);
		return derive(credentials, salt, context);
	}

	/**
	 * Derive the key of a file whose salt is known.
	 */
	static FileEncryption derive(TradovateCredentials credentials, byte[] salt, String context) {
		char[] secret = (credentials.name() + '\0' + credentials.password() + '\0' + nonNull(credentials.cid()) + '\0'
				+ nonNull(credentials.sec()))
			.toCharArray();
		PBEKeySpec spec = new PBEKeySpec(secret, salt, ITERATIONS, 256);
		try {
			byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
			return new FileEncryption(salt.clone(), new SecretKeySpec(key, "AES"),
					context.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Could not derive the key of the token file", ex);
		}
		finally {
			spec.clearPassword();
			Arrays.fill(secret, '\0');
		}
	}

	/**
	 * Return the salt of a file's content, or {@code null} when it is not a store file.
	 */
	static byte @Nullable [] saltOf(byte[] content) {
		if (content.length < HEADER_LENGTH + NONCE_LENGTH
				|| !Arrays.equals(content, 0, MAGIC.length, MAGIC, 0, MAGIC.length)
				|| content[MAGIC.length] != FORMAT) {
			return null;
		}
		return Arrays.copyOfRange(content, MAGIC.length + 1, HEADER_LENGTH);
	}

	boolean hasSalt(byte[] salt) {
		return Arrays.equals(this.salt, salt);
	}

	byte[] seal(byte[] plaintext) {
		byte[] nonce = new byte[NONCE_LENGTH];
		random.nextBytes(nonce);
		ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH).put(MAGIC).put(FORMAT).put(this.salt);
		try {
			Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, header.array());
			byte[] ciphertext = cipher.doFinal(plaintext);
			return ByteBuffer.allocate(HEADER_LENGTH + NONCE_LENGTH + ciphertext.length)
				.put(header.array())
				.put(nonce)
				.put(ciphertext)
				.array();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Could not encrypt the token file", ex);
		}
	}

	/**
	 * Decrypt a file's content.
	 * @throws GeneralSecurityException when it was written under another key or altered
	 */
	byte[] open(byte[] content) throws GeneralSecurityException {
		byte[] salt = saltOf(content);
		if (salt == null || !hasSalt(salt)) {
			throw new GeneralSecurityException("Not a token file of this key");
		}
		byte[] nonce = Arrays.copyOfRange(content, HEADER_LENGTH, HEADER_LENGTH + NONCE_LENGTH);
		Cipher cipher = cipher(Cipher.DECRYPT_MODE, nonce, Arrays.copyOf(content, HEADER_LENGTH));
		return cipher.doFinal(content, HEADER_LENGTH + NONCE_LENGTH, content.length - HEADER_LENGTH - NONCE_LENGTH);
	}

	private Cipher cipher(int mode, byte[] nonce, byte[] header) throws GeneralSecurityException {
		Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
		cipher.init(mode, this.key, new GCMParameterSpec(TAG_BITS, nonce));
		cipher.updateAAD(header);
		cipher.updateAAD(this.context);
		return cipher;
	}

	private static String nonNull(@Nullable String value) {
		return (value != null) ? value : "";
	}

	@Override
	public String toString() {
		return "FileEncryption[AES-256-GCM, PBKDF2WithHmacSHA256]";
	}

}
