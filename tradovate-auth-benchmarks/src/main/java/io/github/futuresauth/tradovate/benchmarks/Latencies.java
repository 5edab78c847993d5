package io.github.futuresauth.tradovate.benchmarks;

import java.util.Locale;

import org.HdrHistogram.Histogram;

/**
 * Latencies in nanoseconds, recorded into a histogram with three significant digits, and
 * their percentiles in the units that the tables show.
 */
final class Latencies {

	private final Histogram histogram = new Histogram(3);

	/**
	 * Record one latency.
	 * @param nanos the latency in nanoseconds
	 */
	void record(long nanos) {
		this.histogram.recordValue(Math.max(0, nanos));
	}

	/**
	 * Add the latencies of another instance to these.
	 * @param other the latencies to add
	 */
	void add(Latencies other) {
		this.histogram.add(other.histogram);
	}

	long count() {
		return this.histogram.getTotalCount();
	}

	long percentileNanos(double percentile) {
		return this.histogram.getValueAtPercentile(percentile);
	}

	long maxNanos() {
		return this.histogram.getMaxValue();
	}

	static String micros(long nanos) {
		return String.format(Locale.ROOT, "%.1f", nanos / 1_000.0);
	}

	static String millis(long nanos) {
		return String.format(Locale.ROOT, "%.1f", nanos / 1_000_000.0);
	}

	static String nanos(long nanos) {
		return String.format(Locale.ROOT, "%,d", nanos);
	}

}
