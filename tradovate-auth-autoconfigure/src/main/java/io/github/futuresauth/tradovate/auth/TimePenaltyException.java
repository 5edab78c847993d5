package io.github.futuresauth.tradovate.auth;

import java.time.Duration;

/**
 * Thrown when Tradovate answers a login with a time penalty ({@code p-ticket},
 * {@code p-time}): the login may be sent again once the time has passed, and only with
 * the ticket. The ticket is bound to the network address that received it, and never
 * appears in a message or {@code toString()}.
 */
public class TimePenaltyException extends TradovateAuthException {

	private final transient String ticket;

	private final Duration wait;

	public TimePenaltyException(String name, Duration wait, String ticket) {
		super("Tradovate imposed a time penalty on the login of user '" + name + "' after too many logins from"
				+ " this network: the next login may be sent in " + wait.toSeconds() + "s, with the ticket it issued");
		this.wait = wait;
		this.ticket = ticket;
	}

	/**
	 * Return how long Tradovate asked to wait before the next login ({@code p-time}).
	 * @return the wait
	 */
	public Duration getWait() {
		return this.wait;
	}

	/**
	 * Return the ticket that the next login must carry.
	 * @return the {@code p-ticket}
	 */
	String getTicket() {
		return this.ticket;
	}

	@Override
	public boolean isTransient() {
		return true;
	}

}
