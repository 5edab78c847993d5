package io.github.futuresauth.tradovate.autoconfigure.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.github.futuresauth.tradovate.auth.InMemoryTokenStore;
import io.github.futuresauth.tradovate.auth.FixedTokenProvider;
import io.github.futuresauth.tradovate.auth.RenewingTokenProvider;
import io.github.futuresauth.tradovate.auth.TokenProvider;
import io.github.futuresauth.tradovate.auth.TokenStore;
import io.github.futuresauth.tradovate.auth.file.FileTokenStore;
import io.github.futuresauth.tradovate.autoconfigure.TradovateAuthAutoConfiguration;
import io.github.futuresauth.tradovate.autoconfigure.redis.TradovateRedisAutoConfiguration;
import io.github.futuresauth.tradovate.simulator.TradovateSimulator;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TradovateFileStoreAutoConfiguration} and the store's health indicator
 * and metrics.
 */
class TradovateFileStoreAutoConfigurationTests {

	private final TradovateSimulator simulator = TradovateSimulator.builder().user("trader", "s3cret").start();

	@TempDir
	Path directory;

	private ApplicationContextRunner contextRunner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TradovateRedisAutoConfiguration.class,
					TradovateFileStoreAutoConfiguration.class, TradovateAuthAutoConfiguration.class,
					TradovateStoreHealthAutoConfiguration.class, TradovateStoreMetricsAutoConfiguration.class))
			.withPropertyValues("tradovate.base-url=" + this.simulator.baseUrl(), "tradovate.name=trader",
					"tradovate.password=s3cret", "tradovate.store.directory=" + this.directory);
	}

	@AfterEach
	void stopSimulator() {
		this.simulator.close();
	}

	@Test
	void keepsTheTokenInAFileByDefault() {
		contextRunner().withPropertyValues("tradovate.login-at-startup=false").run((context) -> {
			assertThat(context).hasSingleBean(TokenStore.class);
			FileTokenStore store = context.getBean(FileTokenStore.class);
			assertThat(store.getFile()).isEqualTo(this.directory.resolve("demo-trader.session"));
			assertThat(context.getBean(RenewingTokenProvider.class).getToken()).isNotNull();
			assertThat(store.getFile()).exists();
		});
	}

	@Test
	void secondApplicationOnTheMachineUsesTheTokenOfTheFirstWithoutLoggingIn() {
		contextRunner().run((first) -> contextRunner().run((second) -> {
			assertThat(second.getBean(RenewingTokenProvider.class).getToken())
				.isEqualTo(first.getBean(RenewingTokenProvider.class).getToken());
			assertThat(this.simulator.journal().loginRequests()).isOne();
		}));
		contextRunner().run((restarted) -> assertThat(this.simulator.journal().loginRequests()).isOne());
	}

	@Test
	void keepsTheTokenInMemoryWhenAskedTo() {
		contextRunner().withPropertyValues("tradovate.login-at-startup=false", "tradovate.store.type=memory")
			.run((context) -> assertThat(context).getBean(TokenStore.class).isInstanceOf(InMemoryTokenStore.class));
		assertThat(this.directory).isEmptyDirectory();
	}

	@Test
	void leavesTheStoreToRedisWhenTheFleetIsEnabledOrRedisIsChosen() {
		for (String property : new String[] { "tradovate.fleet.enabled=true", "tradovate.store.type=redis" }) {
			contextRunner().withPropertyValues("tradovate.login-at-startup=false", property)
				.run((context) -> assertThat(context).doesNotHaveBean(FileTokenStore.class));
		}
		assertThat(this.directory).isEmptyDirectory();
	}

	@Test
	void backsOffFromAStoreOfTheApplicationsOwn() {
		contextRunner().withPropertyValues("tradovate.login-at-startup=false")
			.withBean("myStore", TokenStore.class, InMemoryTokenStore::new)
			.run((context) -> assertThat(context).hasSingleBean(TokenStore.class).hasBean("myStore"));
	}

	@Test
	void keepsNoFileForATokenProviderOfTheApplicationsOwn() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TradovateFileStoreAutoConfiguration.class,
					TradovateAuthAutoConfiguration.class))
			.withPropertyValues("tradovate.store.directory=" + this.directory)
			.withBean(TokenProvider.class, () -> new FixedTokenProvider("fixed-token"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(FileTokenStore.class));
		assertThat(this.directory).isEmptyDirectory();
	}

	@Test
	void healthShowsTheStoreTheFileAndTheLockOwnerAndNoSecret() {
		contextRunner().run((context) -> {
			Health health = context.getBean(TradovateStoreHealthIndicator.class).health(true);
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			Map<String, Object> details = health.getDetails();
			assertThat(details).containsEntry("type", "file")
				.containsEntry("file", this.directory.resolve("demo-trader.session").toString())
				.containsKey("lockOwner")
				.containsEntry("holder", false);
			assertThat(details.toString()).doesNotContain("s3cret")
				.doesNotContain(context.getBean(RenewingTokenProvider.class).getToken().accessToken());
		});
	}

	@Test
	void healthShowsAMemoryStore() {
		contextRunner().withPropertyValues("tradovate.login-at-startup=false", "tradovate.store.type=memory")
			.run((context) -> assertThat(context.getBean(TradovateStoreHealthIndicator.class).health(true).getDetails())
				.containsExactly(Map.entry("type", "memory")));
	}

	@Test
	void metricsNameTheStoreAndItsFile() {
		contextRunner().withPropertyValues("tradovate.login-at-startup=false")
			.withBean(SimpleMeterRegistry.class)
			.run((context) -> {
				SimpleMeterRegistry registry = context.getBean(SimpleMeterRegistry.class);
				// Bound by Spring Boot's metrics auto-configuration in an application.
				context.getBean(TradovateStoreMetrics.class).bindTo(registry);
				Gauge store = registry.get("tradovate.store").gauge();
				assertThat(store.getId().getTag("type")).isEqualTo("file");
				assertThat(store.getId().getTag("file"))
					.isEqualTo(this.directory.resolve("demo-trader.session").toString());
				assertThat(registry.get("tradovate.store.holder").gauge().value()).isZero();
				context.getBean(RenewingTokenProvider.class).getToken();
				assertThat(registry.get("tradovate.store.lease.acquisitions").functionCounter().count()).isOne();
			});
	}

	@Test
	void failsWithAClearMessageWhenTheDirectoryCannotBeCreated() throws Exception {
		Path file = Files.createFile(this.directory.resolve("not-a-directory"));
		contextRunner().withPropertyValues("tradovate.store.directory=" + file.resolve("sessions"))
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("set tradovate.store.directory to a writable one"));
	}

}
