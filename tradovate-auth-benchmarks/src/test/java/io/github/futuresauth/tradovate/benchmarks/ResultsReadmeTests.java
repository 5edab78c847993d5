package io.github.futuresauth.tradovate.benchmarks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ResultsReadme}.
 */
class ResultsReadmeTests {

	@Test
	void replacesOnlyTheGeneratedSection() {
		String readme = "# Title\n\nBefore.\n\n" + ResultsReadme.BEGIN + "\n\nold table\n\n" + ResultsReadme.END
				+ "\n\nAfter.\n";
		String written = ResultsReadme.replace(readme, "| new | table |\n");
		assertThat(written).isEqualTo("# Title\n\nBefore.\n\n" + ResultsReadme.BEGIN + "\n\n| new | table |\n\n"
				+ ResultsReadme.END + "\n\nAfter.\n");
		assertThat(ResultsReadme.replace(written, "| new | table |\n")).isEqualTo(written);
	}

	@Test
	void explainsWhatToAddWhenTheSectionIsMissing() {
		assertThatIllegalArgumentException().isThrownBy(() -> ResultsReadme.replace("# Title\n", "| table |\n"))
			.withMessageContaining("add a line '" + ResultsReadme.BEGIN + "'");
	}

}
