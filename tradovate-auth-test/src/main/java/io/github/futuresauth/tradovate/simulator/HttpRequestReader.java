package io.github.futuresauth.tradovate.simulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import com.sun.net.httpserver.Headers;
import org.jspecify.annotations.Nullable;

/**
 * Reads requests from a connection of a {@link SimulatorHttpServer}: the head, and a body
 * of a known length or chunked.
 */
final class HttpRequestReader {

	private static final int MAX_LINE_LENGTH = 16 * 1024;

	private static final int MAX_HEADER_COUNT = 200;

	private HttpRequestReader() {
	}

	/**
	 * Read the request line and headers of the next request.
	 * @param in the connection's input
	 * @return the head, {@link HttpRequestHead#INVALID} when it is not HTTP/1.x, or
	 * {@code null} when the connection ended before a complete head
	 * @throws IOException if the connection fails or a line is too long
	 */
	static @Nullable HttpRequestHead readHead(InputStream in) throws IOException {
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
				return HttpRequestHead.INVALID;
			}
			headers.add(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
			line = readLine(in);
		}
		if (line == null) {
			return null;
		}
		String[] parts = requestLine.split(" ");
		if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
			return HttpRequestHead.INVALID;
		}
		try {
			return new HttpRequestHead(parts[0], new URI(parts[1]), parts[2], headers);
		}
		catch (URISyntaxException ex) {
			return HttpRequestHead.INVALID;
		}
	}

	/**
	 * Return the body of the request with the given head, which reads no further than its
	 * end, so that the next request on the connection can be read after it.
	 * @param in the connection's input
	 * @param head the request's head
	 * @return the body, empty when the request has none
	 * @throws IOException if the {@code Content-Length} is not a number
	 */
	static InputStream requestBody(InputStream in, HttpRequestHead head) throws IOException {
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

	private static @Nullable String readLine(InputStream in) throws IOException {
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

}
