package io.github.futuresauth.tradovate.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;

import io.github.futuresauth.tradovate.auth.AccessToken;
import io.github.futuresauth.tradovate.auth.TokenProvider;
import io.github.futuresauth.tradovate.auth.TradovateAuthClient;
import io.github.futuresauth.tradovate.auth.TradovateUnavailableException;
import io.github.futuresauth.tradovate.simulator.RequestKind;
import io.github.futuresauth.tradovate.simulator.TradovateSimulator;
import io.github.futuresauth.tradovate.simulator.TradovateSimulatorExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TradovateHttpClientSettings}: logins, renewals and API calls on Spring
 * Boot's HTTP client settings, over TLS to the simulator through a proxy with a
 * self-signed certificate.
 */
class TradovateHttpClientSettingsTests {

	@RegisterExtension
	static final TradovateSimulatorExtension extension = new TradovateSimulatorExtension();

	@TempDir
	static Path directory;

	private static TlsProxy proxy;

	private final TradovateSimulator simulator = extension.simulator();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TradovateAuthAutoConfiguration.class,
				RestClientAutoConfiguration.class, HttpClientAutoConfiguration.class,
				ImperativeHttpClientAutoConfiguration.class, SslAutoConfiguration.class))
		.withPropertyValues("tradovate.name=" + TradovateSimulator.DEFAULT_USER_NAME,
				"tradovate.password=" + TradovateSimulator.DEFAULT_PASSWORD, "tradovate.retry.max-retries=0");

	@BeforeAll
	static void startProxy() {
		proxy = TlsProxy.start(extension.simulator().baseUrl(), directory);
	}

	@AfterAll
	static void stopProxy() {
		proxy.close();
	}

	private ApplicationContextRunner overTls() {
		return this.contextRunner.withPropertyValues("tradovate.base-url=" + proxy.baseUrl(),
				"spring.ssl.bundle.pem.simulator.truststore.certificate=file:" + proxy.certificate());
	}

	@Test
	void logsInRenewsAndCallsTheApiThroughSpringBootsSslBundle() {
		overTls().withPropertyValues("spring.http.clients.ssl.bundle=simulator").run((context) -> {
			assertThat(context).hasNotFailed();
			AccessToken token = context.getBean(TokenProvider.class).getToken();
			context.getBean(TradovateAuthClient.class).renew(token);
			RestClient tradovate = context.getBean("tradovateRestClient", RestClient.class);
			assertThat(tradovate.get().uri("/account/list").retrieve().body(String.class)).startsWith("[");
			assertThat(this.simulator.journal().logins()).isOne();
			assertThat(this.simulator.journal().renewals()).isOne();
			assertThat(this.simulator.journal().requests(RequestKind.API)).singleElement()
				.satisfies((request) -> assertThat(request.validBearer()).isTrue());
		});
	}

	@Test
	void tradovateSslBundleAppliesToLoginsAndTheReadyClientOnly() {
		overTls().withPropertyValues("tradovate.ssl.bundle=simulator").run((context) -> {
			assertThat(context).hasNotFailed();
			RestClient tradovate = context.getBean("tradovateRestClient", RestClient.class);
			assertThat(tradovate.get().uri("/account/list").retrieve().body(String.class)).startsWith("[");
			assertThat(this.simulator.journal().logins()).isOne();
		});
	}

	@Test
	void withoutTheBundleTheSelfSignedCertificateIsNotTrusted() {
		overTls().run((context) -> {
			assertThat(context).getFailure().isInstanceOf(TradovateUnavailableException.class);
			assertThat(this.simulator.journal().logins()).isZero();
		});
	}

	@Test
	void unknownTradovateSslBundleFailsStartup() {
		overTls().withPropertyValues("tradovate.ssl.bundle=missing")
			.run((context) -> assertThat(context).getFailure().hasStackTraceContaining("missing"));
	}

	@Test
	void springBootsReadTimeoutAppliesToTheLogin() {
		// The first login, unanswered, is sent once more after a pause: both time out.
		this.simulator.delayNext(2, Duration.ofSeconds(3));
		this.contextRunner
			.withPropertyValues("tradovate.base-url=" + this.simulator.baseUrl(),
					"spring.http.clients.read-timeout=300ms")
			.run((context) -> assertThat(context).getFailure().isInstanceOf(TradovateUnavailableException.class));
	}

	@Test
	void tradovateReadTimeoutTakesPrecedenceOverSpringBoots() {
		this.simulator.delayNext(1, Duration.ofMillis(600));
		this.contextRunner
			.withPropertyValues("tradovate.base-url=" + this.simulator.baseUrl(),
					"spring.http.clients.read-timeout=100ms", "tradovate.read-timeout=10s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(this.simulator.journal().logins()).isOne();
			});
	}

}
