package io.github.futuresauth.tradovate.sample;

import java.util.concurrent.atomic.AtomicLong;

import io.github.futuresauth.tradovate.auth.AccessTokenRenewedEvent;
import io.github.futuresauth.tradovate.auth.TokenProvider;
import io.github.futuresauth.tradovate.auth.websocket.TradovateEvent;
import io.github.futuresauth.tradovate.auth.websocket.TradovateResponse;
import io.github.futuresauth.tradovate.auth.websocket.TradovateWebSocketClient;
import io.github.futuresauth.tradovate.auth.websocket.TradovateWebSocketListener;
import io.github.futuresauth.tradovate.auth.websocket.TradovateWebSocketSubscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Subscribes to the user's sync stream on the trading WebSocket and to quotes on the
 * market data WebSocket, and logs a few of their events. Each socket is authorized once
 * and stays open across renewals, as Tradovate's do: at every renewal the sample logs how
 * many connections each socket has made (one, unless a socket was lost). The embedded
 * simulator numbers its events, so the sample can also say that none was lost or
 * repeated.
 */
@Component
class TradovateStreams implements ApplicationRunner {

	private static final Logger logger = LoggerFactory.getLogger(TradovateStreams.class);

	private final TradovateWebSocketClient trading;

	private final TradovateWebSocketClient marketData;

	private final TokenProvider tokenProvider;

	private final String symbol;

	private final int logEvery;

	private final StreamLog userSync;

	private final StreamLog quotes;

	TradovateStreams(@Qualifier("tradovateWebSocketClient") TradovateWebSocketClient trading,
			@Qualifier("tradovateMarketDataWebSocketClient") TradovateWebSocketClient marketData,
			TokenProvider tokenProvider, @Value("${sample.quote-symbol:ESZ6}") String symbol,
			@Value("${sample.log-every-event:50}") int logEvery) {
		this.trading = trading;
		this.marketData = marketData;
		this.tokenProvider = tokenProvider;
		this.symbol = symbol;
		this.logEvery = logEvery;
		this.userSync = new StreamLog("user sync", "props");
		this.quotes = new StreamLog("quotes " + symbol, "md");
	}

	@Override
	public void run(ApplicationArguments args) {
		Long userId = this.tokenProvider.getToken().userId();
		this.trading.subscribe("user/syncrequest", "{\"users\":[" + userId + "]}", this.userSync);
		this.marketData.subscribe("md/subscribeQuote", "{\"symbol\":\"" + this.symbol + "\"}", this.quotes);
	}

	@EventListener
	void tokenRenewed(AccessTokenRenewedEvent event) {
		logger.info("[sample] Token renewed; events keep flowing on the same sockets: trading {} connection(s), "
				+ "market data {} connection(s)", this.trading.getConnects(), this.marketData.getConnects());
	}

	StreamLog userSync() {
		return this.userSync;
	}

	StreamLog quotes() {
		return this.quotes;
	}

	/**
	 * Counts a stream's events, checks their numbers when they have any, and logs a few.
	 */
	final class StreamLog implements TradovateWebSocketListener {

		private final String name;

		private final String eventName;

		private final AtomicLong events = new AtomicLong();

		private final AtomicLong outOfOrder = new AtomicLong();

		private volatile long lastSeq = -1;

		StreamLog(String name, String eventName) {
			this.name = name;
			this.eventName = eventName;
		}

		@Override
		public void onSubscribed(TradovateWebSocketSubscription subscription, TradovateResponse response) {
			logger.info("[sample] Subscribed to {} (status {}); events follow", this.name, response.status());
			// After a reconnect the stream starts afresh: events in between are lost, the
			// snapshot tells what changed.
			this.lastSeq = -1;
		}

		@Override
		public void onEvent(TradovateEvent event) {
			if (!event.name().equals(this.eventName)) {
				return;
			}
			long count = this.events.incrementAndGet();
			long seq = seq(event.data());
			if (seq >= 0) {
				if (this.lastSeq >= 0 && seq != this.lastSeq + 1) {
					this.outOfOrder.incrementAndGet();
					logger.warn("[sample] {}: event #{} arrived after #{}", this.name, seq, this.lastSeq);
				}
				this.lastSeq = seq;
			}
			if (count <= 3 || count % TradovateStreams.this.logEvery == 0) {
				logger.info("[sample] {}: {} event(s) so far{}, {} out of order", this.name, count,
						(seq >= 0) ? ", latest #" + seq : "", this.outOfOrder.get());
			}
		}

		long events() {
			return this.events.get();
		}

		long outOfOrder() {
			return this.outOfOrder.get();
		}

		private static long seq(JsonNode data) {
			// One entity, or several in an array.
			JsonNode entity = data.path("entity");
			JsonNode seq = (entity.isArray() ? entity.path(0) : entity).path("seq");
			if (seq.isMissingNode()) {
				seq = data.path("quotes").path(0).path("seq");
			}
			return seq.isNumber() ? seq.asLong() : -1;
		}

	}

}
