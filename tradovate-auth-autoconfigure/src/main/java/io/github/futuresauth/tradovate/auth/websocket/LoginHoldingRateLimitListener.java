package io.github.futuresauth.tradovate.auth.websocket;

import io.github.futuresauth.tradovate.auth.RenewingTokenProvider;

import org.springframework.util.Assert;

/**
 * Holds the logins of a {@link RenewingTokenProvider} while Tradovate refuses a
 * WebSocket's requests with {@code 429}, or asks for a captcha: it then stops handling
 * requests from this user or network for a while, and a login sent meanwhile would only
 * earn a longer wait. The socket and the REST client so spend one budget. A time penalty
 * without a captcha holds only requests of its type on the socket, and no logins.
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
		if (rateLimit.status() != 429 && !rateLimit.captchaRequired()) {
			return;
		}
		this.tokenProvider.rateLimitedElsewhere("the " + rateLimit.socket() + " WebSocket", rateLimit.waitTime(),
				rateLimit.captchaRequired());
	}

}
