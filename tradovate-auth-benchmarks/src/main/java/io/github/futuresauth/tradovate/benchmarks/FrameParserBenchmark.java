package io.github.futuresauth.tradovate.benchmarks;

import java.util.concurrent.TimeUnit;

import io.github.futuresauth.tradovate.auth.websocket.TradovateFrame;
import io.github.futuresauth.tradovate.auth.websocket.TradovateFrameParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the WebSocket client pays to read one frame from Tradovate, in frames per second;
 * run with {@code -prof gc} for the bytes allocated per frame. A frame of one message is
 * the common case: a quote, an entity update after {@code user/syncrequest}, a response,
 * a heartbeat.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
@State(Scope.Benchmark)
public class FrameParserBenchmark {

	private static final String HEARTBEAT = "h";

	private static final String RESPONSE = "a[{\"s\":200,\"i\":17,\"d\":{\"id\":1800001,\"name\":\"DEMO1800001\","
			+ "\"userId\":2600001,\"accountType\":\"Customer\",\"active\":true}}]";

	private static final String QUOTE = "a[{\"e\":\"md\",\"d\":{\"quotes\":[{\"timestamp\":\"2026-11-29T19:45:01.123Z\","
			+ "\"contractId\":3570918,\"entries\":{\"Bid\":{\"price\":6000.25,\"size\":41},"
			+ "\"TotalTradeVolume\":{\"size\":812345},\"Offer\":{\"price\":6000.5,\"size\":37},"
			+ "\"LowPrice\":{\"price\":5962.75},\"Trade\":{\"price\":6000.5,\"size\":2},"
			+ "\"OpenInterest\":{\"size\":2145789},\"OpeningPrice\":{\"price\":5970},"
			+ "\"HighPrice\":{\"price\":6010.25},\"SettlementPrice\":{\"price\":5968.5}}}]}}]";

	private static final String ENTITY = "a[{\"e\":\"props\",\"d\":{\"entityType\":\"order\",\"eventType\":\"Updated\","
			+ "\"entity\":{\"id\":210987654,\"accountId\":1800001,\"contractId\":3570918,"
			+ "\"timestamp\":\"2026-11-29T19:45:01.123Z\",\"action\":\"Buy\",\"ordStatus\":\"Working\","
			+ "\"admin\":false}}}]";

	private final TradovateFrameParser parser = new TradovateFrameParser();

	@Benchmark
	public TradovateFrame heartbeat() {
		return this.parser.parse(HEARTBEAT);
	}

	@Benchmark
	public TradovateFrame response() {
		return this.parser.parse(RESPONSE);
	}

	@Benchmark
	public TradovateFrame quote() {
		return this.parser.parse(QUOTE);
	}

	@Benchmark
	public TradovateFrame entityUpdate() {
		return this.parser.parse(ENTITY);
	}

}
