package io.github.futuresauth.tradovate.simulator;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpPrincipal;
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
 */
final class SimulatorHttpServer extends HttpServer {

	/**
	 * The format of HTTP dates (RFC 1123, as RFC 9110 prescribes), always in GMT.
	 */
	static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
		.withZone(ZoneOffset.UTC);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

	private static final int MAX_LINE_LENGTH = 16 * 1024;

	private static final int MAX_HEADER_COUNT = 200;

	private static final byte[] CRLF = { '\r', '\n' };

	private static final Map<Integer, String> REASONS = Map.ofEntries(Map.entry(100, "Continue"), Map.entry(200, "OK"),
			Map.entry(204, "No Content"), Map.entry(302, "Found"), Map.entry(400, "Bad Request"),
			Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"),
			Map.entry(405, "Method Not Allowed"), Map.entry(408, "Request Timeout"), Map.entry(423, "Locked"),
			Map.entry(429, "Too Many Requests"), Map.entry(500, "Internal Server Error"), Map.entry(502, "Bad Gateway"),
			Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"));

	private final Clock clock;

	private final List<Context> contexts = new CopyOnWriteArrayList<>();

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
		for (Context context : this.contexts) {
			if (context.getPath().equals(path)) {
				throw new IllegalArgumentException("A context for '" + path + "' already exists");
			}
		}
		Context context = new Context(path);
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
				RequestHead head = readHead(in);
				if (head == null) {
					return;
				}
				if (!head.isValid()) {
					sendBadRequest(out);
					return;
				}
				if ("100-continue".equalsIgnoreCase(head.headers().getFirst("Expect"))) {
					writeAscii(out, "HTTP/1.1 100 Continue\r\n\r\n");
					out.flush();
				}
				Exchange exchange = new Exchange(socket, head, requestBody(in, head), out);
				Context context = contextFor(head.uri().getPath());
				if (context == null || context.getHandler() == null) {
					exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
					byte[] body = "No context found for request".getBytes(StandardCharsets.UTF_8);
					exchange.sendResponseHeaders(404, body.length);
					exchange.getResponseBody().write(body);
					exchange.close();
				}
				else {
					exchange.context = context;
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

	private Context contextFor(String path) {
		Context best = null;
		for (Context context : this.contexts) {
			if (path.startsWith(context.getPath())
					&& (best == null || context.getPath().length() > best.getPath().length())) {
				best = context;
			}
		}
		return best;
	}

	private void sendBadRequest(OutputStream out) throws IOException {
		writeAscii(out, "HTTP/1.1 400 Bad Request\r\nDate: " + HTTP_DATE.format(this.clock.instant())
				+ "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
		out.flush();
	}

	private static RequestHead readHead(InputStream in) throws IOException {
		String requestLine = readLine(in);
		while (requestLine != null && requestLine.isEmpty()) {
			// Tolerate empty lines between requests.
			requestLine = readLine(in);
		}
		if (requestLine == null) {
			return null;
		}
		Headers headers = new Headers();
		String line = readLine(in);
		int count = 0;
		while (line != null && !line.isEmpty()) {
			int colon = line.indexOf(':');
			if (colon <= 0 || ++count > MAX_HEADER_COUNT) {
				return RequestHead.INVALID;
			}
			headers.add(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
			line = readLine(in);
		}
		if (line == null) {
			return null;
		}
		String[] parts = requestLine.split(" ");
		if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
			return RequestHead.INVALID;
		}
		try {
			return new RequestHead(parts[0], new URI(parts[1]), parts[2], headers);
		}
		catch (URISyntaxException ex) {
			return RequestHead.INVALID;
		}
	}

	private static InputStream requestBody(InputStream in, RequestHead head) throws IOException {
		String transferEncoding = head.headers().getFirst("Transfer-Encoding");
		if (transferEncoding != null && transferEncoding.toLowerCase(Locale.ROOT).contains("chunked")) {
			return new ChunkedInputStream(in);
		}
		String contentLength = head.headers().getFirst("Content-Length");
		if (contentLength == null) {
			return InputStream.nullInputStream();
		}
		try {
			return new FixedLengthInputStream(in, Long.parseLong(contentLength.trim()));
		}
		catch (NumberFormatException ex) {
			throw new IOException("Invalid Content-Length");
		}
	}

	private static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int b = in.read();
		if (b < 0) {
			return null;
		}
		while (b >= 0 && b != '\n') {
			if (b != '\r') {
				line.write(b);
			}
			if (line.size() > MAX_LINE_LENGTH) {
				throw new IOException("Line too long");
			}
			b = in.read();
		}
		return line.toString(StandardCharsets.ISO_8859_1);
	}

	private static void writeAscii(OutputStream out, String text) throws IOException {
		out.write(text.getBytes(StandardCharsets.ISO_8859_1));
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Closing anyway.
		}
	}

	/**
	 * The request line and headers of a request.
	 */
	private record RequestHead(String method, URI uri, String protocol, Headers headers) {

		static final RequestHead INVALID = new RequestHead(null, null, null, null);

		boolean isValid() {
			return this.method != null;
		}

		boolean keepAlive() {
			String connection = this.headers.getFirst("Connection");
			boolean close = connection != null && connection.toLowerCase(Locale.ROOT).contains("close");
			return !close && !"HTTP/1.0".equals(this.protocol);
		}

	}

	private final class Exchange extends HttpExchange {

		private final Socket socket;

		private final RequestHead head;

		private final Headers responseHeaders = new Headers();

		private final Map<String, Object> attributes = new ConcurrentHashMap<>();

		private final OutputStream connectionOut;

		private InputStream requestBody;

		private OutputStream responseBody;

		private Context context;

		private int responseCode = -1;

		private boolean closed;

		Exchange(Socket socket, RequestHead head, InputStream requestBody, OutputStream connectionOut) {
			this.socket = socket;
			this.head = head;
			this.requestBody = requestBody;
			this.connectionOut = connectionOut;
			this.responseBody = new OutputStream() {

				@Override
				public void write(int b) throws IOException {
					throw new IOException("The response headers have not been sent");
				}

			};
		}

		boolean completed() {
			return this.responseCode > 0;
		}

		@Override
		public Headers getRequestHeaders() {
			return this.head.headers();
		}

		@Override
		public Headers getResponseHeaders() {
			return this.responseHeaders;
		}

		@Override
		public URI getRequestURI() {
			return this.head.uri();
		}

		@Override
		public String getRequestMethod() {
			return this.head.method();
		}

		@Override
		public HttpContext getHttpContext() {
			return this.context;
		}

		@Override
		public void close() {
			if (this.closed) {
				return;
			}
			this.closed = true;
			if (!completed()) {
				// No answer: drop the connection without a byte, as the JDK's server
				// does.
				closeQuietly(this.socket);
				return;
			}
			try {
				this.requestBody.transferTo(OutputStream.nullOutputStream());
				this.responseBody.close();
			}
			catch (IOException ex) {
				closeQuietly(this.socket);
			}
		}

		@Override
		public InputStream getRequestBody() {
			return this.requestBody;
		}

		@Override
		public OutputStream getResponseBody() {
			return this.responseBody;
		}

		@Override
		public void sendResponseHeaders(int code, long length) throws IOException {
			if (completed()) {
				throw new IOException("The response headers have already been sent");
			}
			boolean noBody = length < 0 || code == 204 || code == 304 || "HEAD".equals(this.head.method());
			StringBuilder head = new StringBuilder(256);
			head.append("HTTP/1.1 ").append(code).append(' ').append(REASONS.getOrDefault(code, "")).append("\r\n");
			this.responseHeaders.set("Date", HTTP_DATE.format(SimulatorHttpServer.this.clock.instant()));
			this.responseHeaders.remove("Content-Length");
			this.responseHeaders.remove("Transfer-Encoding");
			if (code != 204 && code != 304) {
				if (length < 0 || length > 0) {
					this.responseHeaders.set("Content-Length", Long.toString(Math.max(length, 0)));
				}
				else if (!noBody) {
					this.responseHeaders.set("Transfer-Encoding", "chunked");
				}
			}
			if (!this.head.keepAlive()) {
				this.responseHeaders.set("Connection", "close");
			}
			for (Map.Entry<String, List<String>> header : this.responseHeaders.entrySet()) {
				for (String value : header.getValue()) {
					head.append(header.getKey()).append(": ").append(value).append("\r\n");
				}
			}
			head.append("\r\n");
			writeAscii(this.connectionOut, head.toString());
			this.responseCode = code;
			if (noBody) {
				this.connectionOut.flush();
				this.responseBody = new FixedLengthOutputStream(this.connectionOut, 0);
			}
			else if (length == 0) {
				this.responseBody = new ChunkedOutputStream(this.connectionOut);
			}
			else {
				this.responseBody = new FixedLengthOutputStream(this.connectionOut, length);
			}
		}

		@Override
		public InetSocketAddress getRemoteAddress() {
			return (InetSocketAddress) this.socket.getRemoteSocketAddress();
		}

		@Override
		public int getResponseCode() {
			return this.responseCode;
		}

		@Override
		public InetSocketAddress getLocalAddress() {
			return (InetSocketAddress) this.socket.getLocalSocketAddress();
		}

		@Override
		public String getProtocol() {
			return this.head.protocol();
		}

		@Override
		public Object getAttribute(String name) {
			return this.attributes.get(name);
		}

		@Override
		public void setAttribute(String name, Object value) {
			if (value == null) {
				this.attributes.remove(name);
			}
			else {
				this.attributes.put(name, value);
			}
		}

		@Override
		public void setStreams(InputStream in, OutputStream out) {
			if (in != null) {
				this.requestBody = in;
			}
			if (out != null) {
				this.responseBody = out;
			}
		}

		@Override
		public HttpPrincipal getPrincipal() {
			return null;
		}

	}

	private final class Context extends HttpContext {

		private final String path;

		private final List<Filter> filters = new CopyOnWriteArrayList<>();

		private final Map<String, Object> attributes = new ConcurrentHashMap<>();

		private volatile HttpHandler handler;

		private volatile Authenticator authenticator;

		Context(String path) {
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
			return SimulatorHttpServer.this;
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

	/**
	 * A request body of a known length; reads no further than its end.
	 */
	private static final class FixedLengthInputStream extends InputStream {

		private final InputStream in;

		private long remaining;

		FixedLengthInputStream(InputStream in, long length) {
			this.in = in;
			this.remaining = length;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return (read(one, 0, 1) < 0) ? -1 : (one[0] & 0xff);
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			if (this.remaining <= 0) {
				return -1;
			}
			int read = this.in.read(buffer, offset, (int) Math.min(length, this.remaining));
			if (read < 0) {
				throw new IOException("The request body ended early");
			}
			this.remaining -= read;
			return read;
		}

	}

	/**
	 * A chunked request body; reads no further than its last chunk and trailers.
	 */
	private static final class ChunkedInputStream extends InputStream {

		private final InputStream in;

		private long remainingInChunk;

		private boolean finished;

		ChunkedInputStream(InputStream in) {
			this.in = in;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return (read(one, 0, 1) < 0) ? -1 : (one[0] & 0xff);
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			if (this.finished) {
				return -1;
			}
			if (this.remainingInChunk == 0) {
				String size = readLine(this.in);
				if (size == null) {
					throw new IOException("The request body ended early");
				}
				int extension = size.indexOf(';');
				try {
					this.remainingInChunk = Long
						.parseLong(((extension >= 0) ? size.substring(0, extension) : size).trim(), 16);
				}
				catch (NumberFormatException ex) {
					throw new IOException("Invalid chunk size");
				}
				if (this.remainingInChunk == 0) {
					String trailer = readLine(this.in);
					while (trailer != null && !trailer.isEmpty()) {
						trailer = readLine(this.in);
					}
					this.finished = true;
					return -1;
				}
			}
			int read = this.in.read(buffer, offset, (int) Math.min(length, this.remainingInChunk));
			if (read < 0) {
				throw new IOException("The request body ended early");
			}
			this.remainingInChunk -= read;
			if (this.remainingInChunk == 0) {
				readLine(this.in);
			}
			return read;
		}

	}

	/**
	 * A response body of a known length; closing it flushes the response and leaves the
	 * connection open.
	 */
	private static final class FixedLengthOutputStream extends FilterOutputStream {

		private long remaining;

		private boolean closed;

		FixedLengthOutputStream(OutputStream out, long length) {
			super(out);
			this.remaining = length;
		}

		@Override
		public void write(int b) throws IOException {
			write(new byte[] { (byte) b }, 0, 1);
		}

		@Override
		public void write(byte[] buffer, int offset, int length) throws IOException {
			if (this.closed) {
				throw new IOException("The response body is closed");
			}
			if (length > this.remaining) {
				throw new IOException("More response body than the announced Content-Length");
			}
			this.out.write(buffer, offset, length);
			this.remaining -= length;
		}

		@Override
		public void close() throws IOException {
			if (this.closed) {
				return;
			}
			this.closed = true;
			this.out.flush();
			if (this.remaining > 0) {
				throw new IOException("Less response body than the announced Content-Length");
			}
		}

	}

	/**
	 * A chunked response body; closing it writes the last chunk and leaves the connection
	 * open.
	 */
	private static final class ChunkedOutputStream extends FilterOutputStream {

		private boolean closed;

		ChunkedOutputStream(OutputStream out) {
			super(out);
		}

		@Override
		public void write(int b) throws IOException {
			write(new byte[] { (byte) b }, 0, 1);
		}

		@Override
		public void write(byte[] buffer, int offset, int length) throws IOException {
			if (this.closed) {
				throw new IOException("The response body is closed");
			}
			if (length == 0) {
				return;
			}
			writeAscii(this.out, Integer.toHexString(length));
			this.out.write(CRLF);
			this.out.write(buffer, offset, length);
			this.out.write(CRLF);
		}

		@Override
		public void close() throws IOException {
			if (this.closed) {
				return;
			}
			this.closed = true;
			writeAscii(this.out, "0\r\n\r\n");
			this.out.flush();
		}

	}

}
