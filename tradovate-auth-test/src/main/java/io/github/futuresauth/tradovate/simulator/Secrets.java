package io.github.futuresauth.tradovate.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import org.jspecify.annotations.Nullable;

/**
 * The random values that the simulator issues, tokens, tickets, codes and nonces, and the
 * comparison of secrets.
 */
final class Secrets {

	private static final int SECRET_BYTES = 32;

	private static final SecureRandom random = new SecureRandom();

	private static final Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();

	private Secrets() {
	}

	/**
	 * Return a new random value of 256 bits, URL-safe Base64 without padding, like the
	 * opaque tokens of the real service.
	 * @return the value
	 */
	static String newSecret() {
		byte[] bytes = new byte[SECRET_BYTES];
		random.nextBytes(bytes);
		return encoder.encodeToString(bytes);
	}

	/**
	 * Return whether the given secret is the expected one, in time that does not depend
	 * on where they differ, as a server has to compare secrets.
	 * @param expected the expected secret
	 * @param actual the secret to check, or {@code null}
	 * @return whether they are equal
	 */
	static boolean equal(String expected, @Nullable String actual) {
		if (actual == null) {
			return false;
		}
		byte[] expectedBytes = expected.getBytes(StandardCharsets.UTF_8);
		return MessageDigest.isEqual(expectedBytes, actual.getBytes(StandardCharsets.UTF_8));
	}

}
