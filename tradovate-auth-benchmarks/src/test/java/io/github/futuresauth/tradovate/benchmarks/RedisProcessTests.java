package io.github.futuresauth.tradovate.benchmarks;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link RedisProcess}.
 */
class RedisProcessTests {

	@Test
	void countsCommandsOtherThanItsOwn() {
		try (RedisProcess redis = RedisProcess.start()) {
			long before = redis.commandsProcessed();
			assertThat(redis.commandsProcessed()).isEqualTo(before);
		}
	}

	@Test
	void saysHowToInstallRedisWhenItIsMissing(@TempDir Path empty) {
		assertThatIllegalStateException().isThrownBy(() -> RedisProcess.findExecutable(List.of(empty.toString())))
			.withMessageContaining("redis-server is not installed")
			.withMessageContaining("apt-get install redis-server");
	}

}
