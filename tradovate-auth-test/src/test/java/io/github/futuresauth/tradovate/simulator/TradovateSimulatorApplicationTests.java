package io.github.futuresauth.tradovate.simulator;

import java.time.Clock;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link TradovateSimulatorApplication}.
 */
class TradovateSimulatorApplicationTests {

	@AfterEach
	void clearSystemProperties() {
		System.clearProperty("tradovate.simulator.user");
		System.clearProperty("tradovate.simulator.token-lifetime");
	}

	@Test
	void defaultsToTheDefaultUserAndTheSystemClock() throws Exception {
		String[] args = { "--port=0" };
		try (TradovateSimulator simulator = TradovateSimulatorApplication.builder(args).start()) {
			assertThat(simulator.clock()).isEqualTo(Clock.systemUTC());
			assertThat(new SimulatorClient(simulator).accessToken("trader", "s3cret-password")).isNotBlank();
		}
	}

	@Test
	void takesOptionsFromArgumentsAndSystemProperties() throws Exception {
		System.setProperty("tradovate.simulator.user", "bob");
		System.setProperty("tradovate.simulator.token-lifetime", "60");
		String[] args = { "--port=0", "--password=bobs-password", "--session-limit=1" };
		try (TradovateSimulator simulator = TradovateSimulatorApplication.builder(args).start()) {
			SimulatorClient client = new SimulatorClient(simulator);
			String first = client.accessToken("bob", "bobs-password");
			String expirationTime = SimulatorClient.json(client.login("bob", "bobs-password"))
				.get("expirationTime")
				.stringValue();
			assertThat(client.get("/account/list", first).statusCode()).isEqualTo(401);
			assertThat(Instant.parse(expirationTime))
				.isBefore(simulator.clock().instant().plusSeconds(61));
		}
	}

	@Test
	void argumentsOverrideSystemProperties() throws Exception {
		System.setProperty("tradovate.simulator.user", "bob");
		try (TradovateSimulator simulator = TradovateSimulatorApplication
			.builder(new String[] { "--port=0", "--user=carol" })
			.start()) {
			assertThat(simulator.springPropertyMap()).containsEntry("tradovate.name", "carol");
		}
	}

	@Test
	void rejectsUnknownOrMalformedOptionsWithoutEchoingThem() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TradovateSimulatorApplication.builder(new String[] { "--colour=blue" }))
			.withMessageContaining("--colour");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TradovateSimulatorApplication.builder(new String[] { "hunter2" }))
			.withMessageNotContaining("hunter2");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TradovateSimulatorApplication.builder(new String[] { "--port=http" }))
			.withMessageContaining("--port");
	}

}
