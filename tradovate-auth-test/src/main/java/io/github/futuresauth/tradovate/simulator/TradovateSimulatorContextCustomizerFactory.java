package io.github.futuresauth.tradovate.simulator;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * A {@link ContextCustomizerFactory} for {@link AutoConfigureTradovateSimulator},
 * registered in {@code META-INF/spring.factories}. It finds the annotation on the test
 * class or an enclosing class and returns a customizer that equals any other with the
 * same settings, which makes the settings part of the key of the context cache.
 */
class TradovateSimulatorContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		AutoConfigureTradovateSimulator annotation = TestContextAnnotationUtils.findMergedAnnotation(testClass,
				AutoConfigureTradovateSimulator.class);
		return (annotation != null) ? new TradovateSimulatorContextCustomizer(annotation) : null;
	}

}
