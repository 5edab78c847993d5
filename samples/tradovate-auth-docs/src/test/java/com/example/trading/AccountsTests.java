package com.example.trading;

import io.github.futuresauth.tradovate.simulator.TradovateSimulator;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

// With tradovate-auth-test, against a simulator: user "trader", password "s3cret-password".
@SpringBootTest
class AccountsTests {

	@Autowired
	Accounts accounts;

	@Autowired
	TradovateSimulator simulator; // its journal, clock and faults

	@Test
	void listsTheAccountsOnOneSession() {
		assertThat(this.accounts.list()).isNotEmpty();
		assertThat(this.simulator.journal().logins()).isOne();
	}

}
