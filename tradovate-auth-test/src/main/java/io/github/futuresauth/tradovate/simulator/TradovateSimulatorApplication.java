package io.github.futuresauth.tradovate.simulator;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * Runs a {@link TradovateSimulator} on its own, for pointing an application at it
 * locally.
 *
 * <p>
 * Options, as {@code --name=value} arguments or as {@code tradovate.simulator.name}
 * system properties (arguments win); {@code --help} lists them:
 * <ul>
 * <li>{@code port}: the port on 127.0.0.1, default {@value #DEFAULT_PORT}</li>
 * <li>{@code token-lifetime}: access token lifetime, default {@code 90m}</li>
 * <li>{@code session-limit}: sessions per user, default 2</li>
 * <li>{@code user} and {@code password}: the one user, default
 * {@value TradovateSimulator#DEFAULT_USER_NAME} and
 * {@value TradovateSimulator#DEFAULT_PASSWORD}</li>
 * <li>{@code users}: several users instead, as {@code name:password,name:password}</li>
 * <li>{@code app-id}, {@code app-version}, {@code cid} and {@code sec}: an API key for
 * the one user, all four or none; a login must then carry all four, as on Tradovate</li>
 * <li>{@code rate-limits}: whether to enforce Tradovate's hourly endpoint limits, default
 * {@code true}</li>
 * <li>{@code server-clock-offset}: how far server time is ahead of this machine's clock,
 * default {@code 0s}</li>
 * <li>{@code admin}: whether to serve the admin API under {@code /admin/}, default
 * {@code true}</li>
 * <li>{@code log-requests}: whether to print a line for every request, default
 * {@code true}</li>
 * <li>{@code oauth-client-id}, {@code oauth-client-secret} and
 * {@code oauth-redirect-uris}: an OAuth application, all three or none, its redirect URIs
 * separated by commas</li>
 * <li>{@code oauth-refresh-tokens}: how long OAuth refresh tokens are valid; without it
 * none are issued</li>
 * </ul>
 * Durations carry a unit ({@code 500ms}, {@code 15s}, {@code 10m}, {@code 2h},
 * {@code 1d}) or are ISO-8601 ({@code PT1H30M}); an offset may be negative. It runs with
 * the system clock until the process is stopped, and prints at startup everything an
 * application needs to connect: URLs and the simulated user's credentials.
 */
public final class TradovateSimulatorApplication {

	/**
	 * The port used when none is given.
	 */
	public static final int DEFAULT_PORT = 8099;

	private static final String SYSTEM_PROPERTY_PREFIX = "tradovate.simulator.";

	private static final Map<String, String> OPTIONS = options();

	private static final List<String> API_KEY_OPTIONS = List.of("app-id", "app-version", "cid", "sec");

	private static final List<String> OAUTH_CLIENT_OPTIONS = List.of("oauth-client-id", "oauth-client-secret",
			"oauth-redirect-uris");

	private static final String LOG_FORMAT_PROPERTY = "java.util.logging.SimpleFormatter.format";

	/**
	 * Time, level, logger and message on one line, then the exception if there is one.
	 */
	static final String ONE_LINE_LOG_FORMAT = "%1$tFT%1$tT.%1$tL %4$s %3$s - %5$s%6$s%n";

	private TradovateSimulatorApplication() {
	}

	private static Map<String, String> options() {
		Map<String, String> options = new LinkedHashMap<>();
		options.put("port", "Port on 127.0.0.1 to listen on; 0 for any free one. Default " + DEFAULT_PORT + ".");
		options.put("token-lifetime", "How long an access token is valid. Default 90m.");
		options.put("session-limit", "How many sessions a user may hold; a login beyond closes the oldest. Default 2.");
		options.put("user", "Name of the one user. Default " + TradovateSimulator.DEFAULT_USER_NAME + ".");
		options.put("password", "Password of the one user. Default " + TradovateSimulator.DEFAULT_PASSWORD + ".");
		options.put("users", "Several users instead of --user and --password: name:password,name:password.");
		options.put("app-id", "Application id of the one user's API key. With --app-version, --cid and --sec, a login"
				+ " must carry all four, as on Tradovate; without them, any is accepted.");
		options.put("app-version", "Application version of the API key.");
		options.put("cid", "Client id of the API key.");
		options.put("sec", "Secret of the API key.");
		options.put("rate-limits", "Enforce Tradovate's hourly limits per caller address on logins, renewals and"
				+ " /auth/me: true or false. Default true.");
		options.put("server-clock-offset", "How far server time (expirationTime, the Date header) is ahead of this"
				+ " machine's clock; negative for behind. Default 0s.");
		options.put("admin", "Serve the admin API under /admin/: true or false. Default true.");
		options.put("log-requests",
				"Print a line for every request (never a token or a body): true or false." + " Default true.");
		options.put("oauth-client-id", "Client id of an OAuth application, which users authorize at /oauth. With"
				+ " --oauth-client-secret and --oauth-redirect-uris.");
		options.put("oauth-client-secret", "Client secret of the OAuth application.");
		options.put("oauth-redirect-uris", "Redirect URIs of the OAuth application, separated by commas.");
		options.put("oauth-refresh-tokens", "How long OAuth refresh tokens are valid. Default: none are issued.");
		return options;
	}

	/**
	 * Start the simulator and wait until the process is stopped.
	 * @param args {@code --name=value} options, or {@code --help}
	 * @throws InterruptedException if the main thread is interrupted while waiting
	 */
	public static void main(String[] args) throws InterruptedException {
		if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
			System.out.print(usage());
			return;
		}
		useOneLineLogFormat();
		TradovateSimulator simulator;
		try {
			simulator = builder(args, System.out::println).start();
		}
		catch (IllegalArgumentException ex) {
			System.err.println("Invalid option: " + ex.getMessage());
			System.err.println("Run with --help to list the options.");
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
		System.out.print(banner(simulator));
		stopped.await();
	}

	/**
	 * Return what the simulator prints once it listens: where, and every property that
	 * points an application at it as its first user, credentials included. They are the
	 * simulator's own, made-up credentials, and without them nobody could connect.
	 * @param simulator the started simulator
	 * @return the banner
	 */
	static String banner(TradovateSimulator simulator) {
		StringBuilder banner = new StringBuilder();
		banner.append("Tradovate simulator listening at ").append(simulator.baseUrl()).append('\n');
		banner.append("Point an application at it with:\n");
		Map<String, Object> properties = simulator.springPropertyMap();
		properties.forEach((name, value) -> banner.append("  --").append(name).append('=').append(value).append('\n'));
		List<String> otherUsers = simulator.openSessions()
			.keySet()
			.stream()
			.filter((user) -> !user.equals(properties.get("tradovate.name")))
			.toList();
		if (!otherUsers.isEmpty()) {
			banner.append("Other users (with their passwords from --users): ")
				.append(String.join(", ", otherUsers))
				.append('\n');
		}
		for (String clientId : simulator.oauth().clientIds()) {
			// Without the client secret: it was given on the command line.
			banner.append("OAuth application ")
				.append(clientId)
				.append(": authorize at ")
				.append(simulator.oauth().authorizeUrl())
				.append(", token at ")
				.append(simulator.oauth().tokenUrl())
				.append('\n');
		}
		return banner.toString();
	}

	/**
	 * Make the JDK's logging, which Tomcat logs through, print one line per record
	 * instead of two, unless a format is already set.
	 */
	static void useOneLineLogFormat() {
		if (System.getProperty(LOG_FORMAT_PROPERTY) == null) {
			System.setProperty(LOG_FORMAT_PROPERTY, ONE_LINE_LOG_FORMAT);
		}
	}

	/**
	 * Return the text that {@code --help} prints: every option and what it does.
	 * @return the usage text
	 */
	static String usage() {
		StringBuilder usage = new StringBuilder();
		usage.append("Usage: java -jar tradovate-auth-test-exec.jar [--name=value ...]\n\n");
		usage.append("Runs a simulator of Tradovate's authentication API on 127.0.0.1. Options, also read from\n");
		usage.append("the system properties ").append(SYSTEM_PROPERTY_PREFIX).append("<name>:\n\n");
		OPTIONS.forEach((name, description) -> usage.append(String.format("  --%-21s %s%n", name, description)));
		usage.append(String.format("  --%-21s %s%n", "help", "Print this text."));
		usage.append("\nDurations carry a unit (500ms, 120s, 90m, 2h, 1d) or are ISO-8601 (PT1H30M).\n");
		usage.append("\nAdmin API on the same port (with --admin=true), for curl:\n\n");
		SimulatorAdminHandler.USAGE.forEach((line) -> usage.append("  ").append(line).append('\n'));
		return usage.toString();
	}

	/**
	 * Return a builder configured from the given options and the system properties.
	 * @param args {@code --name=value} options
	 * @return the configured builder
	 * @throws IllegalArgumentException if an option is unknown or has an invalid value
	 */
	static TradovateSimulatorBuilder builder(String[] args) {
		return builder(args, (line) -> {
		});
	}

	/**
	 * Return a builder configured from the given options and the system properties.
	 * @param args {@code --name=value} options
	 * @param log where to write a line for every request, unless
	 * {@code --log-requests=false}
	 * @return the configured builder
	 * @throws IllegalArgumentException if an option is unknown or has an invalid value
	 */
	static TradovateSimulatorBuilder builder(String[] args, Consumer<String> log) {
		Map<String, String> options = options(args);
		TradovateSimulatorBuilder builder = TradovateSimulator.builder()
			// A clock that stood still would never let a token expire in a long local
			// run.
			.clock(Clock.systemUTC())
			.port(intOption(options, "port", DEFAULT_PORT))
			.tokenLifetime(durationOption(options, "token-lifetime", Duration.ofMinutes(90)))
			.sessionLimit(intOption(options, "session-limit", 2))
			.rateLimits(booleanOption(options, "rate-limits", true))
			.serverClockOffset(durationOption(options, "server-clock-offset", Duration.ZERO))
			.adminApi(booleanOption(options, "admin", true));
		if (booleanOption(options, "log-requests", true)) {
			builder.requestListener((request) -> log.accept(logLine(request)));
		}
		oauth(options, builder);
		ApiKey apiKey = apiKey(options);
		String users = options.get("users");
		if (users == null) {
			String name = options.getOrDefault("user", TradovateSimulator.DEFAULT_USER_NAME);
			String password = options.getOrDefault("password", TradovateSimulator.DEFAULT_PASSWORD);
			return (apiKey != null) ? builder.user(name, password, apiKey) : builder.user(name, password);
		}
		if (options.containsKey("user") || options.containsKey("password")) {
			throw new IllegalArgumentException("give either '--users' or '--user' and '--password', not both");
		}
		if (apiKey != null) {
			throw new IllegalArgumentException("an API key belongs to one user: give it with '--user', not '--users'");
		}
		for (String user : users.split(",")) {
			int colon = user.indexOf(':');
			if (colon <= 0) {
				// Without echoing the entry: it holds a password.
				throw new IllegalArgumentException("'--users' must list users as name:password,name:password");
			}
			builder.user(user.substring(0, colon).trim(), user.substring(colon + 1));
		}
		return builder;
	}

	/**
	 * Return the line logged for a request: server time, method, path, kind, status and
	 * caller address, never a token or a body.
	 * @param request the request
	 * @return the line
	 */
	static String logLine(RecordedRequest request) {
		String status = (request.status() != RecordedRequest.NO_RESPONSE) ? Integer.toString(request.status())
				: "dropped";
		return request.arrivedAt() + " " + request.method() + " " + request.path() + " -> " + request.kind() + " "
				+ status + " from " + request.callerAddress();
	}

	private static Map<String, String> options(String[] args) {
		Map<String, String> options = new LinkedHashMap<>();
		for (String name : OPTIONS.keySet()) {
			String value = System.getProperty(SYSTEM_PROPERTY_PREFIX + name);
			if (value != null) {
				options.put(name, value);
			}
		}
		for (String arg : args) {
			int equals = arg.indexOf('=');
			if (!arg.startsWith("--") || equals < 0) {
				// Without echoing the argument: it might be a password given without its
				// name.
				throw new IllegalArgumentException("arguments must be of the form --name=value");
			}
			String name = arg.substring(2, equals);
			if (!OPTIONS.containsKey(name)) {
				throw new IllegalArgumentException("'--" + name + "' is not a known option");
			}
			options.put(name, arg.substring(equals + 1));
		}
		return options;
	}

	private static void oauth(Map<String, String> options, TradovateSimulatorBuilder builder) {
		List<String> missing = OAUTH_CLIENT_OPTIONS.stream().filter((name) -> isBlank(options.get(name))).toList();
		if (!missing.isEmpty() && missing.size() < OAUTH_CLIENT_OPTIONS.size()) {
			throw new IllegalArgumentException("an OAuth application needs all of '--oauth-client-id',"
					+ " '--oauth-client-secret' and '--oauth-redirect-uris'; missing: '--"
					+ String.join("', '--", missing) + "'");
		}
		if (missing.isEmpty()) {
			URI[] redirectUris = Arrays.stream(options.get("oauth-redirect-uris").split(","))
				.map(String::trim)
				.filter((uri) -> !uri.isEmpty())
				.map(TradovateSimulatorApplication::redirectUri)
				.toArray(URI[]::new);
			builder.oauthClient(options.get("oauth-client-id").trim(), options.get("oauth-client-secret"),
					redirectUris);
		}
		if (options.containsKey("oauth-refresh-tokens")) {
			builder.oauthRefreshTokens(durationOption(options, "oauth-refresh-tokens", null));
		}
	}

	private static URI redirectUri(String uri) {
		try {
			return new URI(uri);
		}
		catch (URISyntaxException ex) {
			throw new IllegalArgumentException("'--oauth-redirect-uris' must list URIs, but '" + uri + "' is not one");
		}
	}

	private static ApiKey apiKey(Map<String, String> options) {
		List<String> missing = API_KEY_OPTIONS.stream().filter((name) -> isBlank(options.get(name))).toList();
		if (missing.size() == API_KEY_OPTIONS.size()) {
			return null;
		}
		if (!missing.isEmpty()) {
			throw new IllegalArgumentException("an API key needs all of '--app-id', '--app-version', '--cid' and"
					+ " '--sec', as Tradovate checks all four; missing: '--" + String.join("', '--", missing) + "'");
		}
		return new ApiKey(options.get("app-id"), options.get("app-version"), options.get("cid"), options.get("sec"));
	}

	private static boolean isBlank(String value) {
		return value == null || value.isBlank();
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

	private static Duration durationOption(Map<String, String> options, String name, Duration defaultValue) {
		String value = options.get(name);
		return (value != null) ? DurationParser.parse(value, "'--" + name + "'") : defaultValue;
	}

	private static boolean booleanOption(Map<String, String> options, String name, boolean defaultValue) {
		String value = options.get(name);
		if (value == null) {
			return defaultValue;
		}
		String trimmed = value.trim();
		if ("true".equalsIgnoreCase(trimmed) || "false".equalsIgnoreCase(trimmed)) {
			return Boolean.parseBoolean(trimmed);
		}
		throw new IllegalArgumentException("'--" + name + "' must be true or false, but was '" + value + "'");
	}

}
