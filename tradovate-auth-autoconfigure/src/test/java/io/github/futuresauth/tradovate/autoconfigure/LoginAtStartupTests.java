package io.github.futuresauth.tradovate.autoconfigure;

import java.time.Duration;
import java.time.Instant;

import io.github.futuresauth.tradovate.auth.AccessToken;
import io.github.futuresauth.tradovate.auth.AuthLimits;
import io.github.futuresauth.tradovate.auth.InMemoryTokenStore;
import io.github.futuresauth.tradovate.auth.RenewingTokenProvider;
import io.github.futuresauth.tradovate.auth.SimulatedProviders;
import io.github.futuresauth.tradovate.auth.TokenStore;
import io.github.futuresauth.tradovate.simulator.RequestKind;
import io.github.futuresauth.tradovate.simulator.TradovateSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LoginAtStartup}: a token kept from before the start is used, and
 * checked only within the budget of {@code /auth/me}. A restart is a new provider on the
 * store that the previous one wrote.
 */
class LoginAtStartupTests {

	private static final String PASSWORD = TradovateSimulator.DEFAULT_PASSWORD;

	private final TradovateSimulator simulator = TradovateSimulator.builder()
		.user(TradovateSimulator.DEFAULT_USER_NAME, PASSWORD)
		.start();

	private final SimulatedProviders providers = new SimulatedProviders(this.simulator);

	private final TokenStore store = new InMemoryTokenStore();

	@AfterEach
	void close() {
		this.providers.close();
		this.simulator.close();
	}

	@Test
	void logsInWhenNothingIsKept() {
		startProcess();
		assertThat(this.simulator.journal().requests()).extracting("kind").containsExactly(RequestKind.LOGIN);
	}

	@Test
	void tokenObtainedMomentsAgoIsUsedWithoutAnyRequest() {
		AccessToken token = startProcess().getToken();
		this.providers.clock().advance(Duration.ofMinutes(1));
		assertThat(startProcess().getToken()).isEqualTo(token);
		assertThat(this.simulator.journal().requests()).extracting("kind").containsExactly(RequestKind.LOGIN);
	}

	@Test
	void tokenKeptLongerIsCheckedOnceAndUsed() {
		AccessToken token = startProcess().getToken();
		this.providers.clock().advance(Duration.ofMinutes(20));
		assertThat(startProcess().getToken()).isEqualTo(token);
		assertThat(this.simulator.journal().requests()).extracting("kind")
			.containsExactly(RequestKind.LOGIN, RequestKind.ME);
	}

	@Test
	void keptTokenWhoseSessionWasClosedMeanwhileIsReplacedByALogin() {
		AccessToken token = startProcess().getToken();
		this.providers.clock().advance(Duration.ofMinutes(20));
		this.simulator.closeAllSessions(TradovateSimulator.DEFAULT_USER_NAME);
		assertThat(startProcess().getToken()).isNotEqualTo(token);
		assertThat(this.simulator.journal().logins()).isEqualTo(2);
	}

	@Test
	void restartLoopSpendsNoMoreChecksThanTheHourlyBudget() {
		startProcess();
		Instant start = this.providers.clock().instant();
		for (int i = 1; i <= 20; i++) {
			this.providers.clock().setInstant(start.plus(Duration.ofMinutes(3L * i)));
			startProcess();
		}
		assertThat(this.simulator.journal().logins()).isOne();
		assertThat(this.simulator.journal().maxInAnyHour(RequestKind.ME)).isPositive()
			.isLessThanOrEqualTo(AuthLimits.TRADOVATE.checksPerHour());
	}

	private RenewingTokenProvider startProcess() {
		RenewingTokenProvider provider = this.providers.provider(PASSWORD);
		provider.setTokenStore(this.store);
		new LoginAtStartup(provider, this.store, AuthLimits.TRADOVATE.checksPerHour()).afterSingletonsInstantiated();
		return provider;
	}

}
