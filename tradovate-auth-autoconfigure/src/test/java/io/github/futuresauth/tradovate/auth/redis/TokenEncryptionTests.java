package io.github.futuresauth.tradovate.auth.redis;

import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link TokenEncryption}.
 */
class TokenEncryptionTests {

	private static final String CONTEXT = "tradovate:{demo:trader}:token";

	@Test
	void decryptsWhatItEncrypted() {
		TokenEncryption encryption = new TokenEncryption("k1", Map.of("k1", key(1, 32)));
		String stored = encryption.encrypt("{\"accessToken\":\"secret\"}", CONTEXT);
		assertThat(stored).startsWith("aes-gcm:k1:").doesNotContain("secret");
		assertThat(TokenEncryption.isEncrypted(stored)).isTrue();
		assertThat(encryption.decrypt(stored, CONTEXT)).isEqualTo("{\"accessToken\":\"secret\"}");
	}

	@Test
	void usesAFreshNonceForEveryEncryption() {
		TokenEncryption encryption = new TokenEncryption("k1", Map.of("k1", key(1, 16)));
		assertThat(encryption.encrypt("same", CONTEXT)).isNotEqualTo(encryption.encrypt("same", CONTEXT));
	}

	@Test
	void decryptsWithAnOlderKeyAfterRotation() {
		String old = new TokenEncryption("k1", Map.of("k1", key(1, 32))).encrypt("old", CONTEXT);
		TokenEncryption rotated = new TokenEncryption("k2", Map.of("k1", key(1, 32), "k2", key(2, 32)));
		assertThat(rotated.decrypt(old, CONTEXT)).isEqualTo("old");
		assertThat(rotated.encrypt("new", CONTEXT)).startsWith("aes-gcm:k2:");
	}

	@Test
	void namesTheMissingKey() {
		String stored = new TokenEncryption("k2", Map.of("k2", key(2, 32))).encrypt("new", CONTEXT);
		TokenEncryption old = new TokenEncryption("k1", Map.of("k1", key(1, 32)));
		assertThatIllegalStateException().isThrownBy(() -> old.decrypt(stored, CONTEXT))
			.withMessageContaining("'k2'")
			.withMessageContaining("tradovate.fleet.encryption.keys");
	}

	@Test
	void refusesAPayloadMovedToAnotherKey() {
		TokenEncryption encryption = new TokenEncryption("k1", Map.of("k1", key(1, 32)));
		String stored = encryption.encrypt("token", CONTEXT);
		assertThatIllegalStateException()
			.isThrownBy(() -> encryption.decrypt(stored, "tradovate:{demo:someone-else}:token"))
			.withMessageContaining("could not be decrypted");
	}

	@Test
	void refusesAnAlteredPayload() {
		TokenEncryption encryption = new TokenEncryption("k1", Map.of("k1", key(1, 32)));
		String stored = encryption.encrypt("token", CONTEXT);
		byte[] payload = Base64.getDecoder().decode(stored.substring("aes-gcm:k1:".length()));
		payload[payload.length - 1] ^= 1;
		String altered = "aes-gcm:k1:" + Base64.getEncoder().encodeToString(payload);
		assertThatIllegalStateException().isThrownBy(() -> encryption.decrypt(altered, CONTEXT));
	}

	@Test
	void refusesAKeyOfTheWrongLengthWithoutShowingIt() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new TokenEncryption("k1", Map.of("k1", "not-a-key".getBytes())))
			.withMessageContaining("'k1'")
			.withMessageContaining("16, 24 or 32 bytes")
			.withMessageNotContaining("not-a-key");
	}

	@Test
	void refusesAnActiveKeyThatIsNotConfigured() {
		assertThatIllegalArgumentException().isThrownBy(() -> new TokenEncryption("k3", Map.of("k1", key(1, 32))))
			.withMessageContaining("'k3'");
	}

	@Test
	void refusesAKeyIdThatCannotBeStored() {
		assertThatIllegalArgumentException().isThrownBy(() -> new TokenEncryption("a:b", Map.of("a:b", key(1, 32))))
			.withMessageContaining("'a:b'");
	}

	@Test
	void toStringShowsOnlyTheKeyIds() {
		byte[] key = key(65, 16);
		TokenEncryption encryption = new TokenEncryption("k1", Map.of("k1", key));
		assertThat(encryption.toString()).contains("k1")
			.doesNotContain(new String(key))
			.doesNotContain(Base64.getEncoder().encodeToString(key));
	}

	private static byte[] key(int seed, int length) {
		byte[] key = new byte[length];
		Arrays.fill(key, (byte) seed);
		return key;
	}

}
