package io.github.futuresauth.tradovate.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * The time to start a minimal Spring Boot application with and without the starter. Every
 * start runs {@link StartupApplication} in a new JVM, as an application starts, with the
 * same class path; the two variants take turns. Without the starter, its
 * auto-configurations are excluded ({@code spring.autoconfigure.exclude}); with it, the
 * application does not log in while it starts ({@code tradovate.login-at-startup=false}).
 * The first starts of each variant warm the file cache and are not counted.
 */
public final class StartupBenchmark {

	private StartupBenchmark() {
	}

	/**
	 * Start the application the given number of times with and without the starter.
	 * @param settings how many starts to count
	 * @return the result
	 * @throws Exception if an application fails to start
	 */
	public static Result run(Settings settings) throws Exception {
		List<Start> with = new ArrayList<>();
		List<Start> without = new ArrayList<>();
		for (int i = 0; i < settings.warmupStarts() + settings.runs(); i++) {
			Start withStart = start("with", settings.jvmOptions());
			Start withoutStart = start("without", settings.jvmOptions());
			if (withStart.tradovateBeans() == 0 || withoutStart.tradovateBeans() != 0) {
				throw new IllegalStateException("The starter's beans were not where they belong: with "
						+ withStart.tradovateBeans() + ", without " + withoutStart.tradovateBeans());
			}
			if (i >= settings.warmupStarts()) {
				with.add(withStart);
				without.add(withoutStart);
			}
		}
		return new Result(with, without);
	}

	private static Start start(String variant, List<String> jvmOptions) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command
			.addAll(List.of("-cp", System.getProperty("java.class.path"), StartupApplication.class.getName(), variant));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		List<String> output = new ArrayList<>();
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				output.add(line);
			}
		}
		if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
			process.destroyForcibly();
			throw new IllegalStateException(
					"The application failed to start " + variant + " the starter:\n" + String.join("\n", output));
		}
		for (String line : output) {
			if (line.startsWith("startup ")) {
				String[] parts = line.split(" ");
				return new Start(Long.parseLong(parts[1]), Long.parseLong(parts[2]), Long.parseLong(parts[3]),
						Long.parseLong(parts[4]));
			}
		}
		throw new IllegalStateException(
				"The application did not report its startup time:\n" + String.join("\n", output));
	}

	/**
	 * How many starts to count.
	 *
	 * @param runs the number of counted starts of each variant
	 * @param warmupStarts the number of starts of each variant before those, not counted
	 * @param jvmOptions options of the JVMs that the application starts in
	 */
	public record Settings(int runs, int warmupStarts, List<String> jvmOptions) {

		/**
		 * The settings of the default run: 9 counted starts of each variant after one
		 * that is not, in JVMs with default options.
		 */
		public static final Settings DEFAULT = new Settings(9, 1, List.of());

	}

	/**
	 * One start.
	 *
	 * @param contextMillis time from {@code main} to a refreshed context
	 * @param uptimeMillis the JVM's uptime when the context was refreshed
	 * @param tradovateBeans the number of beans whose names start with {@code tradovate}
	 * @param classesLoaded the number of classes the JVM had loaded when the context was
	 * refreshed
	 */
	public record Start(long contextMillis, long uptimeMillis, long tradovateBeans, long classesLoaded) {

	}

	/**
	 * The starts of both variants.
	 *
	 * @param with the starts with the starter
	 * @param without the starts without it
	 */
	public record Result(List<Start> with, List<Start> without) {

		/**
		 * Return the results as a Markdown table.
		 * @return the table
		 */
		public String toMarkdown() {
			long withContext = median(this.with, Start::contextMillis);
			long withoutContext = median(this.without, Start::contextMillis);
			long withUptime = median(this.with, Start::uptimeMillis);
			long withoutUptime = median(this.without, Start::uptimeMillis);
			long withClasses = median(this.with, Start::classesLoaded);
			long withoutClasses = median(this.without, Start::classesLoaded);
			StringBuilder table = new StringBuilder();
			table
				.append("| Application | Starts | Median `SpringApplication.run` (ms) | Median JVM uptime at ready (ms)"
						+ " | Median classes loaded |\n");
			table.append("|---|---:|---:|---:|---:|\n");
			table.append(String.format(Locale.ROOT, "| Without the starter | %d | %d | %d | %d |%n",
					this.without.size(), withoutContext, withoutUptime, withoutClasses));
			table.append(String.format(Locale.ROOT, "| With the starter | %d | %d | %d | %d |%n", this.with.size(),
					withContext, withUptime, withClasses));
			table.append(String.format(Locale.ROOT, "| Difference | | %+d (%+.1f %%) | %+d (%+.1f %%) | %+d |%n",
					withContext - withoutContext, percent(withContext, withoutContext), withUptime - withoutUptime,
					percent(withUptime, withoutUptime), withClasses - withoutClasses));
			return table.toString();
		}

		private static double percent(long value, long baseline) {
			return (baseline != 0) ? ((double) value / baseline - 1) * 100 : 0;
		}

		private static long median(List<Start> starts, ToLongFunction<Start> value) {
			long[] values = starts.stream().mapToLong(value).sorted().toArray();
			return values[values.length / 2];
		}

	}

}
