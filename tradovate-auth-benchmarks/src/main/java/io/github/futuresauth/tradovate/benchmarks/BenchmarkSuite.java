package io.github.futuresauth.tradovate.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.util.Version;

import org.springframework.boot.SpringBootVersion;
import org.springframework.core.SpringVersion;
import org.springframework.security.core.SpringSecurityCoreVersion;

/**
 * Runs the default set of benchmarks and writes the results into the module's README:
 * <pre class="code">
 * java -cp tradovate-auth-benchmarks/target/benchmarks.jar io.github.futuresauth.tradovate.benchmarks.BenchmarkSuite
 * </pre> With {@code --long}, every part runs about three times as long. With
 * {@code --readme=<file>} the results go to that file; with {@code --readme=none} they
 * are only printed.
 */
public final class BenchmarkSuite {

	private static final String DEFAULT_README = "tradovate-auth-benchmarks/README.md";

	/**
	 * A version at the start of the rest of a line of the dependency list, before any
	 * decoration.
	 */
	private static final Pattern VERSION = Pattern.compile("[0-9][0-9A-Za-z._-]*");

	private BenchmarkSuite() {
	}

	public static void main(String[] args) throws Exception {
		// Before any HttpServer starts: see LoopbackApi.
		System.setProperty(LoopbackApi.NO_DELAY, "true");
		boolean longRun = false;
		String readme = DEFAULT_README;
		for (String arg : args) {
			if (arg.equals("--long")) {
				longRun = true;
			}
			else if (arg.startsWith("--readme=")) {
				readme = arg.substring("--readme=".length());
			}
			else {
				throw new IllegalArgumentException("Unknown argument '" + arg + "': use --long or --readme=<file>");
			}
		}
		Path readmePath = readme.equals("none") ? null : Path.of(readme);
		if (readmePath != null && !Files.isRegularFile(readmePath)) {
			throw new IllegalArgumentException("No README at " + readmePath.toAbsolutePath()
					+ ": run from the project's root directory, or pass --readme=<file> or --readme=none");
		}
		String results = run(longRun ? Settings.LONG : Settings.DEFAULT);
		System.out.println(results);
		if (readmePath != null) {
			ResultsReadme.write(readmePath, results);
			System.out.println("Wrote the results to " + readmePath);
		}
	}

	/**
	 * Run every benchmark and return the results in Markdown.
	 * @param settings how long to run
	 * @return the results
	 * @throws Exception if a benchmark fails
	 */
	static String run(Settings settings) throws Exception {
		String environment = environment(settings);
		long start = System.nanoTime();
		String hotPath = hotPath(settings.jmh());
		// One user against a thousand is the question; ten more would add minutes.
		String manyUsers = manyUsers(settings.jmh(), "1", "1000");
		String endToEnd = EndToEndBenchmark.run(settings.endToEnd()).toMarkdown();
		String stampede = ColdStampedeBenchmark.run(settings.stampede()).toMarkdown();
		String renewal = RenewalUnderLoadBenchmark.run(settings.renewal()).toMarkdown();
		String startup = StartupBenchmark.run(settings.startup()).toMarkdown();
		String fleet = FleetBenchmark.run(settings.fleet()).toMarkdown();
		String fileStore = FileStoreBenchmark.run(settings.fileStore()).toMarkdown();
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		return environment
				+ String.format(Locale.ROOT, "The run took %d min %d s.%n", took.toMinutes(), took.toSecondsPart())
				+ "\n### Hot path (JMH)\n\n" + hotPath + "\n### Hot path with many users (JMH)\n\n" + manyUsers
				+ "\n### End to end over loopback HTTP\n\n" + endToEnd + "\n### Cold stampede\n\n" + stampede
				+ "\n### Renewal under load\n\n" + renewal + "\n### Startup\n\n" + startup
				+ "\n### Fleet through Redis\n\n" + fleet + "\n### Processes on one machine through a file\n\n"
				+ fileStore;
	}

