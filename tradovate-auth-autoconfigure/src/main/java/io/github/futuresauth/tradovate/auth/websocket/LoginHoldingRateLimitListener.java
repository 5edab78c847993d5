package io.github.futuresauth.tradovate.auth.websocket;

import io.github.futuresauth.tradovate.auth.RenewingTokenProvider;

import org.springframework.util.Assert;

/**
 * Holds the logins of a {@link RenewingTokenProvider} while Tradovate rate-limits a
 * WebSocket: Tradovate keys its limits and penalties to the network, so a login sent
 * meanwhile would only earn a longer penalty. The socket and the REST client so spend one
 * budget.
 */
public final class LoginHoldingRateLimitListener implements WebSocketRateLimitListener {

	private final RenewingTokenProvider tokenProvider;

	/**
	 * Create a listener that holds the logins of the given provider.
	 * @param tokenProvider the provider
	 */
	public LoginHoldingRateLimitListener(RenewingTokenProvider tokenProvider) {
		Assert.notNull(tokenProvider, "RenewingTokenProvider must not be null");
		this.tokenProvider = tokenProvider;
	}

	@Override
	public void onRateLimited(WebSocketRateLimit rateLimit) {
		this.tokenProvider.rateLimitedElsewhere("the " + rateLimit.socket() + " WebSocket", rateLimit.waitTime(),
				rateLimit.captchaRequired());
	}

}
