package io.github.futuresauth.tradovate.simulator;

import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.ContextCustomizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link TradovateSimulatorContextCustomizerFactory}.
 */
class TradovateSimulatorContextCustomizerFactoryTests {

	private final TradovateSimulatorContextCustomizerFactory factory = new TradovateSimulatorContextCustomizerFactory();

	@Test
	void leavesTestsWithoutTheAnnotationAlone() {
		assertThat(customizer(NotAnnotated.class)).isNull();
	}

	@Test
	void sameSettingsShareACachedContext() {
		ContextCustomizer first = customizer(Defaults.class);
		ContextCustomizer second = customizer(MoreDefaults.class);
		assertThat(first).isNotNull().isEqualTo(second).hasSameHashCodeAs(second);
	}

	@Test
	void otherSettingsGetAContextOfTheirOwn() {
		ContextCustomizer defaults = customizer(Defaults.class);
		assertThat(customizer(OtherUser.class)).isNotNull().isNotEqualTo(defaults);
		assertThat(customizer(ShortTokens.class)).isNotNull().isNotEqualTo(defaults);
		assertThat(customizer(NoLimits.class)).isNotNull().isNotEqualTo(defaults);
	}

	@Test
	void nestedTestsUseTheAnnotationOfTheirEnclosingClass() {
		assertThat(customizer(Defaults.Inner.class)).isEqualTo(customizer(Defaults.class));
	}

	@Test
	void refusesATokenLifetimeThatIsNoDuration() {
		assertThatIllegalArgumentException().isThrownBy(() -> customizer(BadLifetime.class))
			.withMessageContaining("@AutoConfigureTradovateSimulator(tokenLifetime) must be a duration")
			.withMessageContaining("'soon'");
	}

	private ContextCustomizer customizer(Class<?> testClass) {
		return this.factory.createContextCustomizer(testClass, List.of());
	}

	static class NotAnnotated {

	}

	@AutoConfigureTradovateSimulator
	static class Defaults {

		@Nested
		class Inner {

		}

	}

	@AutoConfigureTradovateSimulator(name = TradovateSimulator.DEFAULT_USER_NAME)
	static class MoreDefaults {

	}

	@AutoConfigureTradovateSimulator(name = "alice", password = "alice-password")
	static class OtherUser {

	}

	@AutoConfigureTradovateSimulator(tokenLifetime = "30s")
	static class ShortTokens {

	}

	@AutoConfigureTradovateSimulator(rateLimits = false)
	static class NoLimits {

	}

	@AutoConfigureTradovateSimulator(tokenLifetime = "soon")
	static class BadLifetime {

	}

}
