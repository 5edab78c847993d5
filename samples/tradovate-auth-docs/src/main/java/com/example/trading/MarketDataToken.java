package com.example.trading;

import io.github.futuresauth.tradovate.auth.AccessToken;
import io.github.futuresauth.tradovate.auth.TokenProvider;

import org.springframework.stereotype.Component;

@Component
public class MarketDataToken {

	private final TokenProvider tokenProvider;

	MarketDataToken(TokenProvider tokenProvider) {
		this.tokenProvider = tokenProvider;
	}

	public String get() {
		// Valid, and renewed in the background:
		AccessToken token = this.tokenProvider.getToken();
		return (token.mdAccessToken() != null) ? token.mdAccessToken() : token.accessToken();
	}

}
