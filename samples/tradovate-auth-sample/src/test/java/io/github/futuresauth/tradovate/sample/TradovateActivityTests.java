package io.github.futuresauth.tradovate.sample;

import io.github.futuresauth.tradovate.simulator.AutoConfigureTradovateSimulator;
import io.github.futuresauth.tradovate.simulator.RequestKind;
import io.github.futuresauth.tradovate.simulator.TradovateSimulator;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TradovateActivity}, as an application tests a service of its own: on a
 * simulator that lives as long as the cached application context, so that every test uses
 * the session of the one login at startup.
 */
@SpringBootTest(properties = { "sample.simulator.enabled=false", "sample.poll-interval=1h" })
@AutoConfigureTradovateSimulator
class TradovateActivityTests {

	@Autowired
	private TradovateActivity activity;

	@Autowired
	private TradovateSimulator simulator;

	@Test
	void listsTheAccountsWithTheTokenOfTheLoginAtStartup() {
		long before = this.simulator.journal().count(RequestKind.API);
		this.activity.listAccounts();
		assertThat(this.simulator.journal().count(RequestKind.API)).isEqualTo(before + 1);
		assertThat(this.simulator.journal().requests(RequestKind.API))
			.allSatisfy((request) -> assertThat(request.validBearer()).isTrue());
		assertThat(this.simulator.journal().logins()).isOne();
	}

	@Test
	void anotherTestKeepsTheSessionOfTheSameLogin() {
		this.activity.listAccounts();
		assertThat(this.simulator.journal().count(RequestKind.UNAUTHORIZED)).isZero();
		assertThat(this.simulator.journal().logins()).isOne();
	}

}
