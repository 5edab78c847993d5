package com.example.trading;

import java.util.List;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.stereotype.Service;
import org.springframework.web.client.RestClient;

@Service
public class Accounts {

	private final RestClient tradovate;

	// Or take a RestClient.Builder and build your own.
	Accounts(@Qualifier("tradovateRestClient") RestClient tradovate) {
		this.tradovate = tradovate;
	}

	public List<Account> list() {
		return this.tradovate.get().uri("/account/list").retrieve().body(new ParameterizedTypeReference<>() {
		});
	}

}
