package io.github.futuresauth.tradovate.simulator;

import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TradovateSimulatorExtension} registered with a configured builder.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TradovateSimulatorExtensionTests {

	@RegisterExtension
	static TradovateSimulatorExtension extension = new TradovateSimulatorExtension(
			TradovateSimulator.builder().user("alice", "alice-password").sessionLimit(1));

	private static TradovateSimulator startedBeforeAll;

	private static String tokenFromBeforeAll;

	@BeforeAll
	static void captureSimulatorAndLogIn(TradovateSimulator simulator) throws Exception {
		startedBeforeAll = simulator;
		tokenFromBeforeAll = new SimulatorClient(simulator).accessToken("alice", "alice-password");
	}

	@Test
	@Order(1)
	void keepsWhatWasSetUpBeforeTheTest(TradovateSimulator simulator) throws Exception {
		assertThat(new SimulatorClient(simulator).get("/account/list", tokenFromBeforeAll).statusCode()).isEqualTo(200);
		assertThat(simulator.journal().logins()).isOne();
	}

	@Test
	@Order(2)
	void resolvesTheRunningSimulator(TradovateSimulator simulator) throws Exception {
		assertThat(simulator).isSameAs(startedBeforeAll).isSameAs(extension.simulator());
		SimulatorClient client = new SimulatorClient(simulator);
		String first = client.accessToken("alice", "alice-password");
		client.accessToken("alice", "alice-password");
		assertThat(client.get("/account/list", first).statusCode()).isEqualTo(401);
		assertThat(simulator.journal().logins()).isEqualTo(2);
		simulator.failNext(5, 500);
		simulator.penalizeNextLogin(Duration.ofMinutes(1));
	}

	@Test
	@Order(3)
	void resetsTheSimulatorAfterEachTest(TradovateSimulator simulator) throws Exception {
		assertThat(simulator).isSameAs(startedBeforeAll);
		assertThat(simulator.journal().requests()).isEmpty();
		assertThat(simulator.journal().logins()).isZero();
		// Faults and penalties are gone, users are kept.
		assertThat(new SimulatorClient(simulator).accessToken("alice", "alice-password")).isNotBlank();
	}

	@Nested
	class NestedTests {

		@Test
		void shareTheSimulatorOfTheEnclosingClass(TradovateSimulator simulator) {
			assertThat(simulator).isSameAs(startedBeforeAll);
			assertThat(simulator.journal().requests()).isEmpty();
		}

	}

}
