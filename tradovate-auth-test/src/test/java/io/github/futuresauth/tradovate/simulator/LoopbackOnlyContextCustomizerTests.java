package io.github.futuresauth.tradovate.simulator;

import org.junit.jupiter.api.Test;

import org.springframework.context.support.GenericApplicationContext;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.test.context.MergedContextConfiguration;

import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link LoopbackOnlyContextCustomizer}.
 */
class LoopbackOnlyContextCustomizerTests {

	@Test
	void refusesALoginToTheDefaultEnvironmentAndNamesTheSwitch() {
		MockEnvironment environment = new MockEnvironment().withProperty("tradovate.name", "real-user");
		assertThatIllegalStateException().isThrownBy(() -> LoopbackOnlyContextCustomizer.check(environment, "MyTests"))
			.withMessageStartingWith("The application context of MyTests would log in to"
					+ " https://demo.tradovateapi.com/v1 (tradovate.base-url),"
					+ " wss://demo.tradovateapi.com/v1/websocket (tradovate.websocket.url),"
					+ " wss://md.tradovateapi.com/v1/websocket (tradovate.websocket.market-data-url) as 'real-user'")
			.withMessageContaining("@AutoConfigureTradovateSimulator(enabled = false, realEnvironment = true)");
	}

	@Test
	void refusesAnyHostButLoopback() {
		MockEnvironment environment = new MockEnvironment().withProperty("tradovate.name", "real-user")
			.withProperty("tradovate.environment", "live")
			.withProperty("tradovate.base-url", "http://127.0.0.1:8099/v1")
			.withProperty("tradovate.websocket.url", "ws://localhost:8099/v1/websocket")
			.withProperty("tradovate.websocket.market-data-url", "wss://proxy.example.com/md");
		assertThatIllegalStateException().isThrownBy(() -> LoopbackOnlyContextCustomizer.check(environment, "MyTests"))
			.withMessageContaining("log in to wss://proxy.example.com/md (tradovate.websocket.market-data-url) as");
		environment.setProperty("tradovate.base-url", "https://live.tradovateapi.com/v1");
		environment.setProperty("tradovate.websocket.enabled", "false");
		assertThatIllegalStateException().isThrownBy(() -> LoopbackOnlyContextCustomizer.check(environment, "MyTests"))
			.withMessageContaining("log in to https://live.tradovateapi.com/v1 (tradovate.base-url) as");
	}

	@Test
	void letsAContextOnLoopbackOrWithoutCredentialsStart() {
		assertThatNoException().isThrownBy(() -> LoopbackOnlyContextCustomizer.check(new MockEnvironment(), "MyTests"));
		MockEnvironment environment = new MockEnvironment().withProperty("tradovate.name", "trader")
			.withProperty("tradovate.base-url", "http://127.0.0.1:8099/v1")
			.withProperty("tradovate.websocket.url", "ws://localhost:8099/v1/websocket")
			.withProperty("tradovate.websocket.market-data-url", "ws://[::1]:8099/v1/md/websocket");
		assertThatNoException().isThrownBy(() -> LoopbackOnlyContextCustomizer.check(environment, "MyTests"));
	}

	@Test
	void checksBeforeAnyBeanIsCreated() {
		MergedContextConfiguration configuration = new MergedContextConfiguration(getClass(), null, null, null, null);
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			context.getEnvironment().getSystemProperties();
			context.setEnvironment(new MockEnvironment().withProperty("tradovate.name", "real-user"));
			context.registerBean("login", Object.class, () -> {
				throw new AssertionError("a bean was created");
			});
			new LoopbackOnlyContextCustomizer().customizeContext(context, configuration);
			assertThatIllegalStateException().isThrownBy(context::refresh)
				.withMessageContaining("The application context of " + getClass().getName());
		}
	}

}
