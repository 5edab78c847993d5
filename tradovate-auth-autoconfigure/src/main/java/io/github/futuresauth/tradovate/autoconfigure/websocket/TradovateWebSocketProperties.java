package io.github.futuresauth.tradovate.autoconfigure.websocket;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.futuresauth.tradovate.auth.TradovateEnvironment;
import io.github.futuresauth.tradovate.auth.websocket.TradovateWebSocketClient;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties for the WebSockets to Tradovate.
 * <p>
 * The properties validate themselves when they are bound, so that a mistake fails startup
 * with a message naming the property.
 */
@ConfigurationProperties("tradovate.websocket")
public class TradovateWebSocketProperties implements Validator {

	/**
	 * Whether to provide the trading and market data WebSocket clients. A client connects
	 * only when the application first subscribes or sends a request, so an application
	 * that does not use them opens no socket.
	 */
	private boolean enabled = true;

	/**
	 * URL of the trading WebSocket, such as wss://demo.tradovateapi.com/v1/websocket.
	 * Overrides the one of tradovate.environment; for proxies and test servers. Plain ws
	 * is allowed to loopback addresses only.
	 */
	private @Nullable URI url;

	/**
	 * URL of the market data WebSocket. Plain ws is allowed to loopback addresses only.
	 */
	private URI marketDataUrl = TradovateWebSocketClient.MARKET_DATA_URL;

	/**
	 * Time to wait for a socket to open.
	 */
	private Duration connectTimeout = Duration.ofSeconds(5);

	/**
	 * Time to wait for the response to a request, including the wait for the socket to
	 * open.
	 */
	private Duration requestTimeout = Duration.ofSeconds(10);

	/**
	 * Time a new socket has to become ready: to open, be authorized, and have the first
	 * answer to every subscription (a large user/syncrequest snapshot included). When it
	 * passes, the socket is closed and replaced.
	 */
	private Duration readyTimeout = Duration.ofSeconds(30);

	/**
	 * How often the client sends a heartbeat, whatever else it sends. Tradovate asks for
	 * 2.5 seconds.
	 */
	private Duration heartbeatInterval = Duration.ofMillis(2500);

	/**
	 * How long a socket may stay silent (no frame, not even the server's heartbeat)
	 * before it is considered dead and replaced.
	 */
	private Duration silenceTimeout = Duration.ofSeconds(10);

	/**
	 * Largest frame accepted from the server, counted in characters. A larger one closes
	 * the socket with an error naming this property.
	 */
	private DataSize maxFrameSize = DataSize.ofMegabytes(16);

	/**
	 * How many events may wait for slow listeners. When one more arrives, the socket is
	 * dropped and replaced, and listeners catch up from the subscription answers on the
	 * new one.
	 */
	private int listenerQueueCapacity = 10_000;

	/**
	 * How long a started socket may go without being ready before health reports DOWN.
	 */
	private Duration downAfter = Duration.ofSeconds(30);

	/**
	 * Back-off between attempts to replace a lost socket.
	 */
	private final Reconnect reconnect = new Reconnect();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable URI getUrl() {
		return this.url;
	}

	public void setUrl(@Nullable URI url) {
		this.url = url;
	}

	public URI getMarketDataUrl() {
		return this.marketDataUrl;
	}

	public void setMarketDataUrl(URI marketDataUrl) {
		this.marketDataUrl = marketDataUrl;
	}

	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public Duration getRequestTimeout() {
		return this.requestTimeout;
	}

	public void setRequestTimeout(Duration requestTimeout) {
		this.requestTimeout = requestTimeout;
	}

	public Duration getReadyTimeout() {
		return this.readyTimeout;
	}

	public void setReadyTimeout(Duration readyTimeout) {
		this.readyTimeout = readyTimeout;
	}

	public DataSize getMaxFrameSize() {
		return this.maxFrameSize;
	}

	public void setMaxFrameSize(DataSize maxFrameSize) {
		this.maxFrameSize = maxFrameSize;
	}

	public int getListenerQueueCapacity() {
		return this.listenerQueueCapacity;
	}

	public void setListenerQueueCapacity(int listenerQueueCapacity) {
		this.listenerQueueCapacity = listenerQueueCapacity;
	}

	public Duration getDownAfter() {
		return this.downAfter;
	}

	public void setDownAfter(Duration downAfter) {
		this.downAfter = downAfter;
	}

	public Duration getHeartbeatInterval() {
		return this.heartbeatInterval;
	}

	public void setHeartbeatInterval(Duration heartbeatInterval) {
		this.heartbeatInterval = heartbeatInterval;
	}

	public Duration getSilenceTimeout() {
		return this.silenceTimeout;
	}

	public void setSilenceTimeout(Duration silenceTimeout) {
		this.silenceTimeout = silenceTimeout;
	}

	public Reconnect getReconnect() {
		return this.reconnect;
	}

	/**
	 * Return the trading socket's URL: {@link #getUrl() url} when set, else the
	 * environment's.
	 * @param environment the configured environment
	 * @return the URL
	 */
	public URI determineUrl(TradovateEnvironment environment) {
		if (this.url != null) {
			return this.url;
		}
		return (environment == TradovateEnvironment.LIVE) ? TradovateWebSocketClient.LIVE_URL
				: TradovateWebSocketClient.DEMO_URL;
	}

