package io.github.futuresauth.tradovate.simulator;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;

/**
 * One request and its response on a connection of a {@link SimulatorHttpServer}. It
 * writes the response as HTTP/1.1, with a {@code Date} header read from the server's
 * clock, and a body of a known length or chunked; closing it without sending response
 * headers closes the connection, so that the client sees it drop.
 */
final class SimulatorHttpExchange extends HttpExchange {

	/**
	 * The format of HTTP dates (RFC 1123, as RFC 9110 prescribes), always in GMT.
	 */
	private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter
		.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
		.withZone(ZoneOffset.UTC);

	private static final byte[] CRLF = { '\r', '\n' };

	private static final Map<Integer, String> REASONS = Map.ofEntries(Map.entry(100, "Continue"), Map.entry(200, "OK"),
			Map.entry(204, "No Content"), Map.entry(302, "Found"), Map.entry(400, "Bad Request"),
			Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"),
			Map.entry(405, "Method Not Allowed"), Map.entry(408, "Request Timeout"), Map.entry(423, "Locked"),
			Map.entry(429, "Too Many Requests"), Map.entry(500, "Internal Server Error"), Map.entry(502, "Bad Gateway"),
			Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"));

	private final Clock clock;

	private final Socket socket;

	private final HttpRequestHead head;

	private final Headers responseHeaders = new Headers();

	private final Map<String, Object> attributes = new ConcurrentHashMap<>();

	private final OutputStream connectionOut;

	private InputStream requestBody;

	private OutputStream responseBody;

	private HttpContext context;

	private int responseCode = -1;

	private boolean closed;

	SimulatorHttpExchange(Clock clock, Socket socket, HttpRequestHead head, InputStream requestBody,
			OutputStream connectionOut) {
		this.clock = clock;
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

	/**
	 * Return whether the response headers have been sent, so that the connection can
	 * carry another request once the exchange is closed.
	 * @return whether the exchange was answered
	 */
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

	void setHttpContext(HttpContext context) {
		this.context = context;
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
			SimulatorHttpServer.closeQuietly(this.socket);
			return;
		}
		try {
			this.requestBody.transferTo(OutputStream.nullOutputStream());
			this.responseBody.close();
		}
		catch (IOException ex) {
			SimulatorHttpServer.closeQuietly(this.socket);
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
		this.responseHeaders.set("Date", HTTP_DATE.format(this.clock.instant()));
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

	/**
	 * Answer {@code Expect: 100-continue}, before the request body is read.
	 * @param out the connection's output
	 * @throws IOException if the connection fails
	 */
	static void sendContinue(OutputStream out) throws IOException {
		writeAscii(out, "HTTP/1.1 100 Continue\r\n\r\n");
		out.flush();
	}

	/**
	 * Answer a request that cannot be read as HTTP with 400 and
	 * {@code Connection: close}: the rest of what the client sent cannot be told apart
	 * from a next request.
	 * @param out the connection's output
	 * @param clock the clock that the {@code Date} header is read from
	 * @throws IOException if the connection fails
	 */
	static void sendBadRequest(OutputStream out, Clock clock) throws IOException {
		writeAscii(out, "HTTP/1.1 400 Bad Request\r\nDate: " + HTTP_DATE.format(clock.instant())
				+ "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
		out.flush();
	}

	private static void writeAscii(OutputStream out, String text) throws IOException {
		out.write(text.getBytes(StandardCharsets.ISO_8859_1));
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
