package io.github.futuresauth.tradovate.simulator;

import java.time.Instant;

/**
 * One request as the {@link TradovateSimulator} saw and answered it.
 *
 * <p>
 * {@link #toString()} masks the {@code Authorization} header so that a failing assertion
 * does not print a token; the accessor returns it unchanged for comparisons.
 *
 * @param arrivedAt when the request arrived, in server time (the simulator's clock plus
 * its {@link TradovateSimulator#setServerClockOffset(java.time.Duration) server clock
 * offset})
 * @param method the HTTP method
 * @param path the request path, without the query string
 * @param kind how the request was classified
 * @param status the HTTP status of the answer, or {@code 0} when the connection was
 * dropped without an answer
 * @param validBearer whether the request carried an access token that was valid when it
 * arrived
 * @param authorization the raw {@code Authorization} header, or {@code null}
 * @param callerAddress the caller's address that limits and penalties are keyed to: the
 * first entry of {@code X-Forwarded-For} when the request has one, otherwise its remote
 * IP address
 */
public record RecordedRequest(Instant arrivedAt, String method, String path, RequestKind kind, int status,
		boolean validBearer, String authorization, String callerAddress) {

	/**
	 * The {@link #status()} of a request whose connection was dropped without an answer.
	 */
	public static final int NO_RESPONSE = 0;

	@Override
	public String toString() {
		return "RecordedRequest[arrivedAt=" + this.arrivedAt + ", method=" + this.method + ", path=" + this.path
				+ ", kind=" + this.kind + ", status=" + this.status + ", validBearer=" + this.validBearer
				+ ", authorization=" + maskedAuthorization() + ", callerAddress=" + this.callerAddress + "]";
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
