package io.github.futuresauth.tradovate.simulator;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for the sessions of {@link TradovateSimulator}, over real HTTP.
 */
class TradovateSimulatorSessionsTests extends AbstractTradovateSimulatorTests {

	@Test
	void thirdLoginClosesTheOldestSession() throws Exception {
		String first = this.client.accessToken(NAME, PASSWORD);
		String second = this.client.accessToken(NAME, PASSWORD);
		assertThat(this.client.get("/account/list", first).statusCode()).isEqualTo(200);
		String third = this.client.accessToken(NAME, PASSWORD);
		assertThat(this.client.get("/account/list", first).statusCode()).isEqualTo(401);
		assertThat(this.client.get("/account/list", second).statusCode()).isEqualTo(200);
		assertThat(this.client.get("/account/list", third).statusCode()).isEqualTo(200);
		Journal journal = this.simulator.journal();
		assertThat(journal.logins()).isEqualTo(3);
		assertThat(journal.sessionsOpened()).isEqualTo(3);
		assertThat(journal.sessionsClosed()).isOne();
		assertThat(journal.count(RequestKind.UNAUTHORIZED)).isOne();
	}

	@Test
	void sessionLimitIsPerUser() throws Exception {
		String trader = this.client.accessToken(NAME, PASSWORD);
		Map<String, Object> otherUser = SimulatorClient.loginBody("app-user", "app-password");
		otherUser.put("appId", "my-app");
		otherUser.put("sec", "my-secret");
		this.client.post("/auth/accesstokenrequest", otherUser);
		this.client.post("/auth/accesstokenrequest", otherUser);
		assertThat(this.client.get("/account/list", trader).statusCode()).isEqualTo(200);
	}

	@Test
	void loginOnTheWebSiteConsumesASession() throws Exception {
		String first = this.client.accessToken(NAME, PASSWORD);
		String second = this.client.accessToken(NAME, PASSWORD);
		this.simulator.openSessionElsewhere(NAME);
		assertThat(this.client.get("/account/list", first).statusCode()).isEqualTo(401);
		assertThat(this.client.get("/account/list", second).statusCode()).isEqualTo(200);
		assertThat(this.simulator.journal().sessionsOpened()).isEqualTo(3);
		assertThat(this.simulator.journal().logins()).isEqualTo(2);
	}

	@Test
	void closeAllSessionsRefusesEveryTokenOfTheUser() throws Exception {
		String first = this.client.accessToken(NAME, PASSWORD);
		String second = this.client.accessToken(NAME, PASSWORD);
		this.simulator.closeAllSessions(NAME);
		assertThat(this.client.get("/account/list", first).statusCode()).isEqualTo(401);
		assertThat(this.client.get("/auth/me", second).statusCode()).isEqualTo(401);
		assertThat(this.client.get("/auth/renewaccesstoken", second).statusCode()).isEqualTo(401);
		assertThat(this.simulator.journal().sessionsClosed()).isEqualTo(2);
		assertThat(this.client.accessToken(NAME, PASSWORD)).isNotBlank();
	}

	@Test
	void sessionMethodsRejectUnknownUsers() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.simulator.openSessionElsewhere("nobody"));
		assertThatIllegalArgumentException().isThrownBy(() -> this.simulator.closeAllSessions("nobody"));
	}

}
