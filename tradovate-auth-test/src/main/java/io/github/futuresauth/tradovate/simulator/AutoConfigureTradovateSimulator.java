package io.github.futuresauth.tradovate.simulator;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Configures the {@link TradovateSimulator} that an application context of a test runs
 * against. Every Spring Boot test context ({@code @SpringBootTest} and the test slices)
 * gets a simulator when this module is on the class path, annotated or not: the
 * annotation changes its settings, opts out of it ({@code enabled = false}), or applies
 * it to a plain Spring test context ({@code @SpringJUnitConfig}).
 * <p>
 * The simulator starts before the context is refreshed, so that a login at startup
 * reaches it; its {@link TradovateSimulator#springPropertyMap() properties} replace the
 * application's URLs ({@code tradovate.base-url}, {@code tradovate.websocket.url},
 * {@code tradovate.websocket.market-data-url}) and its whole credential set
 * ({@code tradovate.name}, {@code tradovate.password}, {@code tradovate.app-id},
 * {@code tradovate.app-version}, {@code tradovate.cid} and {@code tradovate.sec}), so no
 * credential exported in the shell reaches a test; other {@code tradovate.*} settings
 * stay. The simulator is a bean named {@code tradovateSimulator}, to autowire for its
 * journal, clock and faults. There is one simulator per application context: test classes
 * with the same settings share the cached context and its simulator, classes with other
 * settings get a context of their own, and the simulator stops when its context is
 * closed. <pre class="code">
 * &#64;SpringBootTest
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
 * <p>
 * A test that opts out keeps the application's own {@code tradovate.*} settings, for a
 * server of its own on the loopback interface. A context that would log in anywhere else
 * fails before it creates a bean, unless the test reaches a real Tradovate environment on
 * purpose: {@code @AutoConfigureTradovateSimulator(enabled = false,
 * realEnvironment = true)}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface AutoConfigureTradovateSimulator {

	/**
	 * Whether the context runs against a simulator. {@code false} keeps the application's
	 * own {@code tradovate.*} settings, which may then point at loopback addresses only,
	 * unless {@link #realEnvironment()} is {@code true}.
	 * @return whether to run a simulator
	 */
	boolean enabled() default true;

	/**
	 * Whether a context without a simulator may log in to a real Tradovate environment
	 * (any host but loopback). The deliberate switch for a test against demo or live:
	 * each of its contexts spends a login and one of the user's two sessions.
	 * @return whether to allow real environments
	 */
	boolean realEnvironment() default false;

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
	 * The application id of the user's {@link ApiKey}, which {@code tradovate.app-id} is
	 * set to.
	 * @return the application id
	 */
	String appId() default ApiKey.DEFAULT_APP_ID;

	/**
	 * The application version of the user's API key, which {@code tradovate.app-version}
	 * is set to.
	 * @return the application version
	 */
	String appVersion() default ApiKey.DEFAULT_APP_VERSION;

	/**
	 * The client id of the user's API key, which {@code tradovate.cid} is set to.
	 * @return the client id
	 */
	String cid() default ApiKey.DEFAULT_CID;

	/**
	 * The secret of the user's API key, which {@code tradovate.sec} is set to.
	 * @return the secret
	 */
	String sec() default ApiKey.DEFAULT_SEC;

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
