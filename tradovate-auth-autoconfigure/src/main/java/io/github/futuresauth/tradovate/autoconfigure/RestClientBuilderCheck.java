package io.github.futuresauth.tradovate.autoconfigure;

import io.github.futuresauth.tradovate.auth.TradovateBearerTokenInterceptor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.web.client.RestClient;

/**
 * Warns at startup when the application's {@link RestClient.Builder} does not add the
 * {@link TradovateBearerTokenInterceptor}, which happens when the application defines a
 * builder bean of its own: Spring Boot applies its {@code RestClientCustomizer} beans
 * only to the builder it creates, so clients built from another one reach Tradovate
 * without the access token. The builder is inspected through a clone and never changed.
 */
class RestClientBuilderCheck implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(RestClientBuilderCheck.class);

	private final ObjectProvider<RestClient.Builder> builder;

	RestClientBuilderCheck(ObjectProvider<RestClient.Builder> builder) {
		this.builder = builder;
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.builder.ifUnique((candidate) -> {
			if (!addsTheInterceptor(candidate) && logger.isWarnEnabled()) {
				logger.warn("The application's RestClient.Builder bean does not add the Tradovate access token: "
						+ "Spring Boot applies RestClientCustomizer beans, such as tradovateRestClientCustomizer, only "
						+ "to the builder it creates itself. RestClients built from this builder send requests to "
						+ "Tradovate without the Authorization header; the tradovateRestClient bean is not affected. "
						+ "Create the builder with Spring Boot's RestClientBuilderConfigurer "
						+ "(configurer.configure(RestClient.builder())), or add the TradovateBearerTokenInterceptor "
						+ "bean to it with requestInterceptor(...).");
			}
		});
	}

	private static boolean addsTheInterceptor(RestClient.Builder builder) {
		boolean[] found = new boolean[1];
		builder.clone()
			.requestInterceptors((interceptors) -> found[0] = interceptors.stream()
				.anyMatch(TradovateBearerTokenInterceptor.class::isInstance));
		return found[0];
	}

}