	static String hotPath(JmhSettings settings) throws RunnerException {
		Map<String, Map<Integer, RunResult>> results = new LinkedHashMap<>();
		for (int threads : List.of(1, 2)) {
			for (RunResult result : runJmh(HotPathBenchmark.class, settings, threads)) {
				String name = result.getParams().getBenchmark();
				name = name.substring(name.lastIndexOf('.') + 1);
				results.computeIfAbsent(name, (key) -> new LinkedHashMap<>()).put(threads, result);
			}
		}
		StringBuilder table = new StringBuilder();
		table.append("| Variant | 1 thread: median ns/op (mean ± error) | B/op | x floor "
				+ "| 2 threads: median ns/op (mean ± error) | B/op | x floor |\n");
		table.append("|---|---:|---:|---:|---:|---:|---:|\n");
		for (String variant : List.of("floor", "noop", "tradovate", "tradovateOtherHost", "springSecurity")) {
			Map<Integer, RunResult> byThreads = results.get(variant);
			if (byThreads == null) {
				continue;
			}
			table.append("| `").append(variant).append("` |");
			for (int threads : List.of(1, 2)) {
				RunResult result = byThreads.get(threads);
				table.append(String.format(Locale.ROOT, " %.1f (%s) | %s | %.2f |", median(result),
						score(result.getPrimaryResult()), allocated(result),
						median(result) / score(results, "floor", threads)));
			}
			table.append('\n');
		}
		table.append('\n').append(ratios(results, 1)).append(ratios(results, 2));
		return table.toString();
	}

	/**
	 * Run {@link ManyUsersBenchmark} with one thread and return its table: each variant's
	 * time and allocation for every number of users, side by side.
	 * @param settings JMH's settings
	 * @param userCounts the numbers of users to run with, or none for the benchmark's own
	 * @return the table
	 * @throws RunnerException if JMH fails
	 */
	static String manyUsers(JmhSettings settings, String... userCounts) throws RunnerException {
		Map<String, Map<Integer, RunResult>> results = new LinkedHashMap<>();
		for (RunResult result : runJmh(ManyUsersBenchmark.class, settings, 1,
				(options) -> (userCounts.length > 0) ? options.param("users", userCounts) : options)) {
			String name = result.getParams().getBenchmark();
			name = name.substring(name.lastIndexOf('.') + 1);
			int users = Integer.parseInt(result.getParams().getParam("users"));
			results.computeIfAbsent(name, (key) -> new TreeMap<>()).put(users, result);
		}
		List<Integer> columns = results.values()
			.stream()
			.flatMap((byUsers) -> byUsers.keySet().stream())
			.distinct()
			.sorted()
			.toList();
		StringBuilder table = new StringBuilder("| Variant |");
		StringBuilder alignment = new StringBuilder("|---|");
		for (int users : columns) {
			table.append(String.format(Locale.ROOT, " %,d user%s: median ns/op (mean ± error) | B/op | x floor |",
					users, (users != 1) ? "s" : ""));
			alignment.append("---:|---:|---:|");
		}
		table.append('\n').append(alignment).append('\n');
		for (String variant : List.of("floor", "byAttribute", "ownInterceptor")) {
			Map<Integer, RunResult> byUsers = results.get(variant);
			if (byUsers == null) {
				continue;
			}
			table.append("| `").append(variant).append("` |");
			for (int users : columns) {
				RunResult result = byUsers.get(users);
				table.append((result != null) ? String.format(Locale.ROOT, " %.1f (%s) | %s | %.2f |", median(result),
						score(result.getPrimaryResult()), allocated(result),
						median(result) / score(results, "floor", users)) : " | | |");
			}
			table.append('\n');
		}
		int fewest = columns.isEmpty() ? 0 : columns.get(0);
		int most = columns.isEmpty() ? 0 : columns.get(columns.size() - 1);
		double first = score(results, "byAttribute", fewest);
		double last = score(results, "byAttribute", most);
		if (most > fewest && !Double.isNaN(first) && !Double.isNaN(last)) {
			table.append(String.format(Locale.ROOT,
					"%n- Through the registry, a request took %.1f ns with %,d users against %.1f ns with %,d (%.2fx),"
							+ " and %s B against %s B; the floor %.1f ns against %.1f ns.%n",
					last, most, first, fewest, last / first, allocated(results.get("byAttribute").get(most)),
					allocated(results.get("byAttribute").get(fewest)), score(results, "floor", most),
					score(results, "floor", fewest)));
		}
		return table.toString();
	}

	/**
	 * Return the starter's median time as a multiple of the floor's and of Spring
	 * Security's, as measured and net of the harness (the no-op variant's time taken from
	 * each).
	 */
	private static String ratios(Map<String, Map<Integer, RunResult>> results, int threads) {
		double floor = score(results, "floor", threads);
		double noop = score(results, "noop", threads);
		double tradovate = score(results, "tradovate", threads);
		double springSecurity = score(results, "springSecurity", threads);
		if (Double.isNaN(floor) || Double.isNaN(noop) || Double.isNaN(tradovate) || Double.isNaN(springSecurity)) {
			return "";
		}
		return String.format(Locale.ROOT,
				"- %d thread%s: the starter takes %.2fx the floor's time (%.2fx net of the harness) and %.2fx Spring"
						+ " Security's (%.2fx net).%n",
				threads, (threads != 1) ? "s" : "", tradovate / floor, (tradovate - noop) / (floor - noop),
				tradovate / springSecurity, (tradovate - noop) / (springSecurity - noop));
	}

