package io.github.futuresauth.tradovate.benchmarks;

import java.time.Duration;
import java.time.Instant;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;

/**
 * Spring Security's OAuth2 client set up as a service sets it up for one client
 * registration with the {@code client_credentials} grant: the counterpart of the starter
 * in the benchmarks.
 */
final class SpringSecurityClients {

	/** The id of the only client registration. */
	static final String REGISTRATION_ID = "tradovate";

	/** The principal that the service authorizes as. */
	static final Authentication PRINCIPAL = new AnonymousAuthenticationToken("benchmarks", "anonymousUser",
			AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));

	private SpringSecurityClients() {
	}

	/**
	 * Return a registration whose token endpoint is the given URL.
	 * @param tokenUri the token endpoint
	 * @return the registration
	 */
	static ClientRegistration registration(String tokenUri) {
		return ClientRegistration.withRegistrationId(REGISTRATION_ID)
			.clientId("benchmarks")
			.clientSecret("benchmarks-secret")
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.tokenUri(tokenUri)
			.build();
	}

	/**
	 * Return a manager with the {@code client_credentials} provider and an in-memory
	 * client service, as Spring Security documents for services.
	 * @param registration the only registration
	 * @param service where authorized clients are kept
	 * @return the manager
	 */
	static AuthorizedClientServiceOAuth2AuthorizedClientManager manager(ClientRegistration registration,
			InMemoryOAuth2AuthorizedClientService service) {
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(
				new InMemoryClientRegistrationRepository(registration), service);
		manager
			.setAuthorizedClientProvider(OAuth2AuthorizedClientProviderBuilder.builder().clientCredentials().build());
		return manager;
	}

	/**
	 * Return a manager that already holds an authorized client with the given token,
	 * valid for hours, so that authorizing sends no token request.
	 * @param tokenValue the access token
	 * @return the manager
	 */
	static OAuth2AuthorizedClientManager preAuthorizedManager(String tokenValue) {
		// The token endpoint is never called: the port is the discard port, and nothing
		// listens there.
		ClientRegistration registration = registration("http://127.0.0.1:9/oauth2/token");
		InMemoryOAuth2AuthorizedClientService service = new InMemoryOAuth2AuthorizedClientService(
				new InMemoryClientRegistrationRepository(registration));
		Instant now = Instant.now();
		OAuth2AccessToken token = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, tokenValue, now,
				now.plus(Duration.ofHours(12)));
		service.saveAuthorizedClient(new OAuth2AuthorizedClient(registration, PRINCIPAL.getName(), token), PRINCIPAL);
		return manager(registration, service);
	}

	/**
	 * Return Spring Security's interceptor on a manager that already holds a token.
	 * @param tokenValue the access token
	 * @return the interceptor
	 */
	static OAuth2ClientHttpRequestInterceptor preAuthorizedInterceptor(String tokenValue) {
		OAuth2ClientHttpRequestInterceptor interceptor = new OAuth2ClientHttpRequestInterceptor(
				preAuthorizedManager(tokenValue));
		interceptor.setClientRegistrationIdResolver((request) -> REGISTRATION_ID);
		interceptor.setPrincipalResolver((request) -> PRINCIPAL);
		return interceptor;
	}

	/**
	 * Return the request that authorizes the only registration for the principal.
	 * @return the request
	 */
	static OAuth2AuthorizeRequest authorizeRequest() {
		return OAuth2AuthorizeRequest.withClientRegistrationId(REGISTRATION_ID).principal(PRINCIPAL).build();
	}

}
