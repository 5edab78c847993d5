package io.github.futuresauth.tradovate.sample;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.MapPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link EmbeddedSimulatorInitializer}.
 */
class EmbeddedSimulatorInitializerTests {

	@Test
	void pointsTheStarterAtAnEmbeddedSimulatorAndStopsItWithTheContext() throws IOException {
		URI baseUrl;
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			new EmbeddedSimulatorInitializer().initialize(context);
			context.refresh();
			baseUrl = URI.create(context.getEnvironment().getProperty("tradovate.base-url"));
			assertThat(baseUrl.getHost()).isEqualTo("127.0.0.1");
			assertThat(context.getEnvironment().getProperty("tradovate.name")).isEqualTo("trader");
			try (Socket socket = new Socket(baseUrl.getHost(), baseUrl.getPort())) {
				assertThat(socket.isConnected()).isTrue();
			}
		}
		// The listening socket closes as soon as the server's accepting thread lets go of
		// it.
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThatIOException()
				.isThrownBy(() -> new Socket(baseUrl.getHost(), baseUrl.getPort()).close()));
	}

	@Test
	void canBeTurnedOffForTestsThatBringTheirOwnSimulator() {
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("test", Map.of("sample.simulator.enabled", "false")));
			new EmbeddedSimulatorInitializer().initialize(context);
			assertThat(context.getEnvironment().getPropertySources().contains("embeddedTradovateSimulator")).isFalse();
		}
	}

	@Test
	void demoProfileLeavesTradovateToTheConfiguration() {
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			context.getEnvironment().setActiveProfiles("demo");
			new EmbeddedSimulatorInitializer().initialize(context);
			assertThat(context.getEnvironment().getPropertySources().contains("embeddedTradovateSimulator")).isFalse();
			assertThat(context.getEnvironment().getProperty("tradovate.base-url")).isNull();
		}
	}

}
