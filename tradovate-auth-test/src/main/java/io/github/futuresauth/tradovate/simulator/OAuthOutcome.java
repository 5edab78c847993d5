package io.github.futuresauth.tradovate.simulator;

import java.net.URI;

import org.jspecify.annotations.Nullable;

/**
 * What {@link SimulatedOAuth} decides about an OAuth request, and {@link OAuthHandler}
 * answers it with: a page, a redirect, or a token response.
 */
sealed interface OAuthOutcome {

	/**
	 * An error page with status 400, never a redirect: the request cannot be trusted to
	 * name where to send the user.
	 *
	 * @param message what went wrong
	 */
	record ErrorPage(String message) implements OAuthOutcome {

	}

	/**
	 * The authorize page's form.
	 *
	 * @param authorizationId the id of the pending authorization, a hidden field
	 * @param clientId the application asking
	 * @param browserNonce the value of the cookie bound to the page
	 * @param error why the form is shown again, or {@code null} the first time
	 */
	record LoginPage(String authorizationId, String clientId, String browserNonce,
			@Nullable String error) implements OAuthOutcome {

		@Override
		public String toString() {
			return "LoginPage[clientId=" + this.clientId + "]";
		}

	}

	/**
	 * A redirect back to the application.
	 *
	 * @param location where to
	 * @param kind how the request is journaled
	 */
	record Redirect(URI location, RequestKind kind) implements OAuthOutcome {

		@Override
		public String toString() {
			return "Redirect[kind=" + this.kind + "]";
		}

	}

	/**
	 * A successful token response.
	 *
	 * @param accessToken the access token
	 * @param expiresIn its life in seconds
	 * @param refreshToken the refresh token, or {@code null} when none are issued
	 * @param refreshTokenExpiresIn the refresh token's life in seconds
	 * @param kind how the request is journaled
	 */
	record TokenIssued(String accessToken, long expiresIn, @Nullable String refreshToken, long refreshTokenExpiresIn,
			RequestKind kind) implements OAuthOutcome {

		@Override
		public String toString() {
			return "TokenIssued[expiresIn=" + this.expiresIn + ", kind=" + this.kind + "]";
		}

	}

	/**
	 * A token error response.
	 *
	 * @param status the HTTP status
	 * @param error the {@code error} code
	 * @param description the {@code error_description}, which never quotes a secret
	 */
	record TokenError(int status, String error, String description) implements OAuthOutcome {

		static TokenError invalidRequest(String description) {
			return new TokenError(400, "invalid_request", description);
		}

		static TokenError invalidGrant(String description) {
			return new TokenError(400, "invalid_grant", description);
		}

		static TokenError invalidClient(String description) {
			return new TokenError(401, "invalid_client", description);
		}

	}

}
