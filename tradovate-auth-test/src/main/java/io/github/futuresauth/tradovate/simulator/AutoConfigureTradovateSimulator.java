package io.github.futuresauth.tradovate.simulator;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a {@link TradovateSimulator} for the application context of a test class, such as
 * a {@code @SpringBootTest}, and points {@code tradovate.*} at it.
 * <p>
 * The simulator starts before the context is refreshed, so that a login at startup
 * reaches it; its {@link TradovateSimulator#springPropertyMap() properties}
 * ({@code tradovate.base-url}, {@code tradovate.name}, {@code tradovate.password}) take
 * precedence over the application's; and it is a bean named {@code tradovateSimulator},
 * to autowire for its journal, clock and faults. There is one simulator per application
 * context: test classes with the same settings share the cached context and its
 * simulator, classes with other settings get a context of their own, and the simulator
 * stops when its context is closed. <pre class="code">
 * &#64;SpringBootTest
 * &#64;AutoConfigureTradovateSimulator
 * class AccountsTests {
 *
 *     &#64;Autowired
 *     Accounts accounts;
 *
 *     &#64;Autowired
 *     TradovateSimulator simulator;
 *
 *     &#64;Test
 *     void listsTheAccounts() {
 *         assertThat(this.accounts.list()).isNotEmpty();
 *     }
 *
 * }
 * </pre> Nothing resets the simulator between tests, because the context and its session
 * outlive each test: its journal holds the requests of every test that shares the
 * context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface AutoConfigureTradovateSimulator {

	/**
	 * The name of the simulator's user, which {@code tradovate.name} is set to.
	 * @return the user name
	 */
	String name() default TradovateSimulator.DEFAULT_USER_NAME;

	/**
	 * The password of the simulator's user, which {@code tradovate.password} is set to.
	 * @return the password
	 */
	String password() default TradovateSimulator.DEFAULT_PASSWORD;

	/**
	 * How long the tokens that the simulator issues live, such as {@code 90m} or
	 * {@code 30s}; the simulator's default when empty.
	 * @return the token lifetime
	 */
	String tokenLifetime() default "";

	/**
	 * Whether the simulator enforces Tradovate's hourly limits per endpoint. Contexts are
	 * cached and shared, so the calls of many tests count towards one hour.
	 * @return whether the limits apply
	 */
	boolean rateLimits() default true;

}
