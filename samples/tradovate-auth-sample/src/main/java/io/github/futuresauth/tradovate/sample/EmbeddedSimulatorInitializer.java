package io.github.futuresauth.tradovate.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.github.futuresauth.tradovate.autoconfigure.TradovateUserProperties;
import io.github.futuresauth.tradovate.simulator.TradovateSimulator;
import io.github.futuresauth.tradovate.simulator.TradovateSimulatorBuilder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.Profiles;

/**
 * Starts the Tradovate simulator inside the application and points {@code tradovate.*} at
 * it, unless the {@code demo} profile is active or {@code sample.simulator.enabled} is
 * {@code false} (as in tests that bring a simulator of their own). It runs before any
 * bean is created, so the starter sees the simulator's URL as if it had been configured.
 */
class EmbeddedSimulatorInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	private static final Log logger = LogFactory.getLog(EmbeddedSimulatorInitializer.class);

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not find a free port for the sample", ex);
		}
	}

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		ConfigurableEnvironment environment = context.getEnvironment();
		if (environment.acceptsProfiles(Profiles.of("demo"))
				|| !environment.getProperty("sample.simulator.enabled", Boolean.class, true)) {
			return;
		}
		Duration lifetime = DurationStyle
			.detectAndParse(environment.getProperty("sample.simulator.token-lifetime", "60s"));
		TradovateSimulatorBuilder builder = TradovateSimulator.builder()
			.clock(Clock.systemUTC())
			.tokenLifetime(lifetime)
			// Tokens this short are renewed far more often than Tradovate's 15 renewals
			// an hour.
			.rateLimits(false)
			.user(TradovateSimulator.DEFAULT_USER_NAME, TradovateSimulator.DEFAULT_PASSWORD);
		// The users of tradovate.users (the users profile) exist on the simulator too.
		Binder.get(environment)
			.bind("tradovate.users", Bindable.mapOf(String.class, TradovateUserProperties.class))
			.orElse(Map.of())
			.values()
			.forEach((user) -> builder.user(user.getName(), user.getPassword()));
		boolean oauth = environment.acceptsProfiles(Profiles.of("oauth"));
		Map<String, Object> oauthProperties = new HashMap<>();
		if (oauth) {
			// The simulator knows the application's redirect URI, and so its port, before
			// the web server starts: a port of 0 is chosen here.
			int port = environment.getProperty("server.port", Integer.class, 8080);
			port = (port != 0) ? port : freePort();
			oauthProperties.put("server.port", port);
			String registration = "spring.security.oauth2.client.registration.tradovate.";
			builder.oauthClient(environment.getRequiredProperty(registration + "client-id"),
					environment.getRequiredProperty(registration + "client-secret"),
					URI.create("http://localhost:" + port + "/login/oauth2/code/tradovate"),
					URI.create("http://127.0.0.1:" + port + "/login/oauth2/code/tradovate"));
		}
		TradovateSimulator simulator = builder.start();
		if (oauth) {
			// The starter points Spring Security at the simulator, from
			// tradovate.base-url.
			environment.getPropertySources()
				.addFirst(new MapPropertySource("embeddedTradovateSimulatorOAuth", oauthProperties));
		}
		// The embedded simulator starts afresh with every run and knows no token of an
		// earlier one: a token kept in a file would only be checked and found dead, so it
		// is kept in memory. It limits no renewals, which its short tokens need many of:
		// as Tradovate can for a network address, it grants a limit far above 15 an hour,
		// so that the renewals of several users are planned seconds apart, not minutes.
		environment.getPropertySources()
			.addFirst(new MapPropertySource("embeddedTradovateSimulator",
					Map.of("tradovate.base-url", simulator.baseUrl().toString(), "tradovate.websocket.url",
							simulator.webSockets().tradingUrl().toString(), "tradovate.websocket.market-data-url",
							simulator.webSockets().marketDataUrl().toString(), "tradovate.name",
							TradovateSimulator.DEFAULT_USER_NAME, "tradovate.password",
							TradovateSimulator.DEFAULT_PASSWORD, "tradovate.store.type", "memory",
							"tradovate.limits.granted", "true", "tradovate.limits.renewals-per-hour", "3600")));
		// Registered before any bean, so destroyed after every bean: the clients close
		// their sockets and stop renewing before the simulator stops, instead of warning
		// about a lost connection and trying to reconnect at shutdown.
		if (context.getBeanFactory() instanceof DefaultSingletonBeanRegistry registry) {
			registry.registerDisposableBean("embeddedTradovateSimulator", simulator::close);
		}
		else {
			context.addApplicationListener((ContextClosedEvent event) -> simulator.close());
		}
		logger.info("Started the embedded Tradovate simulator at " + simulator.baseUrl() + " (tokens live "
				+ lifetime.toSeconds() + "s); run with --spring.profiles.active=demo to use Tradovate's demo instead");
	}

}
