package io.github.futuresauth.tradovate.simulator;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTestContextBootstrapper;
import org.springframework.test.context.BootstrapWith;
import org.springframework.test.context.ContextCustomizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

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
	void givesSpringBootTestsTheDefaultSimulatorWithoutTheAnnotation() {
		assertThat(customizer(BootTest.class)).isInstanceOf(TradovateSimulatorContextCustomizer.class)
			.isEqualTo(customizer(Defaults.class));
		assertThat(customizer(BootTest.Inner.class)).isEqualTo(customizer(Defaults.class));
	}

	@Test
	void givesTestSlicesTheDefaultSimulatorWithoutTheAnnotation() {
		assertThat(customizer(SliceTest.class)).isEqualTo(customizer(Defaults.class));
	}

	@Test
	void keepsATestThatOptsOutOnTheLoopbackInterface() {
		assertThat(customizer(OptedOut.class)).isInstanceOf(LoopbackOnlyContextCustomizer.class)
			.isEqualTo(customizer(BootTestOptedOut.class))
			.isNotEqualTo(customizer(Defaults.class));
	}

	@Test
	void letsATestReachARealEnvironmentOnlyWhenItSaysSo() {
		assertThat(customizer(RealEnvironment.class)).isNull();
		assertThatIllegalStateException().isThrownBy(() -> customizer(RealEnvironmentWithSimulator.class))
			.withMessageContaining("realEnvironment = true) on " + RealEnvironmentWithSimulator.class.getName()
					+ " needs enabled = false");
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
		assertThat(customizer(OtherApiKey.class)).isNotNull().isNotEqualTo(defaults);
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

	@SpringBootTest
	static class BootTest {

		@Nested
		class Inner {

		}

	}

	@Target(ElementType.TYPE)
	@Retention(RetentionPolicy.RUNTIME)
	@BootstrapWith(SliceTestContextBootstrapper.class)
	@interface SliceTestAnnotation {

	}

	static class SliceTestContextBootstrapper extends SpringBootTestContextBootstrapper {

	}

	@SliceTestAnnotation
	static class SliceTest {

	}

	@AutoConfigureTradovateSimulator(enabled = false)
	static class OptedOut {

	}

	@SpringBootTest
	@AutoConfigureTradovateSimulator(enabled = false)
	static class BootTestOptedOut {

	}

	@SpringBootTest
	@AutoConfigureTradovateSimulator(enabled = false, realEnvironment = true)
	static class RealEnvironment {

	}

	@AutoConfigureTradovateSimulator(realEnvironment = true)
	static class RealEnvironmentWithSimulator {

	}

	@AutoConfigureTradovateSimulator(appId = "other-app")
	static class OtherApiKey {

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
