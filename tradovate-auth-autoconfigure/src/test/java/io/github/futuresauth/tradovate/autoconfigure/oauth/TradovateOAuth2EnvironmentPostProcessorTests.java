package io.github.futuresauth.tradovate.autoconfigure.oauth;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TradovateOAuth2EnvironmentPostProcessor}.
 */
class TradovateOAuth2EnvironmentPostProcessorTests {

	private static final String PROVIDER = "spring.security.oauth2.client.provider.tradovate.";

	private static final String REGISTRATION = "spring.security.oauth2.client.registration.tradovate.";

	private final StandardEnvironment environment = new StandardEnvironment();

	@Test
	void describesTradovateOfTheConfiguredEnvironmentOnceTheApplicationRegistersIt() {
		TestPropertyValues.of(REGISTRATION + "client-id=app", "tradovate.environment=live").applyTo(this.environment);
		postProcess();
		assertThat(this.environment.getProperty(PROVIDER + "authorization-uri"))
			.isEqualTo("https://trader.tradovate.com/oauth");
		assertThat(this.environment.getProperty(PROVIDER + "token-uri"))
			.isEqualTo("https://live.tradovateapi.com/v1/auth/oauthtoken");
		assertThat(this.environment.getProperty(PROVIDER + "user-info-uri"))
			.isEqualTo("https://live.tradovateapi.com/v1/auth/me");
		assertThat(this.environment.getProperty(PROVIDER + "user-name-attribute")).isEqualTo("name");
		assertThat(this.environment.getProperty(REGISTRATION + "client-authentication-method"))
			.isEqualTo("client_secret_post");
		assertThat(this.environment.getProperty(REGISTRATION + "authorization-grant-type"))
			.isEqualTo("authorization_code");
	}

	@Test
	void theSimulatorServesItsOwnAuthorizePage() {
		TestPropertyValues.of(REGISTRATION + "client-id=app", "tradovate.base-url=http://127.0.0.1:8099/v1")
			.applyTo(this.environment);
		postProcess();
		assertThat(this.environment.getProperty(PROVIDER + "authorization-uri"))
			.isEqualTo("http://127.0.0.1:8099/oauth");
		assertThat(this.environment.getProperty(PROVIDER + "token-uri"))
			.isEqualTo("http://127.0.0.1:8099/v1/auth/oauthtoken");
	}

	@Test
	void followsABaseUrlSetAfterTheEnvironmentWasPrepared() {
		TestPropertyValues.of(REGISTRATION + "client-id=app").applyTo(this.environment);
		postProcess();
		// As a test's simulator does, once the application's environment is prepared.
		this.environment.getPropertySources()
			.addFirst(new MapPropertySource("simulator", Map.of("tradovate.base-url", "http://127.0.0.1:8099/v1")));
		assertThat(this.environment.getProperty(PROVIDER + "authorization-uri"))
			.isEqualTo("http://127.0.0.1:8099/oauth");
		assertThat(this.environment.getProperty(PROVIDER + "token-uri"))
			.isEqualTo("http://127.0.0.1:8099/v1/auth/oauthtoken");
		assertThat(this.environment.getProperty(PROVIDER + "user-info-uri"))
			.isEqualTo("http://127.0.0.1:8099/v1/auth/me");
	}

	@Test
	void theApplicationsOwnPropertiesWin() {
		TestPropertyValues
			.of(REGISTRATION + "client-id=app", PROVIDER + "authorization-uri=https://proxy.example/oauth")
			.applyTo(this.environment);
		postProcess();
		assertThat(this.environment.getProperty(PROVIDER + "authorization-uri"))
			.isEqualTo("https://proxy.example/oauth");
	}

	@Test
	void addsNothingWithoutATradovateRegistration() {
		postProcess();
		assertThat(this.environment.getPropertySources().contains("tradovateOAuth2Defaults")).isFalse();
	}

	private void postProcess() {
		new TradovateOAuth2EnvironmentPostProcessor().postProcessEnvironment(this.environment, new SpringApplication());
	}

}
