package io.github.futuresauth.tradovate.simulator;

import java.net.URI;
import java.util.Locale;

import com.sun.net.httpserver.Headers;

/**
 * The request line and headers of a request to a {@link SimulatorHttpServer}.
 *
 * @param method the request method
 * @param uri the request target
 * @param protocol the protocol version, such as {@code HTTP/1.1}
 * @param headers the request headers
 */
record HttpRequestHead(String method, URI uri, String protocol, Headers headers) {

	/**
	 * The head of a request that cannot be read as HTTP/1.x, which is answered with 400.
	 */
	static final HttpRequestHead INVALID = new HttpRequestHead(null, null, null, null);

	boolean isValid() {
		return this.method != null;
	}

	/**
	 * Return whether the connection stays open after the response.
	 * @return whether the client keeps the connection alive
	 */
	boolean keepAlive() {
		String connection = this.headers.getFirst("Connection");
		boolean close = connection != null && connection.toLowerCase(Locale.ROOT).contains("close");
		return !close && !"HTTP/1.0".equals(this.protocol);
	}

}
