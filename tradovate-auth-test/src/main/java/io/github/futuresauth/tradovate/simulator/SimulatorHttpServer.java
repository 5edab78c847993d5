package io.github.futuresauth.tradovate.simulator;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * A small HTTP/1.1 server behind the {@link HttpServer} API, whose responses carry a
 * {@code Date} header read from a given clock.
 *
 * <p>
 * The JDK's own server sets {@code Date} from the system clock when the response headers
 * are sent, overwriting whatever a handler put there, so a simulated server whose clock
 * was moved by a test, or set ahead of the client's, could not tell the client its time.
 * This server supports what the simulator's clients send: persistent connections, bodies
 * of a known length or chunked, {@code Expect: 100-continue}, and responses of a known
 * length or chunked. A handler that closes the exchange without sending response headers
 * closes the connection, so that the client sees it drop.
 *
 * <p>
 * This class accepts connections and routes each request to the context with the longest
 * matching path; {@link HttpRequestReader} reads requests and
 * {@link SimulatorHttpExchange} writes responses.
 */
final class SimulatorHttpServer extends HttpServer {

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

	private final Clock clock;

	private final List<SimulatorHttpContext> contexts = new CopyOnWriteArrayList<>();

	private final Set<Socket> connections = ConcurrentHashMap.newKeySet();

	private volatile ServerSocket serverSocket;

	private volatile Executor executor;

	private volatile boolean stopped;

	private volatile Thread acceptor;

	/**
	 * Create a server bound to the given address.
	 * @param clock the clock that the {@code Date} header is read from
	 * @param address the address to listen on
	 * @param backlog the most pending connections
	 * @throws IOException if the address cannot be bound
	 */
	SimulatorHttpServer(Clock clock, InetSocketAddress address, int backlog) throws IOException {
		this.clock = clock;
		bind(address, backlog);
	}

	@Override
	public void bind(InetSocketAddress address, int backlog) throws IOException {
		if (this.serverSocket != null) {
			throw new IllegalStateException("The server is already bound");
		}
		ServerSocket serverSocket = new ServerSocket();
		try {
			serverSocket.bind(address, backlog);
		}
		catch (IOException ex) {
			serverSocket.close();
			throw ex;
		}
		this.serverSocket = serverSocket;
	}

	@Override
	public void start() {
		Thread acceptor = new Thread(this::accept, "tradovate-simulator-acceptor-" + getAddress().getPort());
		acceptor.setDaemon(true);
		this.acceptor = acceptor;
		acceptor.start();
	}

	@Override
	public void setExecutor(Executor executor) {
		this.executor = executor;
	}

	@Override
	public Executor getExecutor() {
		return this.executor;
	}

	@Override
	public void stop(int delay) {
		this.stopped = true;
		try {
			this.serverSocket.close();
		}
		catch (IOException ex) {
			// Closing anyway.
		}
		awaitAcceptor();
		for (Socket connection : this.connections) {
			closeQuietly(connection);
		}
	}

	/**
	 * Wait until the acceptor has left {@code accept}: until then the operating system
	 * keeps the closed socket listening, and a client could still connect after
	 * {@link #stop(int)}.
	 */
	private void awaitAcceptor() {
		Thread acceptor = this.acceptor;
		if (acceptor == null || acceptor == Thread.currentThread()) {
			return;
		}
		try {
			acceptor.join(STOP_TIMEOUT.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public HttpContext createContext(String path, HttpHandler handler) {
		HttpContext context = createContext(path);
		context.setHandler(handler);
		return context;
	}

	@Override
	public HttpContext createContext(String path) {
		if (path == null || !path.startsWith("/")) {
			throw new IllegalArgumentException("A context path must start with '/'");
		}
		for (SimulatorHttpContext context : this.contexts) {
			if (context.getPath().equals(path)) {
				throw new IllegalArgumentException("A context for '" + path + "' already exists");
			}
		}
		SimulatorHttpContext context = new SimulatorHttpContext(this, path);
		this.contexts.add(context);
		return context;
	}

	@Override
	public void removeContext(String path) {
		if (!this.contexts.removeIf((context) -> context.getPath().equals(path))) {
			throw new IllegalArgumentException("No context for '" + path + "'");
		}
	}

	@Override
	public void removeContext(HttpContext context) {
		this.contexts.remove(context);
	}

	@Override
	public InetSocketAddress getAddress() {
		return (InetSocketAddress) this.serverSocket.getLocalSocketAddress();
	}

	private void accept() {
		while (!this.stopped) {
			Socket socket;
			try {
				socket = this.serverSocket.accept();
			}
			catch (IOException ex) {
				// Stopped, or the socket failed: either way no more connections.
				return;
			}
			this.connections.add(socket);
			if (this.stopped) {
				closeQuietly(socket);
				return;
			}
			Runnable connection = () -> serve(socket);
			Executor executor = this.executor;
			if (executor != null) {
				executor.execute(connection);
			}
			else {
				Thread thread = new Thread(connection, "tradovate-simulator-connection");
				thread.setDaemon(true);
				thread.start();
			}
		}
	}

	private void serve(Socket socket) {
		try (socket) {
			socket.setTcpNoDelay(true);
			InputStream in = new BufferedInputStream(socket.getInputStream());
			OutputStream out = new BufferedOutputStream(socket.getOutputStream());
			while (!this.stopped) {
				HttpRequestHead head = HttpRequestReader.readHead(in);
				if (head == null) {
					return;
				}
				if (!head.isValid()) {
					SimulatorHttpExchange.sendBadRequest(out, this.clock);
					return;
				}
				if ("100-continue".equalsIgnoreCase(head.headers().getFirst("Expect"))) {
					SimulatorHttpExchange.sendContinue(out);
				}
				SimulatorHttpExchange exchange = new SimulatorHttpExchange(this.clock, socket, head,
						HttpRequestReader.requestBody(in, head), out);
				SimulatorHttpContext context = contextFor(head.uri().getPath());
				if (context == null || context.getHandler() == null) {
					exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
					byte[] body = "No context found for request".getBytes(StandardCharsets.UTF_8);
					exchange.sendResponseHeaders(404, body.length);
					exchange.getResponseBody().write(body);
					exchange.close();
				}
				else {
					exchange.setHttpContext(context);
					new Filter.Chain(context.getFilters(), context.getHandler()).doFilter(exchange);
					exchange.close();
				}
				if (!exchange.completed() || !head.keepAlive()) {
					return;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// The client went away, the server stopped, or a handler failed: drop the
			// connection, as the JDK's server does.
		}
		finally {
			this.connections.remove(socket);
		}
	}

	private SimulatorHttpContext contextFor(String path) {
		SimulatorHttpContext best = null;
		for (SimulatorHttpContext context : this.contexts) {
			if (path.startsWith(context.getPath())
					&& (best == null || context.getPath().length() > best.getPath().length())) {
				best = context;
			}
		}
		return best;
	}

	static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Closing anyway.
		}
	}

}
