package io.github.futuresauth.tradovate.autoconfigure.oauth;

import java.net.URI;

import io.github.futuresauth.tradovate.simulator.TradovateSimulator;

import org.springframework.context.ApplicationContext;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationExchange;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationResponse;

/**
 * What Spring Security does for an application registered as {@code tradovate} with the
 * simulator's OAuth client {@code app}, for tests that need users who authorized it
 * without a browser.
 */
public final class OAuthAuthorizations {

	/** The application's redirect URI. */
	public static final URI REDIRECT = URI.create("http://localhost:8080/login/oauth2/code/tradovate");

	/** The properties of the registration. */
	public static final String[] PROPERTIES = { "spring.security.oauth2.client.registration.tradovate.client-id=app",
			"spring.security.oauth2.client.registration.tradovate.client-secret=app-secret" };

	private final TradovateSimulator simulator;

	/**
	 * Authorize against the given simulator, which must know the client {@code app}.
	 * @param simulator the simulator
	 */
	public OAuthAuthorizations(TradovateSimulator simulator) {
		this.simulator = simulator;
	}

	/**
	 * Return the registrations that Spring Boot would build from the properties.
	 * @return the repository
	 */
	public ClientRegistrationRepository registrations() {
		return new InMemoryClientRegistrationRepository(registration());
	}

	/**
	 * Return the registration of {@code tradovate}.
	 * @return the registration
	 */
	public ClientRegistration registration() {
		return ClientRegistration.withRegistrationId("tradovate")
			.clientId("app")
			.clientSecret("app-secret")
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri(REDIRECT.toString())
			.authorizationUri(this.simulator.oauth().authorizeUrl().toString())
			.tokenUri(this.simulator.oauth().tokenUrl().toString())
			.userInfoUri(this.simulator.baseUrl() + "/auth/me")
			.userNameAttributeName("name")
			.build();
	}

	/**
	 * What Spring Security does after the callback of a user who approved: exchange the
	 * code, save the client.
	 * @param context the application
	 * @param user the simulator's user, and the principal's name
	 * @return the client saved
	 */
	public OAuth2AuthorizedClient authorize(ApplicationContext context, String user) {
		OAuth2AccessTokenResponse response = exchange(context, this.simulator.oauth().issueCode("app", REDIRECT, user));
		OAuth2AuthorizedClient client = new OAuth2AuthorizedClient(registration(), user, response.getAccessToken(),
				response.getRefreshToken());
		context.getBean(OAuth2AuthorizedClientService.class)
			.saveAuthorizedClient(client, new TestingAuthenticationToken(user, null));
		return client;
	}

	/**
	 * Exchange a code with the application's token-response client.
	 * @param context the application
	 * @param code the code
	 * @return Tradovate's answer
	 */
	@SuppressWarnings("unchecked")
	public OAuth2AccessTokenResponse exchange(ApplicationContext context, String code) {
		OAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> client = context
			.getBean("tradovateAccessTokenResponseClient", OAuth2AccessTokenResponseClient.class);
		OAuth2AuthorizationRequest request = OAuth2AuthorizationRequest.authorizationCode()
			.authorizationUri(this.simulator.oauth().authorizeUrl().toString())
			.clientId("app")
			.redirectUri(REDIRECT.toString())
			.state("state-1")
			.build();
		OAuth2AuthorizationResponse response = OAuth2AuthorizationResponse.success(code)
			.redirectUri(REDIRECT.toString())
			.state("state-1")
			.build();
		return client.getTokenResponse(new OAuth2AuthorizationCodeGrantRequest(registration(),
				new OAuth2AuthorizationExchange(request, response)));
	}

}
