package io.github.futuresauth.tradovate.simulator;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link TradovateSimulator} on its own, for pointing an application at it locally.
 *
 * <p>Options, as {@code --name=value} arguments or as {@code tradovate.simulator.name} system
 * properties (arguments win):
 * <ul>
 * <li>{@code port}: the port on 127.0.0.1, default {@value #DEFAULT_PORT}</li>
 * <li>{@code token-lifetime}: access token lifetime in seconds, default 5400 (90 minutes)</li>
 * <li>{@code session-limit}: sessions per user, default 2</li>
 * <li>{@code user} and {@code password}: the one user, default
 * {@value TradovateSimulator#DEFAULT_USER_NAME} and
 * {@value TradovateSimulator#DEFAULT_PASSWORD}</li>
 * </ul>
 * It runs with the system clock until the process is stopped.
 */
public final class TradovateSimulatorApplication {

	/**
	 * The port used when none is given.
	 */
	public static final int DEFAULT_PORT = 8099;

	private static final String SYSTEM_PROPERTY_PREFIX = "tradovate.simulator.";

	private static final List<String> OPTION_NAMES = List.of("port", "token-lifetime", "session-limit", "user",
			"password");

	private TradovateSimulatorApplication() {
	}

	/**
	 * Start the simulator and wait until the process is stopped.
	 * @param args {@code --name=value} options
	 * @throws InterruptedException if the main thread is interrupted while waiting
	 */
	public static void main(String[] args) throws InterruptedException {
		TradovateSimulator simulator;
		try {
			simulator = builder(args).start();
		}
		catch (IllegalArgumentException ex) {
			System.err.println("Invalid option: " + ex.getMessage());
			System.exit(2);
			return;
		}
		catch (UncheckedIOException ex) {
			System.err.println(ex.getMessage() + ": " + ex.getCause().getMessage());
			System.exit(1);
			return;
		}
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			simulator.close();
			stopped.countDown();
		}, "tradovate-simulator-shutdown"));
		System.out.println("Tradovate simulator listening at " + simulator.baseUrl()
				+ " - point an application at it with --tradovate.base-url=" + simulator.baseUrl());
		System.out.println("WebSockets at --tradovate.websocket.url=" + simulator.webSockets().tradingUrl()
				+ " --tradovate.websocket.market-data-url=" + simulator.webSockets().marketDataUrl());
		stopped.await();
	}

	/**
	 * Return a builder configured from the given options and the system properties.
	 * @param args {@code --name=value} options
	 * @return the configured builder
	 * @throws IllegalArgumentException if an option is unknown or has an invalid value
	 */
	static TradovateSimulator.Builder builder(String[] args) {
		Map<String, String> options = options(args);
		TradovateSimulator.Builder builder = TradovateSimulator.builder()
			// A clock that stood still would never let a token expire in a long local run.
			.clock(Clock.systemUTC())
			.port(intOption(options, "port", DEFAULT_PORT))
			.tokenLifetime(Duration.ofSeconds(intOption(options, "token-lifetime", 5400)))
			.sessionLimit(intOption(options, "session-limit", 2));
		return builder.user(options.getOrDefault("user", TradovateSimulator.DEFAULT_USER_NAME),
				options.getOrDefault("password", TradovateSimulator.DEFAULT_PASSWORD));
	}

	private static Map<String, String> options(String[] args) {
		Map<String, String> options = new LinkedHashMap<>();
		for (String name : OPTION_NAMES) {
			String value = System.getProperty(SYSTEM_PROPERTY_PREFIX + name);
			if (value != null) {
				options.put(name, value);
			}
		}
		for (String arg : args) {
			int equals = arg.indexOf('=');
			if (!arg.startsWith("--") || equals < 0) {
				// Without echoing the argument: it might be a password given without its name.
				throw new IllegalArgumentException("arguments must be of the form --name=value");
			}
			String name = arg.substring(2, equals);
			if (!OPTION_NAMES.contains(name)) {
				throw new IllegalArgumentException("'--" + name + "' is not a known option");
			}
			options.put(name, arg.substring(equals + 1));
		}
		return options;
	}

	private static int intOption(Map<String, String> options, String name, int defaultValue) {
		String value = options.get(name);
		if (value == null) {
			return defaultValue;
		}
		try {
			return Integer.parseInt(value.trim());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("'--" + name + "' must be a whole number, but was '" + value + "'");
		}
	}

}
