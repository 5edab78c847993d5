package io.github.futuresauth.tradovate.auth.redis;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one {@link RedisServer} per test class and stops it after the class. Before each
 * test it makes sure the server runs and is empty, whatever the previous test did to it.
 * Tests receive the server as a parameter.
 */
public class RedisServerExtension
		implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback, ParameterResolver {

	private @Nullable RedisServer server;

	@Override
	public void beforeAll(ExtensionContext context) {
		this.server = RedisServer.start();
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		RedisServer server = getServer();
		try {
			server.resume();
			server.flushAll();
		}
		catch (RuntimeException ex) {
			server.restart();
		}
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (this.server != null) {
			this.server.close();
			this.server = null;
		}
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == RedisServer.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return getServer();
	}

	/**
	 * Return the server of the running test class.
	 * @return the server
	 */
	public RedisServer getServer() {
		RedisServer server = this.server;
		if (server == null) {
			throw new IllegalStateException("No Redis server is running outside a test class");
		}
		return server;
	}

}
