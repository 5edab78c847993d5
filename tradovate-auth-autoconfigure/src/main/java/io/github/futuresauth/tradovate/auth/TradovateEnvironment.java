package io.github.futuresauth.tradovate.auth;

import java.net.URI;

/**
 * The Tradovate environments that serve the REST API, with their base URLs.
 *
 * @see TradovateAuthClient
 */
public enum TradovateEnvironment {

	/**
	 * Real accounts and real money.
	 */
	LIVE("https://live.tradovateapi.com/v1"),

	/**
	 * Simulated accounts, for development and paper trading.
	 */
	DEMO("https://demo.tradovateapi.com/v1");

	private final URI baseUrl;

	TradovateEnvironment(String baseUrl) {
		this.baseUrl = URI.create(baseUrl);
	}

	/**
	 * Return the base URL of this environment's REST API, ending with the API version.
	 * @return the base URL, such as {@code https://demo.tradovateapi.com/v1}
	 */
	public URI getBaseUrl() {
		return this.baseUrl;
	}

}
