package io.github.futuresauth.tradovate.autoconfigure;

import java.util.List;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when the environment sets {@code tradovate.*} properties that no
 * {@code @ConfigurationProperties} class of the starter binds, such as a misspelt
 * {@code tradovate.app-secret}: Spring Boot would silently ignore them.
 */
public class UnknownTradovatePropertiesException extends RuntimeException {

	private final List<UnknownProperty> properties;

	/**
	 * Create an exception for the given properties.
	 * @param properties the unknown properties
	 */
	public UnknownTradovatePropertiesException(List<UnknownProperty> properties) {
		super("Unknown Tradovate properties, which would be ignored: " + properties.stream()
			.map((property) -> property.name()
					+ ((property.suggestion() != null) ? " (did you mean " + property.suggestion() + "?)" : ""))
			.collect(Collectors.joining(", ")));
		this.properties = List.copyOf(properties);
	}

	/**
	 * Return the unknown properties.
	 * @return the properties, in the order the environment lists them
	 */
	public List<UnknownProperty> getProperties() {
		return this.properties;
	}

	/**
	 * A property that is set but unknown.
	 *
	 * @param name the property's name, such as {@code tradovate.app-secret}
	 * @param origin where it is set, such as a line of {@code application.yml}, or
	 * {@code null}
	 * @param suggestion the known property that was probably meant, such as
	 * {@code tradovate.sec}, or {@code null}
	 */
	public record UnknownProperty(String name, @Nullable String origin, @Nullable String suggestion) {

	}

}
