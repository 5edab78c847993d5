package io.github.futuresauth.tradovate.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.futuresauth.tradovate.autoconfigure.UnknownTradovatePropertiesException.UnknownProperty;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.origin.Origin;
import org.springframework.core.env.Environment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Stops the application while it starts when a {@code tradovate.*} property is set that
 * nothing binds, such as {@code tradovate.app-secret} for {@code tradovate.sec}, which
 * Spring Boot would silently ignore. The known properties come from the configuration
 * metadata of the {@code @ConfigurationProperties} classes on the class path. Environment
 * variables are not checked, because other programs may use variables that start with
 * {@code TRADOVATE_}. It runs before any bean is created, so that a misspelt name is
 * reported before the properties that were bound without it are found incomplete.
 */
class UnknownTradovatePropertiesCheck implements BeanFactoryPostProcessor {

	private final Environment environment;

	private final KnownTradovateProperties known;

	UnknownTradovatePropertiesCheck(Environment environment, @Nullable ClassLoader classLoader) {
		this.environment = environment;
		this.known = KnownTradovateProperties.load(classLoader);
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		if (this.known.isEmpty()) {
			return;
		}
		Map<ConfigurationPropertyName, UnknownProperty> unknown = new LinkedHashMap<>();
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			if (source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource
					|| !(source instanceof IterableConfigurationPropertySource iterable)) {
				continue;
			}
			iterable.stream()
				.filter(KnownTradovateProperties.PREFIX::isAncestorOf)
				.filter((name) -> !this.known.isKnown(name))
				.forEach((name) -> unknown.computeIfAbsent(name,
						(key) -> new UnknownProperty(key.toString(), origin(source, key), this.known.suggest(key))));
		}
		if (!unknown.isEmpty()) {
			throw new UnknownTradovatePropertiesException(new ArrayList<>(unknown.values()));
		}
	}

	private static @Nullable String origin(ConfigurationPropertySource source, ConfigurationPropertyName name) {
		ConfigurationProperty property = source.getConfigurationProperty(name);
		Origin origin = (property != null) ? property.getOrigin() : null;
		return (origin != null) ? origin.toString() : null;
	}

}