	private static double score(Map<String, Map<Integer, RunResult>> results, String variant, int threads) {
		RunResult result = results.getOrDefault(variant, Map.of()).get(threads);
		return (result != null) ? median(result) : Double.NaN;
	}

	/**
	 * Return the median of the scores of all measured iterations of all forks: on a
	 * shared machine, an iteration that a neighbour disturbed moves the mean but hardly
	 * the median.
	 */
	private static double median(RunResult result) {
		double[] scores = result.getBenchmarkResults()
			.stream()
			.flatMap((benchmark) -> benchmark.getIterationResults().stream())
			.mapToDouble((iteration) -> iteration.getPrimaryResult().getScore())
			.sorted()
			.toArray();
		if (scores.length == 0) {
			return result.getPrimaryResult().getScore();
		}
		int middle = scores.length / 2;
		return (scores.length % 2 == 1) ? scores[middle] : (scores[middle - 1] + scores[middle]) / 2;
	}

	static Collection<RunResult> runJmh(Class<?> benchmark, JmhSettings settings, int threads) throws RunnerException {
		return runJmh(benchmark, settings, threads, UnaryOperator.identity());
	}

	static Collection<RunResult> runJmh(Class<?> benchmark, JmhSettings settings, int threads,
			UnaryOperator<ChainedOptionsBuilder> customizer) throws RunnerException {
		ChainedOptionsBuilder options = new OptionsBuilder().include(benchmark.getName() + "\\.")
			.threads(threads)
			.forks(settings.forks())
			.warmupIterations(settings.warmupIterations())
			.warmupTime(settings.iterationTime())
			.measurementIterations(settings.measurementIterations())
			.measurementTime(settings.iterationTime())
			.shouldFailOnError(true)
			.verbosity(settings.verbosity())
			// A heap of fixed size, touched before the run: on virtual machines whose
			// host hands memory out on first touch, a growing heap otherwise stalls
			// whole iterations for seconds.
			.jvmArgsAppend("-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch")
			.addProfiler(GCProfiler.class);
		return new Runner(customizer.apply(options).build()).run();
	}

	private static String score(Result<?> result) {
		double error = result.getScoreError();
		return Double.isNaN(error) ? String.format(Locale.ROOT, "%.1f", result.getScore())
				: String.format(Locale.ROOT, "%.1f ± %.1f", result.getScore(), error);
	}

	private static String allocated(RunResult result) {
		Result<?> allocation = result.getSecondaryResults().get("gc.alloc.rate.norm");
		return (allocation != null) ? String.format(Locale.ROOT, "%.0f", allocation.getScore()) : "n/a";
	}

	static String environment(Settings settings) throws IOException {
		Runtime runtime = Runtime.getRuntime();
		String cpu = read("/proc/cpuinfo")
			.flatMap((text) -> text.lines()
				.filter((line) -> line.startsWith("model name"))
				.findFirst()
				.map((line) -> line.substring(line.indexOf(':') + 1).trim()))
			.orElse(System.getProperty("os.arch"));
		String load = read("/proc/loadavg")
			.map((text) -> String.join(" ", List.of(text.trim().split(" ")).subList(0, 3)))
			.orElse("n/a");
		List<String> lines = new ArrayList<>();
		lines.add("| | |");
		lines.add("|---|---|");
		lines.add("| Date | "
				+ ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"))
				+ " |");
		lines.add("| Machine | " + cpu + ", " + runtime.availableProcessors() + " cores available, "
				+ System.getProperty("os.name") + " " + System.getProperty("os.version") + " |");
		lines.add("| Load average before the run | " + load + " |");
		lines.add("| JDK | " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
				+ ", default GC; JMH forks on a pre-touched heap of 1 GB, the other parts on the default heap |");
		lines.add("| Versions | Spring Boot " + SpringBootVersion.getVersion() + ", Spring Framework "
				+ version("org.springframework:spring-core", SpringVersion.getVersion()) + ", Spring Security "
				+ version("org.springframework.security:spring-security-core", SpringSecurityCoreVersion.getVersion())
				+ ", JMH " + Version.getPlainVersion() + " |");
		lines.add("| Settings | " + settings.describe() + " |");
		return String.join("\n", lines) + "\n\n";
	}

