package io.github.futuresauth.tradovate.simulator;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Starts a {@link TradovateSimulator} for an application context, points
 * {@code tradovate.*} at it, registers it as the bean {@value #BEAN_NAME}, and stops it
 * with the context. Customizers with the same settings are equal, so that contexts with
 * the same settings are cached as one.
 */
final class TradovateSimulatorContextCustomizer implements ContextCustomizer {

	/**
	 * The name of the simulator's bean.
	 */
	static final String BEAN_NAME = "tradovateSimulator";

	/**
	 * The name of the property source that points {@code tradovate.*} at the simulator.
	 */
	static final String PROPERTY_SOURCE_NAME = "tradovateSimulator";

	private final String name;

	private final String password;

	private final ApiKey apiKey;

	private final @Nullable Duration tokenLifetime;

	private final boolean rateLimits;

	TradovateSimulatorContextCustomizer(AutoConfigureTradovateSimulator annotation) {
		this.name = annotation.name();
		this.password = annotation.password();
		this.apiKey = new ApiKey(annotation.appId(), annotation.appVersion(), annotation.cid(), annotation.sec());
		this.tokenLifetime = (annotation.tokenLifetime().isBlank()) ? null
				: DurationParser.parse(annotation.tokenLifetime(), "@AutoConfigureTradovateSimulator(tokenLifetime)");
		this.rateLimits = annotation.rateLimits();
	}

	@Override
	public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
		TradovateSimulatorBuilder builder = TradovateSimulator.builder()
			.user(this.name, this.password, this.apiKey)
			.rateLimits(this.rateLimits);
		if (this.tokenLifetime != null) {
			builder.tokenLifetime(this.tokenLifetime);
		}
		TradovateSimulator simulator = builder.start();
		// First, so that it wins over everything the application and the shell set:
		// the URLs and the whole credential set, API key included.
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, simulator.springPropertyMap()));
		ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
		beanFactory.registerSingleton(BEAN_NAME, simulator);
		if (beanFactory instanceof DefaultSingletonBeanRegistry registry) {
			// Also stops the simulator when the context fails to start.
			registry.registerDisposableBean(BEAN_NAME, simulator::close);
		}
		else {
			context.addApplicationListener(new SimulatorCloser(simulator));
		}
	}

	@Override
	public boolean equals(@Nullable Object other) {
		if (this == other) {
			return true;
		}
		if (!(other instanceof TradovateSimulatorContextCustomizer customizer)) {
			return false;
		}
		return this.name.equals(customizer.name) && this.password.equals(customizer.password)
				&& this.apiKey.equals(customizer.apiKey) && Objects.equals(this.tokenLifetime, customizer.tokenLifetime)
				&& this.rateLimits == customizer.rateLimits;
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.name, this.password, this.apiKey, this.tokenLifetime, this.rateLimits);
	}

	private record SimulatorCloser(TradovateSimulator simulator) implements ApplicationListener<ContextClosedEvent> {

		@Override
		public void onApplicationEvent(ContextClosedEvent event) {
			this.simulator.close();
		}

	}

}
