package io.github.futuresauth.tradovate.autoconfigure;

import io.github.futuresauth.tradovate.auth.TradovateBearerTokenInterceptor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.web.client.RestClient;

/**
 * Warns at startup when the application's {@link RestClient.Builder} does not add the
 * {@link TradovateBearerTokenInterceptor}, which happens when the application defines a
 * builder bean of its own: Spring Boot applies its {@code RestClientCustomizer} beans
 * only to the builder it creates, so clients built from another one reach Tradovate
 * without the access token. The builder is inspected through a clone and never changed.
 * Spring Boot's own builder is not inspected, and so not created: creating it builds an
 * HTTP client, which an application that does not use one should not pay for at startup.
 */
class RestClientBuilderCheck implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(RestClientBuilderCheck.class);

	/** The package of the auto-configuration that defines Spring Boot's own builder. */
	private static final String SPRING_BOOT_RESTCLIENT = "org.springframework.boot.restclient.";

	private final ConfigurableListableBeanFactory beanFactory;

	RestClientBuilderCheck(ConfigurableListableBeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public void afterSingletonsInstantiated() {
		String[] names = this.beanFactory.getBeanNamesForType(RestClient.Builder.class, true, false);
		if (names.length != 1 || isSpringBoots(names[0])) {
			return;
		}
		RestClient.Builder builder = this.beanFactory.getBean(names[0], RestClient.Builder.class);
		if (!addsTheInterceptor(builder) && logger.isWarnEnabled()) {
			logger.warn("The application's RestClient.Builder bean does not add the Tradovate access token: "
					+ "Spring Boot applies RestClientCustomizer beans, such as tradovateRestClientCustomizer, only "
					+ "to the builder it creates itself. RestClients built from this builder send requests to "
					+ "Tradovate without the Authorization header; the tradovateRestClient bean is not affected. "
					+ "Create the builder with Spring Boot's RestClientBuilderConfigurer "
					+ "(configurer.configure(RestClient.builder())), or add the TradovateBearerTokenInterceptor "
					+ "bean to it with requestInterceptor(...).");
		}
	}

	private boolean isSpringBoots(String name) {
		if (!this.beanFactory.containsBeanDefinition(name)) {
			return false;
		}
		BeanDefinition definition = this.beanFactory.getMergedBeanDefinition(name);
		String factoryBean = definition.getFactoryBeanName();
		String factoryClass = (factoryBean != null && this.beanFactory.containsBeanDefinition(factoryBean))
				? this.beanFactory.getMergedBeanDefinition(factoryBean).getBeanClassName() : factoryBean;
		return factoryClass != null && factoryClass.startsWith(SPRING_BOOT_RESTCLIENT);
	}

	private static boolean addsTheInterceptor(RestClient.Builder builder) {
		boolean[] found = new boolean[1];
		builder.clone()
			.requestInterceptors(
					(interceptors) -> found[0] = interceptors.stream().anyMatch(UserInterceptor::addsTokens));
		return found[0];
	}

}
