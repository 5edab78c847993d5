package io.github.futuresauth.tradovate.sample;

import java.util.List;
import java.util.Map;

import io.github.futuresauth.tradovate.autoconfigure.TradovateRestClients;
import io.github.futuresauth.tradovate.autoconfigure.oauth.TradovateOAuthUsers;

import org.springframework.context.annotation.Profile;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * The pages of the {@code oauth} profile: "Connect Tradovate", and the accounts of the
 * trader who connected, read through that trader's own {@code RestClient}, whose token
 * the starter keeps alive.
 */
@RestController
@Profile("oauth")
class ConnectedAccounts {

	private static final ParameterizedTypeReference<List<Map<String, Object>>> ACCOUNTS = //
			new ParameterizedTypeReference<>() {
			};

	private final TradovateRestClients clients;

	ConnectedAccounts(TradovateRestClients clients) {
		this.clients = clients;
	}

	@GetMapping(path = "/", produces = MediaType.TEXT_HTML_VALUE)
	String home() {
		return "<html><body><h1>Tradovate sample</h1>"
				+ "<p><a href=\"/oauth2/authorization/tradovate\">Connect Tradovate</a></p></body></html>";
	}

	@GetMapping(path = "/accounts", produces = MediaType.TEXT_HTML_VALUE)
	String accounts(@AuthenticationPrincipal OAuth2User trader) {
		List<Map<String, Object>> accounts = this.clients.get(TradovateOAuthUsers.key(trader.getName()))
			.get()
			.uri("/account/list")
			.retrieve()
			.body(ACCOUNTS);
		StringBuilder page = new StringBuilder("<html><body><h1>Connected as ")
			.append(HtmlUtils.htmlEscape(trader.getName()))
			.append("</h1><ul>");
		for (Map<String, Object> account : accounts) {
			page.append("<li>").append(HtmlUtils.htmlEscape(String.valueOf(account.get("name")))).append("</li>");
		}
		return page.append("</ul></body></html>").toString();
	}

}
