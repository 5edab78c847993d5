package io.github.futuresauth.tradovate.benchmarks;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.futuresauth.tradovate.auth.RenewingTokenProvider;
import io.github.futuresauth.tradovate.auth.TradovateAuthClient;
import io.github.futuresauth.tradovate.auth.TradovateCredentials;
import io.github.futuresauth.tradovate.auth.TradovateUsers;
import io.github.futuresauth.tradovate.simulator.TradovateSimulator;
import io.github.futuresauth.tradovate.simulator.TradovateSimulatorBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.http.HttpHeaders;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * What a request costs through the registry of users, {@link TradovateUsers}, as the
 * number of users grows: it should not grow. Every user has logged in to the simulator
 * beforehand, and each invocation sends a request for the next user in turn, so that the
 * registry looks up a different user every time and, with many users, reaches data that
 * is not in the nearest caches. Requests are built as in {@link HotPathBenchmark}, with
 * the request attribute {@link TradovateUsers#USER_ATTRIBUTE} naming the user. For every
 * number of users:
 * <ul>
 * <li>{@code floor}: {@link HotPathBenchmark}'s floor, a constant {@code Authorization}
 * header, on the same requests;</li>
 * <li>{@code byAttribute}: the registry's {@link TradovateUsers#interceptor()}, which
 * picks the user by the attribute;</li>
 * <li>{@code ownInterceptor}: the user's own {@link TradovateUsers#interceptor(String)},
 * taken from an array: the same users' tokens without the lookup, which tells the cost of
 * the lookup from that of reaching many users' tokens.</li>
 * </ul>
 * Run it with {@code -prof gc} for the bytes allocated per request.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Benchmark)
public class ManyUsersBenchmark {

	/** The simulator's password of every user. */
	static final String PASSWORD = "s3cret-password";

	/** How many users the registry holds. */
	@Param({ "1", "10", "1000" })
	public int users;

	private final byte[] body = new byte[0];

	private final ClientHttpRequestExecution execution = (request, body) -> OkResponse.INSTANCE;

	private final ClientHttpRequestInterceptor floor = (request, body, execution) -> {
		request.getHeaders().set(HttpHeaders.AUTHORIZATION, HotPathBenchmark.CONSTANT_HEADER);
		return execution.execute(request, body);
	};

	private TradovateSimulator simulator;

	private ThreadPoolTaskScheduler scheduler;

	private TradovateUsers registry;

	private ClientHttpRequestInterceptor byAttribute;

	/**
	 * Every user's interceptor, by the user's number.
	 */
	private ClientHttpRequestInterceptor[] ownInterceptors;

	/**
	 * The attributes of a request for each user, by the user's number: made once, so that
	 * the benchmark allocates per request only the request and its headers, as
	 * {@link HotPathBenchmark} does.
	 */
	private Map<String, Object>[] attributes;

	/**
	 * Log every user in to a simulator whose tokens outlive the run, so that the
	 * providers only read their tokens while the benchmark runs. The providers share one
	 * client and one scheduler, as an application with many users would configure them: a
	 * provider's own scheduler is a thread per user.
	 */
	@Setup(Level.Trial)
	@SuppressWarnings("unchecked")
	public void logIn() {
		TradovateSimulatorBuilder builder = TradovateSimulator.builder().tokenLifetime(Duration.ofHours(12));
		for (int i = 0; i < this.users; i++) {
			builder.user(userName(i), PASSWORD);
		}
		this.simulator = builder.start();
		this.scheduler = new ThreadPoolTaskScheduler();
		this.scheduler.setThreadNamePrefix("many-users-");
		this.scheduler.setDaemon(true);
		this.scheduler.initialize();
		TradovateAuthClient client = TradovateAuthClient.create(this.simulator.baseUrl(), Duration.ofSeconds(1),
				Duration.ofSeconds(5));
		this.registry = new TradovateUsers((credentials) -> {
			RenewingTokenProvider provider = new RenewingTokenProvider(client, credentials);
			provider.setTaskScheduler(this.scheduler);
			return provider;
		}, HotPathBenchmark.TRADOVATE);
		this.byAttribute = this.registry.interceptor();
		this.ownInterceptors = new ClientHttpRequestInterceptor[this.users];
		this.attributes = new Map[this.users];
		for (int i = 0; i < this.users; i++) {
			String key = key(i);
			this.registry.add(key, TradovateCredentials.of(userName(i), PASSWORD)).getToken();
			this.ownInterceptors[i] = this.registry.interceptor(key);
			Map<String, Object> attributes = new LinkedHashMap<>();
			// RestClient hands interceptors a LinkedHashMap of the request's attributes.
			// The key is equal to the registry's but another instance, as a key read
			// from a request or a database would be, so that the lookup compares it.
			attributes.put(TradovateUsers.USER_ATTRIBUTE, new String(key.toCharArray()));
			this.attributes[i] = attributes;
		}
	}

	@TearDown(Level.Trial)
	public void close() {
		this.registry.close();
		this.scheduler.shutdown();
		this.simulator.close();
	}

	@Benchmark
	public HttpHeaders floor(Cursor cursor) throws IOException {
		return send(this.floor, cursor.next(this.users));
	}

	@Benchmark
	public HttpHeaders byAttribute(Cursor cursor) throws IOException {
		return send(this.byAttribute, cursor.next(this.users));
	}

	@Benchmark
	public HttpHeaders ownInterceptor(Cursor cursor) throws IOException {
		int user = cursor.next(this.users);
		return send(this.ownInterceptors[user], user);
	}

	/**
	 * Return the registry's key of a user.
	 * @param user the user's number
	 * @return the key
	 */
	static String key(int user) {
		return String.format(Locale.ROOT, "account-%04d", user);
	}

	/**
	 * Return the simulator's name of a user.
	 * @param user the user's number
	 * @return the name
	 */
	static String userName(int user) {
		return String.format(Locale.ROOT, "trader-%04d", user);
	}

	/**
	 * Return the registry, for tests.
	 * @return the registry
	 */
	TradovateUsers registry() {
		return this.registry;
	}

	private HttpHeaders send(ClientHttpRequestInterceptor interceptor, int user) throws IOException {
		FakeRequest request = new FakeRequest(HotPathBenchmark.TRADOVATE_REQUEST, new HttpHeaders(),
				this.attributes[user]);
		interceptor.intercept(request, this.body, this.execution);
		return request.getHeaders();
	}

	/**
	 * The next user of each thread, in turn: a thread's own, so that threads do not write
	 * to one shared counter.
	 */
	@State(Scope.Thread)
	public static class Cursor {

		private int next;

		/**
		 * Return the next user's number and move on.
		 * @param users how many users there are
		 * @return the user's number
		 */
		int next(int users) {
			int user = this.next;
			this.next = (user + 1 < users) ? user + 1 : 0;
			return user;
		}

	}

}
