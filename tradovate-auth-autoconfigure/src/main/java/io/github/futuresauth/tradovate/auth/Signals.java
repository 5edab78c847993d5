package io.github.futuresauth.tradovate.auth;

import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;

/**
 * What a {@link RenewingTokenProvider} tells the application: its events, and the
 * observations of its logins and renewals. A listener that fails is logged and never
 * undoes what the event reports.
 */
final class Signals {

	private static final Log logger = LogFactory.getLog(RenewingTokenProvider.class);

	/** The user's login name, which its events carry. */
	private final String name;

	/**
	 * The application's key for the user, which observations and logs carry: bounded, and
	 * known to the metrics that are removed with the user.
	 */
	private volatile String key = TradovateUsers.DEFAULT_USER;

	private volatile ApplicationEventPublisher eventPublisher = (event) -> {
	};

	private volatile ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	Signals(String name) {
		this.name = name;
	}

	void setKey(String key) {
		this.key = key;
	}

	/**
	 * Names the user in a log line, by its key: never its password, secret or token.
	 */
	String user() {
		return "user of key '" + this.key + "'";
	}

	void setEventPublisher(ApplicationEventPublisher eventPublisher) {
		this.eventPublisher = eventPublisher;
	}

	void setObservationRegistry(ObservationRegistry observationRegistry) {
		this.observationRegistry = observationRegistry;
	}

	<T> T observe(String name, Supplier<T> action) {
		return Observation.createNotStarted(name, this.observationRegistry)
			.lowCardinalityKeyValue("user", this.key)
			.observe(action);
	}

	/**
	 * Logs a failed login and publishes its events: a time penalty has one of its own.
	 */
	void loginFailed(TokenProvider source, TradovateAuthException ex) {
		logger.error("Could not log in to Tradovate for the " + user() + ": " + ex.getMessage());
		publish(new AccessTokenFailedEvent(source, AccessTokenFailedEvent.Operation.LOGIN, ex));
		if (ex instanceof TimePenaltyException penalty) {
			publish(new LoginPenaltyEvent(source, this.name, penalty.getWait()));
		}
	}

	void publish(ApplicationEvent event) {
		try {
			this.eventPublisher.publishEvent(event);
		}
		catch (RuntimeException ex) {
			logger.warn("A listener failed on " + event.getClass().getSimpleName(), ex);
		}
	}

}
