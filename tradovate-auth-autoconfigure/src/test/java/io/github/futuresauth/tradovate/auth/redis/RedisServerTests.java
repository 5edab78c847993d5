package io.github.futuresauth.tradovate.auth.redis;

import java.io.IOException;
import java.nio.file.Files;
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
	void usesTheRedisServerOnThePathWhenThereIsOne(@TempDir Path empty, @TempDir Path bin, @TempDir Path extracted)
			throws IOException {
		Path installed = Files.createFile(bin.resolve("redis-server"));
		assertThat(installed.toFile().setExecutable(true)).isTrue();
		assertThat(RedisServer.findExecutable(List.of(empty.toString(), bin.toString()), extracted))
			.isEqualTo(installed.toAbsolutePath().toString());
		assertThat(extracted).isEmptyDirectory();
	}

	@Test
	void startsTheRedisOfEmbeddedRedisWhenThePathHasNone(@TempDir Path empty, @TempDir Path extracted) {
		String executable = RedisServer.findExecutable(List.of(empty.toString()), extracted);
		assertThat(Path.of(executable)).startsWith(extracted.toAbsolutePath()).isExecutable();
		assertThat(RedisServer.findExecutable(List.of(empty.toString()), extracted)).isEqualTo(executable);
		try (RedisServer server = RedisServer.start(executable)) {
			assertThat((String) server.command("INFO", "server")).contains("redis_version:6.2.");
			assertThat(server.command("SET", "a", "1")).isEqualTo("OK");
		}
	}

	@Test
	void saysHowToInstallRedisWhereEmbeddedRedisHasNoBinary(@TempDir Path extracted) {
		assertThatIllegalStateException().isThrownBy(() -> EmbeddedRedisBinary.extract("SunOS", "sparcv9", extracted))
			.withMessageContaining(
					"redis-server is not on the PATH, and embedded-redis has no binary for SunOS on" + " sparcv9")
			.withMessageContaining("apt-get install redis-server");
	}

	@Test
	void countsCommandsOtherThanItsOwn() {
		try (RedisServer server = RedisServer.start()) {
			long before = server.commandsProcessed();
			assertThat(server.commandsProcessed()).isEqualTo(before);
			server.command("SET", "a", "1");
			assertThat(server.commandsProcessed()).isEqualTo(before + 1);
		}
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