	/**
	 * Return the version of a dependency from the list that the build records (the shaded
	 * jar has lost the jars' manifests), or else from the jar's manifest.
	 */
	private static String version(String artifact, @Nullable String fromManifest) throws IOException {
		try (InputStream list = BenchmarkSuite.class.getResourceAsStream("/META-INF/benchmarks/dependencies.txt")) {
			if (list != null) {
				String prefix = artifact + ":jar:";
				Optional<String> recorded = new String(list.readAllBytes(), StandardCharsets.UTF_8).lines()
					.map(String::trim)
					.filter((line) -> line.startsWith(prefix))
					.map((line) -> VERSION.matcher(line.substring(prefix.length())))
					.filter(Matcher::lookingAt)
					.map(Matcher::group)
					.findFirst();
				if (recorded.isPresent()) {
					return recorded.get();
				}
			}
		}
		return (fromManifest != null) ? fromManifest : "unknown";
	}

	private static Optional<String> read(String file) {
		try {
			return Optional.of(Files.readString(Path.of(file), StandardCharsets.UTF_8));
		}
		catch (IOException | RuntimeException ex) {
			return Optional.empty();
		}
	}

	/**
	 * JMH's settings for the hot path.
	 *
	 * @param forks forks per benchmark and thread count
	 * @param warmupIterations warm-up iterations per fork
	 * @param measurementIterations measured iterations per fork
	 * @param iterationTime time of each iteration
	 * @param verbosity how much JMH prints
	 */
	record JmhSettings(int forks, int warmupIterations, int measurementIterations, TimeValue iterationTime,
			VerboseMode verbosity) {

	}

	/**
	 * Settings of every part of the suite.
	 *
	 * @param name what the settings are called
	 * @param jmh JMH's settings
	 * @param endToEnd the end-to-end settings
	 * @param stampede the stampede settings
	 * @param renewal the renewal settings
	 * @param startup the startup settings
	 * @param fleet the fleet settings
	 * @param fileStore the settings of the file store's part
	 */
	record Settings(String name, JmhSettings jmh, EndToEndBenchmark.Settings endToEnd,
			ColdStampedeBenchmark.Settings stampede, RenewalUnderLoadBenchmark.Settings renewal,
			StartupBenchmark.Settings startup, FleetBenchmark.Settings fleet, FileStoreBenchmark.Settings fileStore) {

		static final Settings DEFAULT = new Settings("default",
				new JmhSettings(2, 3, 5, TimeValue.seconds(1), VerboseMode.NORMAL), EndToEndBenchmark.Settings.DEFAULT,
				ColdStampedeBenchmark.Settings.DEFAULT, RenewalUnderLoadBenchmark.Settings.DEFAULT,
				StartupBenchmark.Settings.DEFAULT, FleetBenchmark.Settings.DEFAULT,
				FileStoreBenchmark.Settings.DEFAULT);

		static final Settings LONG = new Settings("long",
				new JmhSettings(3, 5, 10, TimeValue.seconds(1), VerboseMode.NORMAL),
				new EndToEndBenchmark.Settings(Duration.ofSeconds(15), 10, Duration.ofSeconds(6)),
				new ColdStampedeBenchmark.Settings(List.of(1, 10, 100, 1000), 15, Duration.ofMillis(20)),
				new RenewalUnderLoadBenchmark.Settings(8, Duration.ofSeconds(60), Duration.ofSeconds(4),
						Duration.ofSeconds(2), Duration.ofMillis(50)),
				new StartupBenchmark.Settings(21, 1, List.of()), new FleetBenchmark.Settings(8, 60, 100_000),
				new FileStoreBenchmark.Settings(10_000_000, 60, Duration.ofSeconds(1)));

		String describe() {
			return String.format(Locale.ROOT,
					"%s: JMH %d forks x (%d warm-up + %d measured iterations of %s); end to end %d rounds of %d s per client"
							+ " after %d s of warm-up; stampede %d trials per N, server latency %d ms; renewal %d threads"
							+ " for %d s; startup %d starts per variant; fleet %d instances, %d renewals, %,d requests;"
							+ " file store %,d requests, %d renewals",
					this.name, this.jmh.forks(), this.jmh.warmupIterations(), this.jmh.measurementIterations(),
					this.jmh.iterationTime(), this.endToEnd.rounds(), this.endToEnd.roundTime().toSeconds(),
					this.endToEnd.warmup().toSeconds(), this.stampede.trials(),
					this.stampede.serverLatency().toMillis(), this.renewal.threads(),
					this.renewal.duration().toSeconds(), this.startup.runs(), this.fleet.instances(),
					this.fleet.renewals(), this.fleet.requests(), this.fileStore.requests(), this.fileStore.renewals());
		}

	}

}
