package io.github.futuresauth.tradovate.simulator;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for closing one session of a user by its token, as a kick on the real service
 * does.
 */
class TradovateSimulatorKickTests extends AbstractTradovateSimulatorTests {

	@Test
	void closesOnlyTheSessionOfTheToken() throws Exception {
		String kicked = this.client.accessToken(NAME, PASSWORD);
		String other = this.client.accessToken(NAME, PASSWORD);
		assertThat(this.simulator.closeSession(kicked)).isTrue();
		assertThat(this.simulator.openSessions()).containsEntry(NAME, 1);
		assertThat(this.client.get("/account/list", kicked).statusCode()).isEqualTo(401);
		assertThat(this.client.get("/account/list", other).statusCode()).isEqualTo(200);
		assertThat(this.simulator.journal().sessionsClosed()).isOne();
	}

	@Test
	void closesTheSessionOfARenewedAwayOrMarketDataToken() throws Exception {
		JsonNode login = SimulatorClient.json(this.client.login(NAME, PASSWORD));
		String first = login.get("accessToken").stringValue();
		String renewed = SimulatorClient.json(this.client.get("/auth/renewaccesstoken", first))
			.get("accessToken")
			.stringValue();
		assertThat(this.simulator.closeSession(first)).isTrue();
		assertThat(this.client.get("/auth/me", renewed).statusCode()).isEqualTo(401);
		String second = SimulatorClient.json(this.client.login(NAME, PASSWORD)).get("accessToken").stringValue();
		String mdAccessToken = this.simulator.journal().issuedTokens().get(3);
		assertThat(mdAccessToken).isNotEqualTo(second);
		assertThat(this.simulator.closeSession(mdAccessToken)).isTrue();
		assertThat(this.client.get("/auth/me", second).statusCode()).isEqualTo(401);
		assertThat(this.simulator.openSessions()).containsEntry(NAME, 0);
	}

	@Test
	void closingAClosedSessionAgainClosesNothing() throws Exception {
		String token = this.client.accessToken(NAME, PASSWORD);
		this.simulator.closeAllSessions(NAME);
		assertThat(this.simulator.closeSession(token)).isFalse();
		assertThat(this.simulator.journal().sessionsClosed()).isOne();
	}

	@Test
	void kickedSessionsTokenGetsTheClosedSessionStatus() throws Exception {
		this.simulator.closedSessionStatus(500);
		String token = this.client.accessToken(NAME, PASSWORD);
		this.simulator.closeSession(token);
		assertThat(this.client.get("/auth/renewaccesstoken", token).statusCode()).isEqualTo(500);
		assertThat(this.simulator.journal().count(RequestKind.SESSION_CLOSED)).isOne();
	}

	@Test
	void unknownTokenIsRefusedWithoutQuotingIt() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.simulator.closeSession("not-a-token"))
			.withMessageContaining("No session has the given token")
			.withMessageNotContaining("not-a-token");
	}

}
