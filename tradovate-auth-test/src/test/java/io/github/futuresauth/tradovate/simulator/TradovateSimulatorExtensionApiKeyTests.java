package io.github.futuresauth.tradovate.simulator;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TradovateSimulatorExtension} with a user who logs in with an API key.
 */
class TradovateSimulatorExtensionApiKeyTests {

	private static final ApiKey KEY = new ApiKey("bot-app", "3.1", "21", "bot-secret");

	@RegisterExtension
	static final TradovateSimulatorExtension extension = new TradovateSimulatorExtension(
			TradovateSimulator.builder().user("bot", "bot-password", KEY));

	@Test
	void checksAllFourFieldsOfTheKey(TradovateSimulator simulator) throws Exception {
		SimulatorClient client = new SimulatorClient(simulator);
		assertThat(client.accessToken("bot", "bot-password", KEY)).isNotBlank();
		Map<String, Object> withoutVersion = SimulatorClient.loginBody("bot", "bot-password");
		withoutVersion.putAll(Map.of("appId", "bot-app", "cid", 21, "sec", "bot-secret"));
		withoutVersion.remove("appVersion");
		assertThat(SimulatorClient.json(client.post("/auth/accesstokenrequest", withoutVersion)).has("errorText"))
			.isTrue();
		assertThat(simulator.springProperties()).contains("tradovate.name=bot", "tradovate.app-id=bot-app",
				"tradovate.app-version=3.1", "tradovate.cid=21", "tradovate.sec=bot-secret");
	}

}
