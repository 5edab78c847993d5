package io.github.futuresauth.tradovate.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the results into the generated section of the module's README, between two
 * marker lines, and leaves the rest of the file as it is.
 */
final class ResultsReadme {

	static final String BEGIN = "<!-- BEGIN GENERATED RESULTS: written by BenchmarkSuite, do not edit -->";

	static final String END = "<!-- END GENERATED RESULTS -->";

	private ResultsReadme() {
	}

	/**
	 * Replace the generated section of the given file.
	 * @param readme the README
	 * @param results the new section, in Markdown
	 * @throws IOException if the file cannot be read or written
	 */
	static void write(Path readme, String results) throws IOException {
		String text = Files.readString(readme, StandardCharsets.UTF_8);
		Files.writeString(readme, replace(text, results), StandardCharsets.UTF_8);
	}

	/**
	 * Return the text with its generated section replaced.
	 * @param text the README's text
	 * @param results the new section, in Markdown
	 * @return the new text
	 */
	static String replace(String text, String results) {
		int begin = text.indexOf(BEGIN);
		int end = text.indexOf(END);
		if (begin < 0 || end < begin) {
			throw new IllegalArgumentException("The README has no generated section: add a line '" + BEGIN
					+ "' followed by a line '" + END + "' where the results belong");
		}
		String section = results.endsWith("\n") ? results : results + "\n";
		return text.substring(0, begin + BEGIN.length()) + "\n\n" + section + "\n" + text.substring(end);
	}

}
