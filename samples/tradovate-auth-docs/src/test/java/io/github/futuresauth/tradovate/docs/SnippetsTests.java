package io.github.futuresauth.tradovate.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that every Java snippet of {@code README.md} and {@code docs/} is the whole text
 * of a source file of this module, which the build compiles, and whose tests it runs: a
 * snippet that does not compile, or that says something other than its file, fails here.
 */
class SnippetsTests {

	private static final Path MODULE = Path.of("").toAbsolutePath();

	@Test
	void everyJavaSnippetIsASourceFileThatTheBuildCompiles() throws IOException {
		List<Markdown.Block> snippets = new ArrayList<>();
		for (Path file : Markdown.documentation()) {
			Markdown.blocks(file, null)
				.stream()
				.filter((block) -> block.language().equals("java"))
				.forEach(snippets::add);
		}
		assertThat(snippets).hasSizeGreaterThanOrEqualTo(10);
		List<String> problems = new ArrayList<>();
		for (Markdown.Block snippet : snippets) {
			String problem = problem(snippet);
			if (problem != null) {
				problems.add(snippet.where() + ": " + problem);
			}
		}
		assertThat(problems).as("Java snippets that the build does not compile").isEmpty();
	}

	@Test
	void reportsASnippetThatIsNotItsFileOrNamesNone() throws IOException {
		Path readme = Markdown.ROOT.resolve("README.md");
		String source = Markdown.ROOT.relativize(MODULE) + "/src/main/java/com/example/trading/Account.java";
		String text = Files.readString(Markdown.ROOT.resolve(source));
		assertThat(problem(new Markdown.Block(readme, 1, "java", source, text))).isNull();
		assertThat(problem(new Markdown.Block(readme, 1, "java", source, text.replace("long id", "Long id"))))
			.startsWith("differs from " + source + ", which the build compiles");
		assertThat(problem(new Markdown.Block(readme, 1, "java", null, text))).startsWith("no '<!-- source: ");
		assertThat(problem(new Markdown.Block(readme, 1, "java", source.replace("Account", "Nothing"), text)))
			.endsWith("does not exist");
	}

	static String problem(Markdown.Block snippet) throws IOException {
		String module = Markdown.ROOT.relativize(MODULE) + "/src/";
		if (snippet.source() == null) {
			return "no '<!-- source: " + module + "... -->' line before it names the source file it shows";
		}
		if (!snippet.source().startsWith(module) || !snippet.source().endsWith(".java")) {
			return "its source, " + snippet.source() + ", is not a Java file under " + module;
		}
		Path source = Markdown.ROOT.resolve(snippet.source());
		if (!Files.isRegularFile(source)) {
			return snippet.source() + " does not exist";
		}
		if (!Files.readString(source).equals(snippet.text())) {
			return "differs from " + snippet.source() + ", which the build compiles: change the file, and copy it"
					+ " into the snippet whole";
		}
		return null;
	}

}