	@Override
	public boolean supports(Class<?> type) {
		return TradovateWebSocketProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		for (String problem : ((TradovateWebSocketProperties) target).problems()) {
			errors.reject("tradovate.websocket.invalid", problem);
		}
	}

	private List<String> problems() {
		List<String> problems = new ArrayList<>();
		url(problems, "tradovate.websocket.url", this.url);
		url(problems, "tradovate.websocket.market-data-url", this.marketDataUrl);
		positive(problems, "tradovate.websocket.connect-timeout", this.connectTimeout);
		positive(problems, "tradovate.websocket.request-timeout", this.requestTimeout);
		positive(problems, "tradovate.websocket.ready-timeout", this.readyTimeout);
		positive(problems, "tradovate.websocket.down-after", this.downAfter);
		positive(problems, "tradovate.websocket.heartbeat-interval", this.heartbeatInterval);
		if (this.maxFrameSize == null || this.maxFrameSize.toBytes() <= 0
				|| this.maxFrameSize.toBytes() > Integer.MAX_VALUE) {
			problems.add("tradovate.websocket.max-frame-size must be positive and at most 2GB, such as 16MB");
		}
		if (this.listenerQueueCapacity <= 0) {
			problems.add("tradovate.websocket.listener-queue-capacity must be positive, such as 10000");
		}
		positive(problems, "tradovate.websocket.silence-timeout", this.silenceTimeout);
		if (this.heartbeatInterval != null && this.silenceTimeout != null
				&& this.silenceTimeout.compareTo(this.heartbeatInterval) <= 0) {
			problems.add("tradovate.websocket.silence-timeout must be longer than "
					+ "tradovate.websocket.heartbeat-interval, such as 10s");
		}
		this.reconnect.addProblems(problems);
		return problems;
	}

	private static void url(List<String> problems, String property, @Nullable URI url) {
		if (url == null) {
			return;
		}
		String scheme = url.getScheme();
		String host = url.getHost();
		boolean loopback = host != null
				&& (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]"));
		if (!"wss".equalsIgnoreCase(scheme) && !("ws".equalsIgnoreCase(scheme) && loopback)) {
			problems.add(property + " must be a wss URL, such as wss://demo.tradovateapi.com/v1/websocket "
					+ "(plain ws only to localhost or 127.0.0.1)");
		}
	}

	private static void positive(List<String> problems, String property, @Nullable Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			problems.add(property + " must be a positive duration, such as 10s");
		}
	}

	/**
	 * Back-off between attempts to replace a lost socket.
	 */
	public static class Reconnect {

		/**
		 * Delay before the first attempt, and the shortest time between two attempts,
		 * however quickly sockets fail.
		 */
		private Duration initialDelay = Duration.ofSeconds(1);

		/**
		 * Multiplier of the delay after each failed attempt.
		 */
		private double multiplier = 2.0;

		/**
		 * Longest delay between two attempts.
		 */
		private Duration maxDelay = Duration.ofSeconds(30);

		/**
		 * Largest random amount added to or taken from each delay, so that many instances
		 * do not reconnect in step.
		 */
		private Duration jitter = Duration.ofMillis(500);

		/**
		 * How long a socket must stay ready before the back-off starts afresh, so that a
		 * server that drops sockets soon after accepting them is not tried every second.
		 */
		private Duration resetAfter = Duration.ofMinutes(1);

		/**
		 * Delay before reconnecting after Tradovate's shutdown event for a connection or
		 * IP quota (ConnectionQuotaReached, IPQuotaReached).
		 */
		private Duration quotaDelay = Duration.ofMinutes(5);

		public Duration getInitialDelay() {
			return this.initialDelay;
		}

		public void setInitialDelay(Duration initialDelay) {
			this.initialDelay = initialDelay;
		}

		public double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(double multiplier) {
			this.multiplier = multiplier;
		}

		public Duration getMaxDelay() {
			return this.maxDelay;
		}

		public void setMaxDelay(Duration maxDelay) {
			this.maxDelay = maxDelay;
		}

		public Duration getJitter() {
			return this.jitter;
		}

		public void setJitter(Duration jitter) {
			this.jitter = jitter;
		}

		public Duration getResetAfter() {
			return this.resetAfter;
		}

		public void setResetAfter(Duration resetAfter) {
			this.resetAfter = resetAfter;
		}

		public Duration getQuotaDelay() {
			return this.quotaDelay;
		}

		public void setQuotaDelay(Duration quotaDelay) {
			this.quotaDelay = quotaDelay;
		}

		void addProblems(List<String> problems) {
			positive(problems, "tradovate.websocket.reconnect.reset-after", this.resetAfter);
			positive(problems, "tradovate.websocket.reconnect.quota-delay", this.quotaDelay);
			positive(problems, "tradovate.websocket.reconnect.initial-delay", this.initialDelay);
			positive(problems, "tradovate.websocket.reconnect.max-delay", this.maxDelay);
			if (this.multiplier < 1) {
				problems.add("tradovate.websocket.reconnect.multiplier must be 1 or more");
			}
			if (this.initialDelay != null && this.maxDelay != null && this.maxDelay.compareTo(this.initialDelay) < 0) {
				problems.add("tradovate.websocket.reconnect.max-delay must not be shorter than "
						+ "tradovate.websocket.reconnect.initial-delay");
			}
			if (this.jitter == null || this.jitter.isNegative()) {
				problems.add("tradovate.websocket.reconnect.jitter must be zero or a positive duration");
			}
		}

	}

}
