package io.github.futuresauth.tradovate.auth;

import java.time.Duration;

import org.springframework.context.ApplicationEvent;

/**
 * Published when Tradovate imposes a time penalty on a login and the client waits it out
 * before sending the login again with the ticket.
 */
public class LoginPenaltyEvent extends ApplicationEvent {

	private final String name;

	private final Duration wait;

	public LoginPenaltyEvent(Object source, String name, Duration wait) {
		super(source);
		this.name = name;
		this.wait = wait;
	}

	/**
	 * Return the name of the user whose login was penalized.
	 * @return the user name
	 */
	public String getName() {
		return this.name;
	}

	/**
	 * Return how long Tradovate asked the client to wait.
	 * @return the penalty time
	 */
	public Duration getWait() {
		return this.wait;
	}

}
