package io.github.futuresauth.tradovate.auth.websocket;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.TaskScheduler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The settings of a {@link TradovateWebSocketClient}, read by its {@link SocketKeeper}
 * each time it opens a socket. Written through the client's setters, before it starts.
 */
final class SocketOptions {

	volatile Clock clock = Clock.systemUTC();

	volatile @Nullable TaskScheduler taskScheduler;

	volatile @Nullable HttpClient httpClient;

	volatile Duration connectTimeout = Duration.ofSeconds(5);

	volatile Duration requestTimeout = Duration.ofSeconds(10);

	volatile Duration readyTimeout = Duration.ofSeconds(30);

	volatile Duration heartbeatInterval = Duration.ofMillis(2500);

	volatile Duration silenceTimeout = Duration.ofSeconds(10);

	volatile int maxFrameSize = 16 * 1024 * 1024;

	volatile int listenerQueueCapacity = 10_000;

	volatile ReconnectSchedule reconnect = new ReconnectSchedule(
			exponential(Duration.ofSeconds(1), Duration.ofSeconds(30), 2.0, Duration.ofMillis(500)),
			Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofMinutes(5));

	private @Nullable HttpClient ownHttpClient;

	synchronized HttpClient httpClient() {
		HttpClient given = this.httpClient;
		if (given != null) {
			return given;
		}
		if (this.ownHttpClient == null) {
			this.ownHttpClient = HttpClient.newBuilder().connectTimeout(this.connectTimeout).build();
		}
		return this.ownHttpClient;
	}

	static ExponentialBackOff exponential(Duration initial, Duration max, double multiplier, Duration jitter) {
		ExponentialBackOff backOff = new ExponentialBackOff(initial.toMillis(), multiplier);
		backOff.setMaxInterval(max.toMillis());
		backOff.setJitter(jitter.toMillis());
		return backOff;
	}

}
