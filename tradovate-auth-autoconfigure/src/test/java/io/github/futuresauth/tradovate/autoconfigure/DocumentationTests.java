package io.github.futuresauth.tradovate.autoconfigure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that the project's Markdown documentation holds together: every relative link in
 * the README, the changelog, the module READMEs and {@code docs/} leads to a file of the
 * repository, and to a heading of it when it names one, and every {@code tradovate.*}
 * property in the configuration metadata is described in {@code docs/configuration.md}.
 */
class DocumentationTests {

	private static final Path MODULE = Path.of("").toAbsolutePath();

	private static final Path GENERATED_METADATA = MODULE
		.resolve("target/classes/META-INF/spring-configuration-metadata.json");

	private static final Path ADDITIONAL_METADATA = MODULE
		.resolve("src/main/resources/META-INF/additional-spring-configuration-metadata.json");

	private static final Pattern FENCE = Pattern.compile("^\\s{0,3}(```|~~~)");

	private static final Pattern CODE_SPAN = Pattern.compile("(`+)(.+?)\\1");

	private static final Pattern INLINE_LINK = Pattern
		.compile("\\[[^\\]]*\\]\\(\\s*<?([^)\\s>]*)>?(?:\\s+\"[^\"]*\")?\\s*\\)");

	private static final Pattern REFERENCE_DEFINITION = Pattern.compile("^\\s{0,3}\\[[^\\]]+\\]:\\s*<?([^\\s>]+)>?");

	private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

	private static final Pattern HEADING = Pattern.compile("^\\s{0,3}#{1,6}\\s+(.*?)(?:\\s+#+)?\\s*$");

