package com.example.trading;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;

import io.github.futuresauth.tradovate.simulator.RequestKind;
import io.github.futuresauth.tradovate.simulator.TradovateSimulator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OAuthTests {

	// Never called: this client does not follow the redirect back to the application.
	static final URI CALLBACK = URI.create("http://127.0.0.1:8080/login/oauth2/code/tradovate");

	@Test
	void exchangesTheCodeOfAnApprovedAuthorization() throws Exception {
		try (TradovateSimulator simulator = TradovateSimulator.builder()
			.user("alice", "alice-password")
			.oauthClient("my-app", "my-secret", CALLBACK)
			.start()) {
			simulator.oauth().approveNext("alice"); // instead of filling in the form
			HttpClient http = HttpClient.newHttpClient();
			URI authorize = simulator.oauth().authorizeUrl("my-app", CALLBACK, "xyz");
			HttpResponse<Void> redirect = http.send(HttpRequest.newBuilder(authorize).build(),
					BodyHandlers.discarding());
			URI location = URI.create(redirect.headers().firstValue("Location").orElseThrow());
			String code = location.getQuery().replaceAll(".*code=([^&]+).*", "$1");
			String form = "grant_type=authorization_code&code=" + code + "&redirect_uri=" + CALLBACK
					+ "&client_id=my-app&client_secret=my-secret";
			HttpResponse<String> token = http.send(HttpRequest.newBuilder(simulator.oauth().tokenUrl())
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form))
				.build(), BodyHandlers.ofString());
			assertThat(token.body()).contains("\"access_token\"", "\"token_type\":\"bearer\"");
			assertThat(simulator.journal().count(RequestKind.OAUTH_TOKEN)).isOne();
			assertThat(simulator.openSessions()).containsEntry("alice", 1);
		}
	}

}
