package io.github.futuresauth.tradovate.simulator;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.test.context.BootstrapWith;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;
import org.springframework.test.context.TestContextAnnotationUtils.AnnotationDescriptor;

/**
 * A {@link ContextCustomizerFactory} that gives every Spring Boot test context a
 * {@link TradovateSimulator}, registered in {@code META-INF/spring.factories}. It reads
 * {@link AutoConfigureTradovateSimulator} from the test class or an enclosing class, or
 * takes its defaults, and returns a customizer that equals any other with the same
 * settings, which makes the settings part of the key of the context cache. A test that
 * opts out gets a customizer that keeps its context on the loopback interface, unless it
 * allows a real environment.
 */
class TradovateSimulatorContextCustomizerFactory implements ContextCustomizerFactory {

	private static final String SPRING_BOOT_BOOTSTRAPPER = "org.springframework.boot.test.context.SpringBootTestContextBootstrapper";

	@Override
	public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		AutoConfigureTradovateSimulator annotation = TestContextAnnotationUtils.findMergedAnnotation(testClass,
				AutoConfigureTradovateSimulator.class);
		if (annotation == null) {
			if (!isSpringBootTest(testClass)) {
				return null;
			}
			annotation = MergedAnnotation.of(AutoConfigureTradovateSimulator.class).synthesize();
		}
		if (annotation.enabled()) {
			if (annotation.realEnvironment()) {
				throw new IllegalStateException("@AutoConfigureTradovateSimulator(realEnvironment = true) on "
						+ testClass.getName() + " needs enabled = false: with the simulator, the test reaches no"
						+ " real environment");
			}
			return new TradovateSimulatorContextCustomizer(annotation);
		}
		return annotation.realEnvironment() ? null : new LoopbackOnlyContextCustomizer();
	}

	/**
	 * Return whether Spring Boot's bootstrapper, or one of a test slice that extends it,
	 * prepares the test's context: {@code @SpringBootTest}, {@code @WebMvcTest} and the
	 * other slices.
	 */
	private static boolean isSpringBootTest(Class<?> testClass) {
		AnnotationDescriptor<BootstrapWith> descriptor = TestContextAnnotationUtils.findAnnotationDescriptor(testClass,
				BootstrapWith.class);
		if (descriptor == null) {
			return false;
		}
		for (Class<?> type = descriptor.getAnnotation().value(); type != null; type = type.getSuperclass()) {
			if (type.getName().equals(SPRING_BOOT_BOOTSTRAPPER)) {
				return true;
			}
		}
		return false;
	}

}