	private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:name|id)=\"([^\"]+)\"");

	@Test
	void everyRelativeLinkResolves() {
		Path root = repositoryRoot();
		List<Path> files = markdownFiles(root);
		assertThat(files).contains(root.resolve("README.md"), root.resolve("docs/README.md"),
				root.resolve("docs/configuration.md"));
		assertThat(brokenLinks(root, files)).isEmpty();
	}

	@Test
	void configurationPageDescribesEveryProperty() throws IOException {
		Set<String> properties = new TreeSet<>(tradovateProperties(GENERATED_METADATA));
		assertThat(properties).as("tradovate.* properties in %s", GENERATED_METADATA)
			.contains("tradovate.name", "tradovate.password", "tradovate.websocket.enabled", "tradovate.fleet.enabled");
		if (Files.exists(ADDITIONAL_METADATA)) {
			properties.addAll(tradovateProperties(ADDITIONAL_METADATA));
		}
		String configuration = Files.readString(repositoryRoot().resolve("docs/configuration.md"));
		assertThat(properties).filteredOn((name) -> !mentions(configuration, name))
			.as("properties missing from docs/configuration.md")
			.isEmpty();
	}

	@Test
	void reportsMissingFilesAndHeadings(@TempDir Path root) throws IOException {
		Files.createDirectories(root.resolve("docs"));
		Files.writeString(root.resolve("README.md"), """
				# Project

				See [the guide](docs/guide.md#two-words), [a heading](docs/guide.md#no-such-heading),
				[the `code`](docs/missing.md), [here](#project), [elsewhere](https://example.org/x.md) and
				`[not a link](nowhere.md)`.

				```
				[in a code block](nowhere.md)
				```
				""");
		Files.writeString(root.resolve("docs/guide.md"), """
				## Two `words`

				Back to [the start](../README.md#project) and [outside](../../outside.md).
				""");
		assertThat(brokenLinks(root, markdownFiles(root))).containsExactlyInAnyOrder(
				"README.md: docs/guide.md#no-such-heading", "README.md: docs/missing.md",
				"docs/guide.md: ../../outside.md");
	}

	@Test
	void anchorsFollowGitHubsHeadingIds() {
		assertThat(anchors("""
				# Try it: three instances, one session
				## Beans, and how to replace them
				## The `tradovate` endpoint
				## Testing
				### Testing
				""")).containsExactly("try-it-three-instances-one-session", "beans-and-how-to-replace-them",
				"the-tradovate-endpoint", "testing", "testing-1");
	}

	@Test
	void findsPropertiesOnlyAsWholeNames() {
		String page = "| `tradovate.retry.delay-max` | |\n| `tradovate.fleet.encryption.keys.*` | |";
		assertThat(mentions(page, "tradovate.retry.delay")).isFalse();
		assertThat(mentions(page, "tradovate.retry.delay-max")).isTrue();
		assertThat(mentions(page, "tradovate.fleet.encryption.keys")).isTrue();
	}

	private static List<String> brokenLinks(Path root, List<Path> files) {
		Map<Path, Set<String>> anchorsByFile = new HashMap<>();
		List<String> broken = new ArrayList<>();
		for (Path file : files) {
			for (String link : relativeLinks(read(file))) {
				if (!resolves(root, file, link, anchorsByFile)) {
					broken.add(root.relativize(file).toString().replace('\\', '/') + ": " + link);
				}
			}
		}
		return broken;
	}

	private static boolean resolves(Path root, Path from, String link, Map<Path, Set<String>> anchorsByFile) {
		int hash = link.indexOf('#');
		String path = URLDecoder.decode((hash >= 0) ? link.substring(0, hash) : link, StandardCharsets.UTF_8);
		String fragment = (hash >= 0) ? link.substring(hash + 1) : "";
		Path target = path.isEmpty() ? from : from.getParent().resolve(path).normalize();
		if (!target.startsWith(root) || !Files.exists(target)) {
			return false;
		}
		if (fragment.isEmpty() || !target.getFileName().toString().endsWith(".md")) {
			return true;
		}
		return anchorsByFile.computeIfAbsent(target, (file) -> anchors(read(file))).contains(fragment);
	}

	/**
	 * The targets of the inline links and link reference definitions outside code, that
	 * have no scheme: links within the repository.
	 */
	static List<String> relativeLinks(String markdown) {
		List<String> links = new ArrayList<>();
		for (String line : prose(markdown)) {
			String text = CODE_SPAN.matcher(line).replaceAll("");
			Matcher inline = INLINE_LINK.matcher(text);
			while (inline.find()) {
				links.add(inline.group(1));
			}
			Matcher definition = REFERENCE_DEFINITION.matcher(text);
			if (definition.find()) {
				links.add(definition.group(1));
			}
		}
		links.removeIf((link) -> link.isEmpty() || SCHEME.matcher(link).find() || link.startsWith("//"));
		return links;
	}

	/**
	 * The ids that GitHub gives the headings of a Markdown file: the heading's text in
	 * lower case, without punctuation, spaces replaced by hyphens, and {@code -1},
	 * {@code -2}, ... appended to repeats; and the ids of HTML anchors.
	 */
	static Set<String> anchors(String markdown) {
		Set<String> anchors = new LinkedHashSet<>();
		Map<String, Integer> repeats = new HashMap<>();
		for (String line : prose(markdown)) {
			Matcher heading = HEADING.matcher(line);
			if (heading.matches()) {
				String text = heading.group(1).replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replaceAll("[`*]", "");
				String slug = text.toLowerCase(Locale.ROOT)
					.replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]", "")
					.replace(' ', '-');
				int repeat = repeats.merge(slug, 1, Integer::sum) - 1;
				anchors.add((repeat > 0) ? slug + "-" + repeat : slug);
			}
			Matcher html = HTML_ANCHOR.matcher(line);
			while (html.find()) {
				anchors.add(html.group(1));
			}
		}
		return anchors;
	}

	private static List<String> prose(String markdown) {
		List<String> lines = new ArrayList<>();
		boolean inFence = false;
		for (String line : markdown.split("\\R", -1)) {
			if (FENCE.matcher(line).find()) {
				inFence = !inFence;
			}
			else if (!inFence) {
				lines.add(line);
			}
		}
		return lines;
	}

	private static boolean mentions(String page, String property) {
		return Pattern.compile("`" + Pattern.quote(property) + "(`|\\.\\*`|\\[)").matcher(page).find();
	}

	private static Set<String> tradovateProperties(Path metadata) {
		JsonNode root = JsonMapper.builder().build().readTree(metadata.toFile());
		Set<String> names = new TreeSet<>();
		for (JsonNode property : root.path("properties")) {
			String name = property.path("name").asString("");
			if (name.startsWith("tradovate.")) {
				names.add(name);
			}
		}
		return names;
	}

	private static List<Path> markdownFiles(Path root) {
		try (Stream<Path> paths = Files.walk(root)) {
			return paths.filter((path) -> path.getFileName().toString().endsWith(".md"))
				.filter((path) -> isDocumentation(root.relativize(path)))
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static boolean isDocumentation(Path relative) {
		for (Path element : relative) {
			String name = element.toString();
			if (name.equals("target") || name.equals("node_modules") || name.startsWith(".")) {
				return false;
			}
		}
		return true;
	}

	private static Path repositoryRoot() {
		for (Path dir = MODULE; dir != null; dir = dir.getParent()) {
			if (Files.exists(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("docs"))) {
				return dir;
			}
		}
		throw new IllegalStateException("No repository with a docs directory above " + MODULE);
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
