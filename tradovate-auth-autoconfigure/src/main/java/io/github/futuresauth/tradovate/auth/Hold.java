package io.github.futuresauth.tradovate.auth;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A hold on logins: until it ends, no login is sent, and callers who need one are told at
 * once why and for how long.
 *
 * @param reason why logins are held
 * @param until when the hold ends, in Tradovate's time
 * @param message what happened, fit to show to a person; never a secret
 * @param strikes how many failures in a row led to this hold, for holds that escalate
 * @param owner for a time penalty, the instance that holds the ticket and alone may send
 * the next login; otherwise {@code null}
 * @param credentials for a refused login, a short salted digest of the refused
 * credentials, so that different credentials are not held; otherwise {@code null}
 * @param ticket for a time penalty, the {@code p-ticket} that the next login must carry,
 * kept in the store so that a process started after the one that received it still sends
 * it; otherwise {@code null}
 */
public record Hold(HoldReason reason, Instant until, String message, int strikes, @Nullable String owner,
		@Nullable String credentials, @Nullable String ticket) {

	public Hold {
		Objects.requireNonNull(reason, "reason must not be null");
		Objects.requireNonNull(until, "until must not be null");
		Objects.requireNonNull(message, "message must not be null");
	}

	/**
	 * Create a hold that carries no penalty ticket.
	 * @param reason why logins are held
	 * @param until when the hold ends
	 * @param message what happened
	 * @param strikes how many failures in a row led to it
	 * @param owner the instance that holds a penalty's ticket, or {@code null}
	 * @param credentials a digest of refused credentials, or {@code null}
	 */
	public Hold(HoldReason reason, Instant until, String message, int strikes, @Nullable String owner,
			@Nullable String credentials) {
		this(reason, until, message, strikes, owner, credentials, null);
	}

	@Override
	public String toString() {
		// The ticket lets a login through a penalty: it stays out of logs.
		return "Hold[reason=" + this.reason + ", until=" + this.until + ", message=" + this.message + ", strikes="
				+ this.strikes + ", owner=" + this.owner + ", ticket=" + ((this.ticket != null) ? "******" : null)
				+ "]";
	}

}
