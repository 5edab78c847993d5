package com.example.plain;

import java.time.Duration;
import java.util.List;

import io.github.futuresauth.tradovate.auth.RenewingTokenProvider;
import io.github.futuresauth.tradovate.auth.TradovateAuthClient;
import io.github.futuresauth.tradovate.auth.TradovateCredentials;
import io.github.futuresauth.tradovate.auth.TradovateEnvironment;
import io.github.futuresauth.tradovate.auth.TradovateUsers;

import org.springframework.web.client.RestClient;

class PlainTradovateUsers {

	public static void main(String[] args) {
		TradovateAuthClient client = TradovateAuthClient.create(TradovateEnvironment.DEMO.getBaseUrl(),
				Duration.ofSeconds(5), Duration.ofSeconds(10));
		TradovateUsers users = new TradovateUsers((credentials) -> new RenewingTokenProvider(client, credentials),
				TradovateEnvironment.DEMO.getBaseUrl());
		users.add("alice", TradovateCredentials.of(System.getenv("ALICE_NAME"), System.getenv("ALICE_PASSWORD")));
		users.add("bob", TradovateCredentials.of(System.getenv("BOB_NAME"), System.getenv("BOB_PASSWORD")));
		RestClient tradovate = RestClient.builder()
			.baseUrl(TradovateEnvironment.DEMO.getBaseUrl().toString())
			.requestInterceptor(users.interceptor())
			.build();
		List<?> accounts = tradovate.get()
			.uri("/account/list")
			.attribute(TradovateUsers.USER_ATTRIBUTE, "alice")
			.retrieve()
			.body(List.class);
		// ...
		users.remove("bob"); // stops renewing bob's token
		users.close(); // stops renewing every user's token
	}

}
