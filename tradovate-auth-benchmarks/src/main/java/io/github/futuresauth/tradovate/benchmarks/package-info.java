/**
 * JMH benchmarks of what the starter adds to every request to Tradovate.
 */
@NullMarked
package io.github.futuresauth.tradovate.benchmarks;

import org.jspecify.annotations.NullMarked;
