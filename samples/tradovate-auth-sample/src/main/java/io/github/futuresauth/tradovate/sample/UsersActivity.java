package io.github.futuresauth.tradovate.sample;

import java.util.List;
import java.util.Map;

import io.github.futuresauth.tradovate.auth.TradovateUsers;
import io.github.futuresauth.tradovate.autoconfigure.TradovateRestClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * What the sample does with the {@code users} profile: it lists the accounts of each of
 * the users of {@code tradovate.users}, through the {@code RestClient} of that user.
 */
@Component
@Profile("users")
class UsersActivity implements ApplicationRunner {

	private static final Logger logger = LoggerFactory.getLogger(UsersActivity.class);

	private static final ParameterizedTypeReference<List<Map<String, Object>>> ACCOUNTS = //
			new ParameterizedTypeReference<>() {
			};

	private final TradovateUsers users;

	private final TradovateRestClients clients;

	UsersActivity(TradovateUsers users, TradovateRestClients clients) {
		this.users = users;
		this.clients = clients;
	}

	@Override
	public void run(ApplicationArguments args) {
		listAccounts();
	}

	@Scheduled(initialDelayString = "${sample.poll-interval:20s}", fixedDelayString = "${sample.poll-interval:20s}")
	void listAccounts() {
		for (String key : this.users.keys()) {
			if (TradovateUsers.DEFAULT_USER.equals(key)) {
				continue;
			}
			List<Map<String, Object>> accounts = this.clients.get(key)
				.get()
				.uri("/account/list")
				.retrieve()
				.body(ACCOUNTS);
			logger.info("[sample] user '{}' (/account/list): {} account(s): {}", key, accounts.size(),
					accounts.stream().map((account) -> account.get("name")).toList());
		}
	}

}
