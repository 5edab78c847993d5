package io.github.futuresauth.tradovate.autoconfigure.oauth;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

import io.github.futuresauth.tradovate.auth.TradovateAuthClient;
import io.github.futuresauth.tradovate.auth.TradovateUsers;
import io.github.futuresauth.tradovate.autoconfigure.TradovateAuthAutoConfiguration;
import io.github.futuresauth.tradovate.autoconfigure.TradovateAuthProperties;
import io.github.futuresauth.tradovate.autoconfigure.TradovateTokenProviderConfigurer;
import io.github.futuresauth.tradovate.autoconfigure.TradovateTokenStoreFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.web.client.RestClient;

/**
 * Auto-configuration of "Connect with Tradovate": when Spring Security's OAuth2 client is
 * on the class path of a servlet web application that registers {@code tradovate}
 * ({@code spring.security.oauth2.client.registration.tradovate.client-id}), the token of
 * every user who authorizes the application is handed to the starter's token management:
 * stored per user, registered with {@link TradovateUsers} under the principal's name, and
 * kept alive. Spring Boot's own {@link OAuth2AuthorizedClientService} backs off.
 */
@AutoConfiguration(after = TradovateAuthAutoConfiguration.class, beforeName = {
		TradovateOAuth2AutoConfiguration.OAUTH2_CLIENT_AUTO_CONFIGURATION,
		"org.springframework.boot.security.oauth2.client.autoconfigure.servlet.OAuth2ClientWebSecurityAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ OAuth2AuthorizedClientService.class, RestClient.class })
@ConditionalOnProperty(name = "spring.security.oauth2.client.registration.tradovate.client-id")
@Conditional(TradovateOAuth2AutoConfiguration.ClientRegistrationsCondition.class)
@EnableConfigurationProperties(TradovateAuthProperties.class)
public final class TradovateOAuth2AutoConfiguration {

	/**
	 * Spring Boot's auto-configuration of the OAuth2 client: it registers the
	 * {@link ClientRegistrationRepository} from the same properties, and an
	 * {@link OAuth2AuthorizedClientService} unless there is one.
	 */
	static final String OAUTH2_CLIENT_AUTO_CONFIGURATION = "org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientAutoConfiguration";

	private static final String REGISTRATION = "spring.security.oauth2.client.registration.tradovate.";

	@Bean
	@ConditionalOnMissingBean
	TradovateOAuthUsers tradovateOAuthUsers(TradovateUsers users, TradovateTokenStoreFactory stores,
			TradovateAuthProperties properties, Environment environment, TradovateTokenProviderConfigurer configurer,
			ApplicationEventPublisher eventPublisher) {
		URI baseUrl = properties.determineBaseUrl();
		RestClient restClient = RestClient.builder()
			.baseUrl(TradovateAuthClient.requireSafeBaseUrl(baseUrl).toString())
			.requestFactory(requestFactory(properties))
			.defaultHeader(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE)
			.build();
		return new TradovateOAuthUsers(users, stores, properties.getEnvironment(), restClient, baseUrl,
				environment.getRequiredProperty(REGISTRATION + "client-id"),
				environment.getRequiredProperty(REGISTRATION + "client-secret"), (provider) -> {
					provider.setApplicationEventPublisher(eventPublisher);
					return configurer.configure(provider);
				});
	}

	@Bean
	@ConditionalOnMissingBean(OAuth2AuthorizedClientService.class)
	TradovateOAuth2AuthorizedClientService tradovateAuthorizedClientService(ClientRegistrationRepository registrations,
			TradovateOAuthUsers users, ObjectProvider<TradovateAuthClient> authClient) {
		return new TradovateOAuth2AuthorizedClientService(registrations, users,
				(token) -> authClient.getObject().me(token));
	}

	/**
	 * Reads Tradovate's answer to the exchange of a code, which may carry an error with a
	 * success status, and no {@code token_type}, within the timeouts of the starter's
	 * other auth calls ({@code tradovate.connect-timeout},
	 * {@code tradovate.read-timeout}). Backs off for the application's own client of the
	 * code grant, matched with its generic type (as Spring Security looks it up): a
	 * client for another grant is no reason to.
	 */
	@Bean
	@ConditionalOnMissingBean
	OAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> tradovateAccessTokenResponseClient(
			TradovateAuthProperties properties) {
		OAuth2AccessTokenResponseHttpMessageConverter tokenResponses = new OAuth2AccessTokenResponseHttpMessageConverter();
		tokenResponses.setAccessTokenResponseConverter(new TradovateAccessTokenResponseConverter());
		RestClientAuthorizationCodeTokenResponseClient client = new RestClientAuthorizationCodeTokenResponseClient();
		client.setRestClient(RestClient.builder()
			.requestFactory(requestFactory(properties))
			.configureMessageConverters((converters) -> converters.addCustomConverter(new FormHttpMessageConverter())
				.addCustomConverter(tokenResponses))
			.defaultStatusHandler(new OAuth2ErrorResponseErrorHandler())
			.build());
		return client;
	}

	/**
	 * The timeouts of every other call to Tradovate's auth endpoints: a token endpoint
	 * that does not answer holds up no request thread for long.
	 */
	private static SimpleClientHttpRequestFactory requestFactory(TradovateAuthProperties properties) {
		SimpleClientHttpRequestFactory requestFactory = new SimpleClientHttpRequestFactory();
		requestFactory.setConnectTimeout(
				timeout(properties.getConnectTimeout(), TradovateAuthProperties.DEFAULT_CONNECT_TIMEOUT));
		requestFactory
			.setReadTimeout(timeout(properties.getReadTimeout(), TradovateAuthProperties.DEFAULT_READ_TIMEOUT));
		return requestFactory;
	}

	private static Duration timeout(Duration configured, Duration fallback) {
		return Objects.requireNonNullElse(configured, fallback);
	}

	/**
	 * Matches when the application's clients are registered: by a
	 * {@link ClientRegistrationRepository} of its own, or by Spring Boot's OAuth2 client
	 * auto-configuration, which registers them from the properties that this
	 * auto-configuration requires. Its repository cannot be looked for: it is defined in
	 * the same auto-configuration as the {@link OAuth2AuthorizedClientService} that must
	 * back off for this one's, so this one is evaluated first.
	 */
	static final class ClientRegistrationsCondition extends AnyNestedCondition {

		ClientRegistrationsCondition() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnBean(ClientRegistrationRepository.class)
		static final class ApplicationRegistrations {

		}

		@ConditionalOnClass(name = OAUTH2_CLIENT_AUTO_CONFIGURATION)
		static final class SpringBootRegistrations {

		}

	}

}
