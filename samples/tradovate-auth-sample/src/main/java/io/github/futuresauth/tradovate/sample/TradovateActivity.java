package io.github.futuresauth.tradovate.sample;

import java.util.List;
import java.util.Map;

import io.github.futuresauth.tradovate.auth.AccessToken;
import io.github.futuresauth.tradovate.auth.AccessTokenAcquiredEvent;
import io.github.futuresauth.tradovate.auth.AccessTokenFailedEvent;
import io.github.futuresauth.tradovate.auth.AccessTokenRejectedEvent;
import io.github.futuresauth.tradovate.auth.AccessTokenRenewedEvent;
import io.github.futuresauth.tradovate.auth.TokenProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.event.EventListener;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * What the sample does: it asks the {@link TokenProvider} for the token, calls
 * {@code /auth/me} and {@code /account/list} through the auto-configured
 * {@link RestClient}, polls the account list while it runs, and prints one line per token
 * event. No line ever shows a token.
 */
@Component
class TradovateActivity implements ApplicationRunner {

	private static final Logger logger = LoggerFactory.getLogger(TradovateActivity.class);

	private static final ParameterizedTypeReference<List<Map<String, Object>>> ACCOUNTS = //
			new ParameterizedTypeReference<>() {
			};

	private final RestClient tradovate;

	private final TokenProvider tokenProvider;

	TradovateActivity(@Qualifier("tradovateRestClient") RestClient tradovate, TokenProvider tokenProvider) {
		this.tradovate = tradovate;
		this.tokenProvider = tokenProvider;
	}

	@Override
	public void run(ApplicationArguments args) {
		AccessToken token = this.tokenProvider.getToken();
		logger.info("[sample] TokenProvider holds the token of '{}' until {}; a WebSocket would take it from there",
				token.name(), token.expirationTime());
		Map<?, ?> me = this.tradovate.get().uri("/auth/me").retrieve().body(Map.class);
		logger.info("[sample] /auth/me: user '{}' (id {}, {})", me.get("name"), me.get("userId"), me.get("fullName"));
		listAccounts();
	}

	@Scheduled(initialDelayString = "${sample.poll-interval:20s}", fixedDelayString = "${sample.poll-interval:20s}")
	void listAccounts() {
		List<Map<String, Object>> accounts = this.tradovate.get().uri("/account/list").retrieve().body(ACCOUNTS);
		logger.info("[sample] /account/list: {} account(s): {}", accounts.size(),
				accounts.stream().map((account) -> account.get("name")).toList());
	}

	@EventListener
	void loggedIn(AccessTokenAcquiredEvent event) {
		logger.info("[sample] Logged in as '{}'; the token expires at {}", event.getToken().name(),
				event.getToken().expirationTime());
	}

	@EventListener
	void renewed(AccessTokenRenewedEvent event) {
		logger.info("[sample] Token renewed; it now expires at {}", event.getToken().expirationTime());
	}

	@EventListener
	void rejected(AccessTokenRejectedEvent event) {
		logger.info("[sample] Tradovate rejected the token (was the session closed elsewhere?); logging in again");
	}

	@EventListener
	void failed(AccessTokenFailedEvent event) {
		logger.warn("[sample] {} failed: {}", event.getOperation(), event.getException().getMessage());
	}

}
