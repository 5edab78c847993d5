package io.github.futuresauth.tradovate.simulator;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Lets an application context of a test that opted out of the simulator start only when
 * it cannot log in to anything but the loopback interface: when it has no
 * {@code tradovate.name}, or when {@code tradovate.base-url} and the WebSocket URLs point
 * at loopback addresses. It checks before any bean is created, so before a login at
 * startup, with every property source in place.
 */
final class LoopbackOnlyContextCustomizer implements ContextCustomizer {

	private static final String DEMO_BASE_URL = "https://demo.tradovateapi.com/v1";

	private static final String LIVE_BASE_URL = "https://live.tradovateapi.com/v1";

	private static final String DEMO_WEBSOCKET_URL = "wss://demo.tradovateapi.com/v1/websocket";

	private static final String LIVE_WEBSOCKET_URL = "wss://live.tradovateapi.com/v1/websocket";

	private static final String MARKET_DATA_WEBSOCKET_URL = "wss://md.tradovateapi.com/v1/websocket";

	@Override
	public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
		Class<?> testClass = mergedConfig.getTestClass();
		context.addBeanFactoryPostProcessor(
				(BeanFactoryPostProcessor) (beanFactory) -> check(context.getEnvironment(), testClass.getName()));
	}

	/**
	 * Fail when the environment would have the application log in beyond loopback.
	 * @param environment the environment
	 * @param testName the test, for the message
	 * @throws IllegalStateException naming the URLs and the switch that allows them
	 */
	static void check(Environment environment, String testName) {
		String name = environment.getProperty("tradovate.name");
		if (name == null || name.isBlank()) {
			return;
		}
		List<String> remote = new ArrayList<>();
		boolean live = "live".equalsIgnoreCase(environment.getProperty("tradovate.environment", "").trim());
		addIfRemote(remote, "tradovate.base-url",
				environment.getProperty("tradovate.base-url", live ? LIVE_BASE_URL : DEMO_BASE_URL));
		if (!"false".equalsIgnoreCase(environment.getProperty("tradovate.websocket.enabled", "true").trim())) {
			addIfRemote(remote, "tradovate.websocket.url",
					environment.getProperty("tradovate.websocket.url", live ? LIVE_WEBSOCKET_URL : DEMO_WEBSOCKET_URL));
			addIfRemote(remote, "tradovate.websocket.market-data-url",
					environment.getProperty("tradovate.websocket.market-data-url", MARKET_DATA_WEBSOCKET_URL));
		}
		if (remote.isEmpty()) {
			return;
		}
		throw new IllegalStateException("The application context of " + testName + " would log in to "
				+ String.join(", ", remote) + " as '" + name + "'. It opted out of the Tradovate simulator with"
				+ " @AutoConfigureTradovateSimulator(enabled = false), and a test reaches nothing but loopback"
				+ " addresses unless it says so: a login from a test spends one of the user's two sessions and may"
				+ " close the trader's. Point these properties at a server on 127.0.0.1, or remove enabled = false to"
				+ " run against the simulator, or, to reach a real Tradovate environment from this test on purpose,"
				+ " annotate it with @AutoConfigureTradovateSimulator(enabled = false, realEnvironment = true).");
	}

	private static void addIfRemote(List<String> remote, String property, String url) {
		if (!isLoopback(url)) {
			remote.add(url.trim() + " (" + property + ")");
		}
	}

	private static boolean isLoopback(String url) {
		String host;
		try {
			host = URI.create(url.trim()).getHost();
		}
		catch (IllegalArgumentException ex) {
			// The application's own checks say what is wrong with it.
			return true;
		}
		if (host == null) {
			return false;
		}
		return host.equalsIgnoreCase("localhost") || host.startsWith("127.") || host.equals("[::1]");
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof LoopbackOnlyContextCustomizer;
	}

	@Override
	public int hashCode() {
		return LoopbackOnlyContextCustomizer.class.hashCode();
	}

}
