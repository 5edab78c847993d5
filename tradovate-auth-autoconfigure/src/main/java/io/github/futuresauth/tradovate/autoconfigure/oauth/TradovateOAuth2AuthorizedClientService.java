package io.github.futuresauth.tradovate.autoconfigure.oauth;

import java.time.Instant;
import java.util.Map;

import io.github.futuresauth.tradovate.auth.AccessToken;
import io.github.futuresauth.tradovate.auth.HoldReason;
import io.github.futuresauth.tradovate.auth.LoginHeldException;
import io.github.futuresauth.tradovate.auth.ReauthorizationRequiredException;
import io.github.futuresauth.tradovate.auth.RenewingTokenProvider;
import io.github.futuresauth.tradovate.auth.TradovateAuthException;
import io.github.futuresauth.tradovate.auth.TradovateUser;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.util.Assert;

/**
 * Spring Security's view of the users who connected the application to Tradovate: an
 * {@link OAuth2AuthorizedClientService} whose clients of the {@code tradovate}
 * registration live in the starter's token management ({@link TradovateOAuthUsers}), so
 * that {@code @RegisteredOAuth2AuthorizedClient}, Spring Security's interceptor and the
 * starter's {@code RestClient} of the user all see the same token, renewed in the
 * background. The clients of other registrations are kept in memory, as Spring Boot would
 * keep them.
 */
public class TradovateOAuth2AuthorizedClientService implements OAuth2AuthorizedClientService {

	/** The id of the registration whose clients the starter keeps. */
	public static final String REGISTRATION_ID = "tradovate";

	private final ClientRegistrationRepository registrations;

	private final TradovateOAuthUsers users;

	private final UserLookup lookup;

	private final OAuth2AuthorizedClientService others;

	TradovateOAuth2AuthorizedClientService(ClientRegistrationRepository registrations, TradovateOAuthUsers users,
			UserLookup lookup) {
		Assert.notNull(registrations, "ClientRegistrationRepository must not be null");
		this.registrations = registrations;
		this.users = users;
		this.lookup = lookup;
		this.others = new InMemoryOAuth2AuthorizedClientService(registrations);
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T extends OAuth2AuthorizedClient> @Nullable T loadAuthorizedClient(String clientRegistrationId,
			String principalName) {
		if (!REGISTRATION_ID.equals(clientRegistrationId)) {
			return this.others.loadAuthorizedClient(clientRegistrationId, principalName);
		}
		ClientRegistration registration = this.registrations.findByRegistrationId(clientRegistrationId);
		RenewingTokenProvider provider = this.users.get(principalName);
		if (registration == null || provider == null) {
			return null;
		}
		try {
			AccessToken token = provider.getToken();
			return (T) new OAuth2AuthorizedClient(registration, principalName, new OAuth2AccessToken(
					OAuth2AccessToken.TokenType.BEARER, token.accessToken(), null, token.expirationTime()));
		}
		catch (TradovateAuthException ex) {
			if (mustAuthorizeAgain(ex)) {
				// No token to give, and only the user can get one: Spring Security's
				// authorized-client manager sends the user to authorize again.
				return null;
			}
			// An outage or a hold passes, and the user's authorization is still good:
			// sending the user to authorize again would not help.
			throw ex;
		}
	}

	/**
	 * Whether only the user can restore the token: it could be neither renewed nor
	 * refreshed, here, or on another instance, which left the user's refusal hold.
	 */
	private static boolean mustAuthorizeAgain(TradovateAuthException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof ReauthorizationRequiredException) {
				return true;
			}
		}
		// A user without a password is refused only for that reason.
		return ex instanceof LoginHeldException held && held.getReason() == HoldReason.REFUSED;
	}

	@Override
	public void saveAuthorizedClient(OAuth2AuthorizedClient authorizedClient, Authentication principal) {
		if (!REGISTRATION_ID.equals(authorizedClient.getClientRegistration().getRegistrationId())) {
			this.others.saveAuthorizedClient(authorizedClient, principal);
			return;
		}
		OAuth2AccessToken accessToken = authorizedClient.getAccessToken();
		Instant expiresAt = (accessToken.getExpiresAt() != null) ? accessToken.getExpiresAt()
				: Instant.now().plusSeconds(3600);
		TradovateUser user = describe(principal, accessToken, expiresAt);
		AccessToken token = new AccessToken(accessToken.getTokenValue(), null, expiresAt, user.userId(), user.name(),
				null);
		this.users.connect(authorizedClient.getPrincipalName(), token, (authorizedClient.getRefreshToken() != null)
				? authorizedClient.getRefreshToken().getTokenValue() : null);
	}

	@Override
	public void removeAuthorizedClient(String clientRegistrationId, String principalName) {
		if (!REGISTRATION_ID.equals(clientRegistrationId)) {
			this.others.removeAuthorizedClient(clientRegistrationId, principalName);
			return;
		}
		this.users.disconnect(principalName);
	}

	/**
	 * The Tradovate user of a new token: from the principal when Spring Security asked
	 * {@code /auth/me} for it at a login through Tradovate, else from {@code /auth/me}.
	 * The attributes of a login through another provider say nothing about Tradovate.
	 */
	private TradovateUser describe(Authentication principal, OAuth2AccessToken accessToken, Instant expiresAt) {
		if (principal instanceof OAuth2AuthenticationToken login
				&& REGISTRATION_ID.equals(login.getAuthorizedClientRegistrationId())) {
			Map<String, Object> attributes = login.getPrincipal().getAttributes();
			if (attributes.get("userId") instanceof Number userId && attributes.get("name") instanceof String name) {
				return new TradovateUser(userId.longValue(), name, null, null, false, false);
			}
		}
		return this.lookup.me(new AccessToken(accessToken.getTokenValue(), null, expiresAt, null, null, null));
	}

	/** Asks Tradovate which user a token belongs to. */
	@FunctionalInterface
	interface UserLookup {

		TradovateUser me(AccessToken token);

	}

}
