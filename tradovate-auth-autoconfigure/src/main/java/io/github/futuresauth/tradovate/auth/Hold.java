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
 */
public record Hold(HoldReason reason, Instant until, String message, int strikes, @Nullable String owner,
		@Nullable String credentials) {

	public Hold {
		Objects.requireNonNull(reason, "reason must not be null");
		Objects.requireNonNull(until, "until must not be null");
		Objects.requireNonNull(message, "message must not be null");
	}

}
