package io.github.futuresauth.tradovate.simulator;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit Jupiter extension that runs a {@link TradovateSimulator} for a test class.
 *
 * <p>
 * The simulator starts before the first test of the class, is
 * {@link TradovateSimulator#reset() reset} after each test (journal, faults, penalties
 * and sessions are cleared, users are kept) and is closed after the last test. It is
 * reset after a test rather than before it, so that what was set up for the test, such as
 * a login in {@code @BeforeAll} or while the test instance was prepared, is still in
 * place when the test runs. Test and lifecycle methods, and constructors, can declare a
 * {@link TradovateSimulator} parameter to receive it.
 *
 * <p>
 * A {@code @SpringBootTest} needs no extension: with this module on the class path, every
 * Spring Boot test context gets a simulator of its own (see
 * {@link AutoConfigureTradovateSimulator}). Spring caches the application context beyond
 * the test class, and with it the simulator's URL and a session, which a simulator per
 * test class cannot keep.
 *
 * <p>
 * With the defaults, one user {@value TradovateSimulator#DEFAULT_USER_NAME} with password
 * {@value TradovateSimulator#DEFAULT_PASSWORD} on a free port: <pre class="code">
 * &#64;ExtendWith(TradovateSimulatorExtension.class)
 * class ClientTests {
 *
 *     &#64;Test
 *     void logsIn(TradovateSimulator simulator) { ... }
 *
 * }
 * </pre> Configured: <pre class="code">
 * &#64;RegisterExtension
 * static TradovateSimulatorExtension simulator = new TradovateSimulatorExtension(
 *         TradovateSimulator.builder().user("trader", "s3cret").sessionLimit(2));
 * </pre> Registered in a non-static field, the extension runs one simulator per test
 * instead.
 */
public class TradovateSimulatorExtension
		implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

	private final TradovateSimulatorBuilder builder;

	private @Nullable TradovateSimulator simulator;

	/**
	 * The unique id of the extension context that started the simulator and so has to
	 * close it: nested classes and tests see the simulator of their enclosing class.
	 */
	private @Nullable String ownerId;

	/**
	 * Create an extension with one user, {@value TradovateSimulator#DEFAULT_USER_NAME},
	 * whose password is {@value TradovateSimulator#DEFAULT_PASSWORD}.
	 */
	public TradovateSimulatorExtension() {
		this(TradovateSimulator.builder()
			.user(TradovateSimulator.DEFAULT_USER_NAME, TradovateSimulator.DEFAULT_PASSWORD));
	}

	/**
	 * Create an extension that builds its simulator with the given builder.
	 * @param builder the builder to use
	 */
	public TradovateSimulatorExtension(TradovateSimulatorBuilder builder) {
		this.builder = Objects.requireNonNull(builder, "'builder' must not be null");
	}

	/**
	 * Return the running simulator.
	 * @return the simulator
	 * @throws IllegalStateException if called outside the tests the extension runs for
	 */
	public synchronized TradovateSimulator simulator() {
		if (this.simulator == null) {
			throw new IllegalStateException("The simulator only runs while the tests of its class run");
		}
		return this.simulator;
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		startIfNecessary(context);
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		startIfNecessary(context);
	}

	@Override
	public void afterEach(ExtensionContext context) {
		if (!closeIfStartedBy(context)) {
			resetIfRunning();
		}
	}

	@Override
	public void afterAll(ExtensionContext context) {
		closeIfStartedBy(context);
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == TradovateSimulator.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		// A constructor of a per-class test instance is resolved before beforeAll.
		return startIfNecessary(extensionContext);
	}

	private synchronized TradovateSimulator startIfNecessary(ExtensionContext context) {
		if (this.simulator == null) {
			this.simulator = this.builder.start();
			this.ownerId = context.getUniqueId();
		}
		return this.simulator;
	}

	private synchronized boolean closeIfStartedBy(ExtensionContext context) {
		if (this.simulator != null && context.getUniqueId().equals(this.ownerId)) {
			this.simulator.close();
			this.simulator = null;
			this.ownerId = null;
			return true;
		}
		return false;
	}

	private synchronized void resetIfRunning() {
		if (this.simulator != null) {
			this.simulator.reset();
		}
	}

}
