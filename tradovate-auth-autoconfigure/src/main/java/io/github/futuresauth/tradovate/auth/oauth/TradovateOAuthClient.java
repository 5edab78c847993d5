package io.github.futuresauth.tradovate.auth.oauth;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;

import io.github.futuresauth.tradovate.auth.AccessToken;
import io.github.futuresauth.tradovate.auth.AuthRequest;
import io.github.futuresauth.tradovate.auth.ReauthorizationRequiredException;
import io.github.futuresauth.tradovate.auth.TokenRejectedException;
import io.github.futuresauth.tradovate.auth.TradovateAuthClient;
import io.github.futuresauth.tradovate.auth.TradovateAuthException;
import io.github.futuresauth.tradovate.auth.TradovateCredentials;
import io.github.futuresauth.tradovate.auth.TradovateUnavailableException;
import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.springframework.http.MediaType;
import org.springframework.util.Assert;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.util.StringUtils;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

/**
 * The auth client of one user who authorized the application through OAuth, so that a
 * {@link io.github.futuresauth.tradovate.auth.RenewingTokenProvider} keeps that user's
 * token alive as it does a password user's. Such a user has no password: a login is the
 * refresh-token grant of {@code /auth/oauthtoken} when Tradovate gave a refresh token,
 * and otherwise a {@link ReauthorizationRequiredException}, which holds that user alone
 * and sends nothing. A renewal tries {@code /auth/renewaccesstoken} first, and, once
 * Tradovate refused it for this user, goes straight to the refresh-token grant.
 */
public class TradovateOAuthClient extends TradovateAuthClient {

	/** The error of a refresh-token grant that Tradovate refuses for good. */
	private static final String INVALID_GRANT = "invalid_grant";

	private final RestClient restClient;

	private final String clientId;

	private final String clientSecret;

	private final RefreshTokens refreshTokens;

	private final Clock clock;

	private volatile boolean renewalRefused;

	private volatile OAuthRenewal lastRenewal = OAuthRenewal.NONE;

	/**
	 * Create a client for one user.
	 * @param restClient the client of Tradovate's REST API, with its base URL
	 * @param baseUrl the base URL
	 * @param clientId the application's OAuth client id
	 * @param clientSecret the application's OAuth client secret
	 * @param refreshTokens where the user's refresh token is kept
	 * @param clock the clock that the lifetime of refreshed tokens is counted on
	 */
	public TradovateOAuthClient(RestClient restClient, URI baseUrl, String clientId, String clientSecret,
			RefreshTokens refreshTokens, Clock clock) {
		super(restClient, baseUrl);
		Assert.hasText(clientId, "The client id must not be empty");
		Assert.hasText(clientSecret, "The client secret must not be empty");
		this.restClient = restClient;
		this.clientId = clientId;
		this.clientSecret = clientSecret;
		Assert.notNull(refreshTokens, "RefreshTokens must not be null");
		this.refreshTokens = refreshTokens;
		this.clock = clock;
	}

	/**
	 * Return how the user's token was last kept alive.
	 * @return the way, {@link OAuthRenewal#NONE} before the first renewal
	 */
	public OAuthRenewal getLastRenewal() {
		return this.lastRenewal;
	}

	/**
	 * Return whether a refresh token is at hand.
	 * @return whether the token can be refreshed without the user
	 */
	public boolean canRefresh() {
		return this.refreshTokens.get() != null;
	}

	/**
	 * The refresh-token grant when a refresh token is at hand; otherwise nothing is sent.
	 */
	@Override
	public AuthRequest loginRequest() {
		return canRefresh() ? AuthRequest.OAUTH_TOKEN : AuthRequest.NONE;
	}

	/**
	 * {@code /auth/renewaccesstoken} until Tradovate refused it for this user; then what
	 * a login sends.
	 */
	@Override
	public AuthRequest renewalRequest() {
		return this.renewalRefused ? loginRequest() : AuthRequest.RENEW_ACCESS_TOKEN;
	}

	/**
	 * Replace the token by the refresh-token grant, or ask the user to authorize the
	 * application again: the user has no password to log in with.
	 */
	@Override
	public AccessToken login(TradovateCredentials credentials, @Nullable String penaltyTicket) {
		return refresh(credentials.name(), null);
	}

