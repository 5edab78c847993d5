package io.github.futuresauth.tradovate.simulator;

import java.time.Instant;

/**
 * One request as the {@link TradovateSimulator} saw and answered it.
 *
 * <p>{@link #toString()} masks the {@code Authorization} header so that a failing assertion
 * does not print a token; the accessor returns it unchanged for comparisons.
 *
 * @param at when the request arrived, by the simulator's clock
 * @param method the HTTP method
 * @param path the request path, without the query string
 * @param kind how the request was classified
 * @param status the HTTP status of the answer, or {@code 0} when the connection was dropped
 * without an answer
 * @param validBearer whether the request carried an access token that was valid when it arrived
 * @param authorization the raw {@code Authorization} header, or {@code null}
 */
public record RecordedRequest(Instant at, String method, String path, RequestKind kind, int status,
		boolean validBearer, String authorization) {

	/**
	 * The {@link #status()} of a request whose connection was dropped without an answer.
	 */
	public static final int NO_RESPONSE = 0;

	@Override
	public String toString() {
		return "RecordedRequest[at=" + this.at + ", method=" + this.method + ", path=" + this.path + ", kind="
				+ this.kind + ", status=" + this.status + ", validBearer=" + this.validBearer + ", authorization="
				+ maskedAuthorization() + "]";
	}

	private String maskedAuthorization() {
		if (this.authorization == null) {
			return null;
		}
		int space = this.authorization.indexOf(' ');
		String scheme = (space > 0) ? this.authorization.substring(0, space + 1) : "";
		int credentialsLength = this.authorization.length() - scheme.length();
		return scheme + "<masked, " + credentialsLength + " chars>";
	}

}
