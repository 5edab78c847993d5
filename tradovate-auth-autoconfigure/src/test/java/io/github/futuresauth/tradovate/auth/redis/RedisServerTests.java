package io.github.futuresauth.tradovate.auth.redis;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link RedisServer}.
 */
class RedisServerTests {

	@Test
	void failsWithAnInstructionWhenRedisIsNotInstalled(@TempDir Path empty) {
		assertThatIllegalStateException().isThrownBy(() -> RedisServer.findExecutable(List.of(empty.toString()), false))
			.withMessageContaining("redis-server is not installed on this machine")
			.withMessageContaining("apt-get install redis-server");
	}

	@Test
	void namesTheCiMachineOnCi(@TempDir Path empty) {
		assertThatIllegalStateException().isThrownBy(() -> RedisServer.findExecutable(List.of(empty.toString()), true))
			.withMessageContaining("on the CI machine");
	}

	@Test
	void restartsEmptyOnTheSamePortAfterBeingKilled() {
		try (RedisServer server = RedisServer.start()) {
			int port = server.getPort();
			server.command("SET", "a", "1");
			server.kill();
			assertThat(server.isAnswering(Duration.ofMillis(200))).isFalse();
			server.restart();
			assertThat(server.getPort()).isEqualTo(port);
			assertThat(server.command("PING")).isEqualTo("PONG");
			assertThat(server.command("GET", "a")).isNull();
		}
	}

	@Test
	void answersNothingWhilePaused() {
		try (RedisServer server = RedisServer.start()) {
			server.pause();
			assertThat(server.isAnswering(Duration.ofMillis(200))).isFalse();
			server.resume();
			assertThat(server.isAnswering(Duration.ofSeconds(2))).isTrue();
		}
	}

	@Test
	void holdsCommandsDuringAClientPause() {
		try (RedisServer server = RedisServer.start()) {
			server.clientPause(Duration.ofMillis(300));
			long start = System.nanoTime();
			assertThat(server.command("SET", "a", "1")).isEqualTo("OK");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
		}
	}

}