	/**
	 * Renew through {@code /auth/renewaccesstoken} unless Tradovate refused it for this
	 * user before; then, or when it is refused now, through the refresh-token grant.
	 */
	@Override
	public AccessToken renew(AccessToken token) {
		if (!this.renewalRefused) {
			try {
				AccessToken renewed = super.renew(token);
				this.lastRenewal = OAuthRenewal.RENEW;
				return renewed;
			}
			catch (TokenRejectedException ex) {
				// Not documented for OAuth tokens, and refused here: no renewal is spent
				// on it again.
				this.renewalRefused = true;
			}
		}
		return refresh(String.valueOf(token.name()), token);
	}

	private AccessToken refresh(String name, @Nullable AccessToken previous) {
		String refresh = this.refreshTokens.get();
		if (refresh == null) {
			this.lastRenewal = OAuthRenewal.REAUTHORIZE;
			throw new ReauthorizationRequiredException(name,
					"Tradovate gave no refresh token, and the token can no longer be renewed");
		}
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("grant_type", "refresh_token");
		form.add("refresh_token", refresh);
		form.add("client_id", this.clientId);
		form.add("client_secret", this.clientSecret);
		TokenResponse response;
		try {
			response = this.restClient.post()
				.uri("/auth/oauthtoken")
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.body(form)
				.retrieve()
				.body(TokenResponse.class);
		}
		catch (RestClientResponseException ex) {
			String error = error(ex);
			if (INVALID_GRANT.equals(error)) {
				return refused(name, refresh,
						"Tradovate refused the refresh token (" + ex.getStatusCode().value() + " " + error + ")");
			}
			// The application's credentials refused (invalid_client), a request it did
			// not understand, an outage: the refresh token is still good, for the whole
			// fleet, once that is fixed. Such an answer says nothing about the user's
			// session either, so only a 429 keeps its status, for the hold it asks for:
			// any other would have the renewal spend one of the address's /auth/me
			// checks.
			int status = ex.getStatusCode().value();
			throw new TradovateUnavailableException(
					"Could not refresh the OAuth token: " + status + ((error != null) ? " " + error : ""), ex,
					(status == 429) ? status : 0, null);
		}
		catch (RestClientException ex) {
			throw new TradovateUnavailableException("Could not refresh the OAuth token", ex, 0, null);
		}
		if (response != null && INVALID_GRANT.equals(response.error())) {
			return refused(name, refresh, "Tradovate refused the refresh token (" + response.error() + ")");
		}
		if (response == null || StringUtils.hasText(response.error()) || !StringUtils.hasText(response.accessToken())
				|| response.expiresIn() == null) {
			throw new TradovateUnavailableException("Could not refresh the OAuth token: Tradovate answered "
					+ ((response != null && StringUtils.hasText(response.error())) ? response.error()
							: "without a token"),
					null, 0, null);
		}
		if (response.refreshToken() != null) {
			this.refreshTokens.replace(refresh, response.refreshToken());
		}
		this.lastRenewal = OAuthRenewal.REFRESH;
		Instant expires = this.clock.instant().plusSeconds(response.expiresIn());
		return new AccessToken(response.accessToken(), null, expires, (previous != null) ? previous.userId() : null,
				name, (previous != null) ? previous.userStatus() : null);
	}

	/** The OAuth error code in an error answer, if it has one. */
	private static @Nullable String error(RestClientResponseException ex) {
		try {
			TokenResponse body = ex.getResponseBodyAs(TokenResponse.class);
			return (body != null && StringUtils.hasText(body.error())) ? body.error() : null;
		}
		catch (RuntimeException notJson) {
			return null;
		}
	}

	private AccessToken refused(String name, String refresh, String reason) {
		this.refreshTokens.replace(refresh, null);
		this.lastRenewal = OAuthRenewal.REAUTHORIZE;
		throw new ReauthorizationRequiredException(name, reason);
	}

	@Override
	public String toString() {
		return "TradovateOAuthClient[clientId=" + this.clientId + ", lastRenewal=" + this.lastRenewal + "]";
	}

	/**
	 * The answer of {@code /auth/oauthtoken}; Tradovate writes its fields in snake case.
	 */
	record TokenResponse(@JsonProperty("access_token") @Nullable String accessToken,
			@JsonProperty("expires_in") @Nullable Long expiresIn,
			@JsonProperty("refresh_token") @Nullable String refreshToken, @Nullable String error,
			@JsonProperty("error_description") @Nullable String errorDescription) {

		@Override
		public String toString() {
			return "TokenResponse[accessToken=" + mask(this.accessToken) + ", expiresIn=" + this.expiresIn
					+ ", refreshToken=" + mask(this.refreshToken) + ", error=" + this.error + "]";
		}

		private static String mask(@Nullable String token) {
			return (token != null) ? "******" : "null";
		}

	}

}
