package io.github.futuresauth.tradovate.auth.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Creates {@link RedisTokenStore} and {@link RedisNetworkLedgerStore} instances on a
 * {@link RedisServer}, each with a connection factory of its own, as separate instances
 * of a fleet have, and closes them all.
 */
final class RedisStores implements AutoCloseable {

	private final RedisServer server;

	private final List<AutoCloseable> closeables = new ArrayList<>();

	RedisStores(RedisServer server) {
		this.server = server;
	}

	RedisTokenStore create() {
		return create((store) -> {
		});
	}

	RedisTokenStore create(Consumer<RedisTokenStore> customizer) {
		RedisTokenStore store = new RedisTokenStore(template(), "tradovate", "demo", "trader");
		store.setPollInterval(Duration.ofMillis(500));
		store.setCommandTimeout(Duration.ofMillis(500));
		customizer.accept(store);
		store.start();
		this.closeables.add(0, store);
		return store;
	}

	RedisTokenStore createAs(String username, String password) {
		RedisStandaloneConfiguration configuration = new RedisStandaloneConfiguration("127.0.0.1",
				this.server.getPort());
		configuration.setUsername(username);
		configuration.setPassword(password);
		RedisTokenStore store = new RedisTokenStore(template(configuration), "tradovate", "demo", "trader");
		store.setCommandTimeout(Duration.ofMillis(500));
		store.start();
		this.closeables.add(0, store);
		return store;
	}

	RedisNetworkLedgerStore ledgerStore(StringRedisTemplate template) {
		RedisNetworkLedgerStore store = new RedisNetworkLedgerStore(template, "tradovate");
		this.closeables.add(0, store);
		return store;
	}

	StringRedisTemplate template() {
		return template(Duration.ofSeconds(1));
	}

	/**
	 * Return a template whose client waits for as long as given for an answer.
	 * @param clientTimeout the client's command timeout
	 * @return the template
	 */
	StringRedisTemplate template(Duration clientTimeout) {
		return template(new RedisStandaloneConfiguration("127.0.0.1", this.server.getPort()), clientTimeout);
	}

	/**
	 * Return a template for a port where no Redis listens, whose every command fails at
	 * once.
	 * @return the template
	 */
	StringRedisTemplate unreachableTemplate() {
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return template(new RedisStandaloneConfiguration("127.0.0.1", port), Duration.ofSeconds(1));
	}

	private StringRedisTemplate template(RedisStandaloneConfiguration configuration) {
		return template(configuration, Duration.ofSeconds(1));
	}

	private StringRedisTemplate template(RedisStandaloneConfiguration configuration, Duration clientTimeout) {
		LettuceConnectionFactory connectionFactory = new LettuceConnectionFactory(configuration,
				LettuceClientConfiguration.builder().commandTimeout(clientTimeout).build());
		connectionFactory.afterPropertiesSet();
		connectionFactory.start();
		this.closeables.add(connectionFactory::destroy);
		return new StringRedisTemplate(connectionFactory);
	}

	@Override
	public void close() throws Exception {
		for (AutoCloseable closeable : this.closeables) {
			closeable.close();
		}
		this.closeables.clear();
	}

}
