package io.github.futuresauth.tradovate.autoconfigure.diagnostics;

import java.util.List;

import io.github.futuresauth.tradovate.autoconfigure.UnknownTradovatePropertiesException;
import io.github.futuresauth.tradovate.autoconfigure.UnknownTradovatePropertiesException.UnknownProperty;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link UnknownTradovatePropertiesFailureAnalyzer}.
 */
class UnknownTradovatePropertiesFailureAnalyzerTests {

	private final UnknownTradovatePropertiesFailureAnalyzer analyzer = new UnknownTradovatePropertiesFailureAnalyzer();

	@Test
	void namesEachPropertyWhereItIsSetAndWhatWasMeant() {
		UnknownTradovatePropertiesException cause = new UnknownTradovatePropertiesException(
				List.of(new UnknownProperty("tradovate.app-secret", "class path resource [application.yml] - 7:15",
						"tradovate.sec"), new UnknownProperty("tradovate.favourite-colour", null, null)));
		FailureAnalysis analysis = this.analyzer
			.analyze(new BeanCreationException("tradovateUnknownPropertiesCheck", "Failed", cause));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("- tradovate.app-secret" + System.lineSeparator()
				+ "      Origin: class path resource [application.yml] - 7:15", "- tradovate.favourite-colour");
		assertThat(analysis.getAction()).contains("- Rename tradovate.app-secret to tradovate.sec",
				"- Remove tradovate.favourite-colour, or correct its name");
	}

	@Test
	void ignoresOtherFailures() {
		assertThat(this.analyzer.analyze(new IllegalStateException("tradovate.app-secret"))).isNull();
	}

}
