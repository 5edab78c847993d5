package io.github.futuresauth.tradovate.simulator;

import org.jspecify.annotations.Nullable;

/**
 * What an application asked for when it sent a user to the authorize page of a
 * {@link SimulatedOAuth}, and so what a code issued for it may be exchanged for.
 *
 * @param client the application
 * @param redirectUri where the user is sent back to, one registered for the application
 * @param state the state to send back, or {@code null}
 * @param codeChallenge the PKCE code challenge, or {@code null}
 * @param codeChallengeMethod {@code S256} or {@code plain} with a code challenge,
 * otherwise {@code null}
 */
record OAuthAuthorizationRequest(SimulatedOAuth.Client client, String redirectUri, @Nullable String state,
		@Nullable String codeChallenge, @Nullable String codeChallengeMethod) {

}
