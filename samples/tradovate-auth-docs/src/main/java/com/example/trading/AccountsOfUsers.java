package com.example.trading;

import java.util.List;

import io.github.futuresauth.tradovate.autoconfigure.TradovateRestClients;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.stereotype.Service;

@Service
public class AccountsOfUsers {

	private final TradovateRestClients clients;

	AccountsOfUsers(TradovateRestClients clients) {
		this.clients = clients;
	}

	// Each user's client carries that user's token alone.
	public List<Account> list(String user) {
		return this.clients.get(user).get().uri("/account/list").retrieve().body(new ParameterizedTypeReference<>() {
		});
	}

}
