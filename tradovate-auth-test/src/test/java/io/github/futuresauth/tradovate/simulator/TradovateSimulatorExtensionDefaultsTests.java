package io.github.futuresauth.tradovate.simulator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TradovateSimulatorExtension} with its defaults, through
 * {@link ExtendWith}.
 */
@ExtendWith(TradovateSimulatorExtension.class)
class TradovateSimulatorExtensionDefaultsTests {

	private final TradovateSimulator simulator;

	TradovateSimulatorExtensionDefaultsTests(TradovateSimulator simulator) {
		this.simulator = simulator;
	}

	@Test
	void registersTheDefaultUser() throws Exception {
		SimulatorClient client = new SimulatorClient(this.simulator);
		assertThat(client.accessToken("trader", "s3cret-password")).isNotBlank();
		assertThat(this.simulator.springPropertyMap()).containsEntry("tradovate.name", "trader")
			.containsEntry("tradovate.password", "s3cret-password");
	}

	@Test
	void resolvesTheSameSimulatorForConstructorAndMethod(TradovateSimulator simulator) {
		assertThat(simulator).isSameAs(this.simulator);
		assertThat(simulator.journal().requests()).isEmpty();
	}

}
