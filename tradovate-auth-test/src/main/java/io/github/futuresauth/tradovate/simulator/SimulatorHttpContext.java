package io.github.futuresauth.tradovate.simulator;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * A path of a {@link SimulatorHttpServer} and the handler and filters that answer the
 * requests under it.
 */
final class SimulatorHttpContext extends HttpContext {

	private final HttpServer server;

	private final String path;

	private final List<Filter> filters = new CopyOnWriteArrayList<>();

	private final Map<String, Object> attributes = new ConcurrentHashMap<>();

	private volatile HttpHandler handler;

	private volatile Authenticator authenticator;

	SimulatorHttpContext(HttpServer server, String path) {
		this.server = server;
		this.path = path;
	}

	@Override
	public HttpHandler getHandler() {
		return this.handler;
	}

	@Override
	public void setHandler(HttpHandler handler) {
		this.handler = handler;
	}

	@Override
	public String getPath() {
		return this.path;
	}

	@Override
	public HttpServer getServer() {
		return this.server;
	}

	@Override
	public Map<String, Object> getAttributes() {
		return this.attributes;
	}

	@Override
	public List<Filter> getFilters() {
		return this.filters;
	}

	@Override
	public Authenticator setAuthenticator(Authenticator authenticator) {
		Authenticator previous = this.authenticator;
		this.authenticator = authenticator;
		return previous;
	}

	@Override
	public Authenticator getAuthenticator() {
		return this.authenticator;
	}

}
