package io.github.futuresauth.tradovate.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A minimal Spring Boot application, started in a JVM of its own by
 * {@link StartupBenchmark}: with the starter, or with the starter's auto-configurations
 * excluded. It prints one line,
 * {@code startup <ms from main to a refreshed context> <ms of JVM uptime> <tradovate beans> <classes loaded>},
 * and exits.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class StartupApplication {

	/** The starter's auto-configurations, excluded to start without it. */
	static final String[] TRADOVATE_AUTO_CONFIGURATIONS = {
			"io.github.futuresauth.tradovate.autoconfigure.TradovateAuthAutoConfiguration",
			"io.github.futuresauth.tradovate.autoconfigure.actuate.TradovateActuatorAutoConfiguration",
			"io.github.futuresauth.tradovate.autoconfigure.health.TradovateHealthAutoConfiguration",
			"io.github.futuresauth.tradovate.autoconfigure.metrics.TradovateMetricsAutoConfiguration" };

	/**
	 * Start the application, print how long it took, and stop it.
	 * @param args {@code with} or {@code without}
	 */
	public static void main(String[] args) {
		long start = System.nanoTime();
		boolean withStarter = args.length == 1 && "with".equals(args[0]);
		if (!withStarter && !(args.length == 1 && "without".equals(args[0]))) {
			throw new IllegalArgumentException("Pass 'with' or 'without', not " + Arrays.toString(args));
		}
		SpringApplication application = new SpringApplication(StartupApplication.class);
		application.setBannerMode(Banner.Mode.OFF);
		application.setLogStartupInfo(false);
		application.setWebApplicationType(WebApplicationType.NONE);
		Map<String, Object> properties = new HashMap<>();
		properties.put("logging.level.root", "warn");
		if (withStarter) {
			// Nothing listens on the discard port: the application must not log in while
			// it starts.
			properties.put("tradovate.base-url", "http://127.0.0.1:9/v1");
			properties.put("tradovate.name", "trader");
			properties.put("tradovate.password", "startup-password");
			properties.put("tradovate.login-at-startup", "false");
		}
		else {
			properties.put("spring.autoconfigure.exclude", String.join(",", TRADOVATE_AUTO_CONFIGURATIONS));
		}
		application.setDefaultProperties(properties);
		try (ConfigurableApplicationContext context = application.run()) {
			long millis = (System.nanoTime() - start) / 1_000_000;
			long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
			long tradovateBeans = Arrays.stream(context.getBeanDefinitionNames())
				.filter((name) -> name.startsWith("tradovate"))
				.count();
			long classes = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
			System.out.println("startup " + millis + " " + uptime + " " + tradovateBeans + " " + classes);
		}
	}

}
