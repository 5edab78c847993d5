package io.github.futuresauth.tradovate.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The token endpoint of a {@link SimulatedOAuth}: exchanges codes and refresh tokens for
 * access tokens, and keeps the grants that they were issued for.
 *
 * <p>
 * Not thread-safe: {@link SimulatedOAuth} uses it only while holding its own lock.
 */
final class OAuthTokenIssuer {

	private final Clock clock;

	private final AuthenticationState state;

	private final Journal journal;

	private final OAuthCodes codes;

	private final @Nullable Duration refreshTokenLifetime;

	private final List<Grant> grants = new ArrayList<>();

	private final Map<String, Grant> grantsByRefreshToken = new HashMap<>();

	OAuthTokenIssuer(Clock serverClock, AuthenticationState state, Journal journal, OAuthCodes codes,
			@Nullable Duration refreshTokenLifetime) {
		this.clock = serverClock;
		this.state = state;
		this.journal = journal;
		this.codes = codes;
		this.refreshTokenLifetime = refreshTokenLifetime;
	}

	/**
	 * Answer {@code grant_type=authorization_code}.
	 * @param client the authenticated client
	 * @param parameters the request's fields
	 * @return the token or the error
	 */
	OAuthOutcome exchangeCode(SimulatedOAuth.Client client, Map<String, String> parameters) {
		String code = parameters.get("code");
		String redirectUri = parameters.get("redirect_uri");
		if (code == null) {
			return OAuthOutcome.TokenError.invalidRequest("The code is missing.");
		}
		if (redirectUri == null) {
			return OAuthOutcome.TokenError.invalidRequest("The redirect_uri is missing.");
		}
		Instant now = this.clock.instant();
		OAuthCodes.IssuedCode issued = this.codes.use(code);
		if (issued == null) {
			return OAuthOutcome.TokenError
				.invalidGrant(this.codes.wasUsed(code) ? "The code has been used already." : "The code is not known.");
		}
		OAuthAuthorizationRequest request = issued.request();
		if (!request.client().equals(client)) {
			return OAuthOutcome.TokenError.invalidGrant("The code was issued to another application.");
		}
		if (!now.isBefore(issued.expiresAt())) {
			return OAuthOutcome.TokenError.invalidGrant("The code has expired.");
		}
		if (!request.redirectUri().equals(redirectUri)) {
			return OAuthOutcome.TokenError.invalidGrant("The redirect_uri is not the one the code was issued for.");
		}
		if (request.codeChallenge() != null
				&& !verifies(parameters.get("code_verifier"), request.codeChallenge(), request.codeChallengeMethod())) {
			return OAuthOutcome.TokenError.invalidGrant("The code_verifier does not match the code_challenge.");
		}
		LoginOutcome.Granted granted = this.state.grantOAuth(issued.user(), null);
		Grant grant = new Grant(client, issued.user(), granted.accessToken());
		this.grants.add(grant);
		return issue(grant, granted, now, RequestKind.OAUTH_TOKEN);
	}

	/**
	 * Answer {@code grant_type=refresh_token}.
	 * @param client the authenticated client
	 * @param parameters the request's fields
	 * @return the token or the error
	 */
	OAuthOutcome refresh(SimulatedOAuth.Client client, Map<String, String> parameters) {
		if (this.refreshTokenLifetime == null) {
			return new OAuthOutcome.TokenError(400, "unsupported_grant_type", "This server issues no refresh tokens.");
		}
		String refreshToken = parameters.get("refresh_token");
		if (refreshToken == null) {
			return OAuthOutcome.TokenError.invalidRequest("The refresh_token is missing.");
		}
		Instant now = this.clock.instant();
		Grant grant = this.grantsByRefreshToken.get(refreshToken);
		if (grant == null || !grant.client.equals(client)) {
			return OAuthOutcome.TokenError
				.invalidGrant("The refresh token is not known, has been used already or was revoked.");
		}
		this.grantsByRefreshToken.remove(refreshToken);
		grant.refreshToken = null;
		if (!now.isBefore(grant.refreshTokenExpiresAt)) {
			this.grants.remove(grant);
			return OAuthOutcome.TokenError.invalidGrant("The refresh token has expired.");
		}
		LoginOutcome.Granted granted = this.state.grantOAuth(grant.user, grant.accessToken);
		grant.accessToken = granted.accessToken();
		return issue(grant, granted, now, RequestKind.OAUTH_REFRESH);
	}

	private OAuthOutcome issue(Grant grant, LoginOutcome.Granted granted, Instant now, RequestKind kind) {
		long expiresIn = Duration.between(now, granted.expirationTime()).getSeconds();
		if (this.refreshTokenLifetime == null) {
			return new OAuthOutcome.TokenIssued(granted.accessToken(), expiresIn, null, 0, kind);
		}
		grant.refreshToken = Secrets.newSecret();
		grant.refreshTokenExpiresAt = now.plus(this.refreshTokenLifetime);
		this.grantsByRefreshToken.put(grant.refreshToken, grant);
		this.journal.tokenIssued(grant.refreshToken);
		return new OAuthOutcome.TokenIssued(granted.accessToken(), expiresIn, grant.refreshToken,
				this.refreshTokenLifetime.getSeconds(), kind);
	}

	/**
	 * Revoke every grant of the given user to the given application: close the sessions
	 * they opened and forget their refresh tokens.
	 * @param client the application
	 * @param user the user
	 * @return how many grants were revoked
	 */
	int revoke(SimulatedOAuth.Client client, SimulatedUser user) {
		int revoked = 0;
		for (Iterator<Grant> iterator = this.grants.iterator(); iterator.hasNext();) {
			Grant grant = iterator.next();
			if (grant.client.equals(client) && grant.user.name().equals(user.name())) {
				this.state.closeSessionIfOpen(grant.accessToken);
				if (grant.refreshToken != null) {
					this.grantsByRefreshToken.remove(grant.refreshToken);
				}
				iterator.remove();
				revoked++;
			}
		}
		return revoked;
	}

	/**
	 * Return how many grants the given user has given the given application and not
	 * revoked.
	 * @param client the application
	 * @param userName the user's name
	 * @return the number of grants
	 */
	int count(SimulatedOAuth.Client client, String userName) {
		return (int) this.grants.stream()
			.filter((grant) -> grant.client.equals(client) && grant.user.name().equals(userName))
			.count();
	}

	void clear() {
		this.grants.clear();
		this.grantsByRefreshToken.clear();
	}

	private static boolean verifies(@Nullable String verifier, String challenge, String method) {
		if (verifier == null) {
			return false;
		}
		if ("plain".equals(method)) {
			return Secrets.equal(challenge, verifier);
		}
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Secrets.equal(challenge, Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	/**
	 * What a user granted an application by one exchanged code: the session its access
	 * tokens live in, found through the latest of them, and its current refresh token.
	 */
	private static final class Grant {

		private final SimulatedOAuth.Client client;

		private final SimulatedUser user;

		private String accessToken;

		private @Nullable String refreshToken;

		private Instant refreshTokenExpiresAt = Instant.MIN;

		Grant(SimulatedOAuth.Client client, SimulatedUser user, String accessToken) {
			this.client = client;
			this.user = user;
			this.accessToken = accessToken;
		}

	}

}
