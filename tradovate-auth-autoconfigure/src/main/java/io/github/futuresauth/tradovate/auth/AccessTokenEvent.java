package io.github.futuresauth.tradovate.auth;

import org.springframework.context.ApplicationEvent;

/**
 * Base class for what happens to the access token of a {@link TokenProvider}. Listeners
 * run on the thread that obtained or lost the token, while it still holds the provider's
 * lock: keep them quick, and hand slow work (such as reconnecting a WebSocket) to another
 * thread.
 */
public abstract class AccessTokenEvent extends ApplicationEvent {

	protected AccessTokenEvent(TokenProvider source) {
		super(source);
	}

	/**
	 * Return the provider that published this event.
	 * @return the token provider
	 */
	public TokenProvider getTokenProvider() {
		return (TokenProvider) getSource();
	}

}
