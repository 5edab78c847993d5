package io.github.futuresauth.tradovate.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The fenced code blocks of the project's Markdown files.
 */
final class Markdown {

	/**
	 * The repository's root, from the module's directory that Maven runs the tests in.
	 */
	static final Path ROOT = Path.of("").toAbsolutePath().getParent().getParent();

	private static final Pattern FENCE = Pattern.compile("^```(\\w*)\\s*$");

	private static final Pattern SOURCE = Pattern.compile("^<!-- source: (\\S+) -->$");

	private Markdown() {
	}

	/**
	 * Return {@code README.md} and every Markdown file of {@code docs/}.
	 * @return the files
	 */
	static List<Path> documentation() {
		List<Path> files = new ArrayList<>();
		files.add(ROOT.resolve("README.md"));
		try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
			docs.filter((file) -> file.toString().endsWith(".md")).sorted().forEach(files::add);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return files;
	}

	/**
	 * Return the fenced code blocks of a file, or of the part of it under a heading.
	 * @param file the file
	 * @param section the heading, such as {@code ## Quick start}, or {@code null} for the
	 * whole file
	 * @return the blocks
	 */
	static List<Block> blocks(Path file, String section) {
		List<String> lines = readLines(file);
		List<Block> blocks = new ArrayList<>();
		boolean inSection = section == null;
		String language = null;
		String source = null;
		int start = 0;
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i);
			if (language == null && section != null && line.startsWith("#")) {
				inSection = line.equals(section)
						|| (inSection && line.startsWith("#".repeat(section.indexOf(' ') + 1) + "#"));
			}
			Matcher fence = FENCE.matcher(line);
			if (language == null && fence.matches()) {
				language = fence.group(1);
				start = i + 1;
				text.setLength(0);
				source = null;
				for (int j = i - 1; j >= 0 && source == null; j--) {
					Matcher marker = SOURCE.matcher(lines.get(j));
					if (marker.matches()) {
						source = marker.group(1);
					}
					else if (!lines.get(j).isBlank()) {
						break;
					}
				}
			}
			else if (language != null && line.equals("```")) {
				if (inSection) {
					blocks.add(new Block(file, start + 1, language, source, text.toString()));
				}
				language = null;
			}
			else if (language != null) {
				text.append(line).append('\n');
			}
		}
		return blocks;
	}

	private static List<String> readLines(Path file) {
		try {
			return Files.readAllLines(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A fenced code block.
	 *
	 * @param file the Markdown file
	 * @param line the line of its first line of code
	 * @param language the language after the fence, or empty
	 * @param source the path that a {@code <!-- source: ... -->} line before it names,
	 * relative to the repository's root, or {@code null}
	 * @param text the code, each line ending with a line break
	 */
	record Block(Path file, int line, String language, String source, String text) {

		String where() {
			return ROOT.relativize(this.file) + ":" + this.line;
		}

	}

}
