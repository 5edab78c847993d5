package com.example.plain;

import java.time.Duration;

import io.github.futuresauth.tradovate.auth.RenewingTokenProvider;
import io.github.futuresauth.tradovate.auth.TradovateAuthClient;
import io.github.futuresauth.tradovate.auth.TradovateBearerTokenInterceptor;
import io.github.futuresauth.tradovate.auth.TradovateCredentials;
import io.github.futuresauth.tradovate.auth.TradovateEnvironment;

import org.springframework.web.client.RestClient;

class PlainTradovate {

	public static void main(String[] args) {
		String name = System.getenv("TRADOVATE_NAME");
		String password = System.getenv("TRADOVATE_PASSWORD");
		TradovateAuthClient client = TradovateAuthClient.create(TradovateEnvironment.DEMO.getBaseUrl(),
				Duration.ofSeconds(5), Duration.ofSeconds(10));
		RenewingTokenProvider tokenProvider = new RenewingTokenProvider(client,
				TradovateCredentials.of(name, password));
		RestClient tradovate = RestClient.builder()
			.baseUrl(TradovateEnvironment.DEMO.getBaseUrl().toString())
			.requestInterceptor(
					new TradovateBearerTokenInterceptor(tokenProvider, TradovateEnvironment.DEMO.getBaseUrl()))
			.build();
		// ...
		tokenProvider.close(); // stops renewing
	}

}
