package io.github.futuresauth.tradovate.autoconfigure.actuate;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import io.github.futuresauth.tradovate.auth.AccessToken;
import io.github.futuresauth.tradovate.auth.Hold;
import io.github.futuresauth.tradovate.auth.RenewingTokenProvider;
import io.github.futuresauth.tradovate.auth.TokenStatus;
import io.github.futuresauth.tradovate.auth.TokenStatusSource;
import io.github.futuresauth.tradovate.auth.TradovateUsers;
import io.github.futuresauth.tradovate.auth.TradovateAuthException;
import io.github.futuresauth.tradovate.autoconfigure.TokenStatusDetails;
import io.github.futuresauth.tradovate.autoconfigure.TradovateFailureCause;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.util.Assert;

/**
 * The {@code tradovate} actuator endpoint: what the token provider knows about its token,
 * the budget of requests to {@code /auth/*} and the holds on logins, and two operations
 * for an operator: {@code renew} renews the token now, within the budget, and
 * {@code clear-hold} ends a hold after a refusal, a captcha or an outage once its cause
 * is fixed (a time penalty cannot be cleared).
 * <p>
 * With several users ({@code tradovate.users}), the status shows every user by its key;
 * {@code /actuator/tradovate/{user}} shows one, and
 * {@code /actuator/tradovate/{user}/{action}} acts on one.
 * <p>
 * Its access is read-only unless granted with
 * {@code management.endpoint.tradovate.access=unrestricted}, like other endpoints that
 * change state; expose it with {@code management.endpoints.web.exposure.include}. It
 * never shows a token or a secret.
 */
@Endpoint(id = "tradovate", defaultAccess = Access.READ_ONLY)
public class TradovateEndpoint {

	private final @Nullable TokenStatusSource tokenProvider;

	private final @Nullable TradovateUsers users;

	/**
	 * Create the endpoint for one user.
	 * @param tokenProvider the provider to report on and act upon
	 */
	public TradovateEndpoint(TokenStatusSource tokenProvider) {
		Assert.notNull(tokenProvider, "TokenStatusSource must not be null");
		this.tokenProvider = tokenProvider;
		this.users = null;
	}

	/**
	 * Create the endpoint for several users, each selected by its key.
	 * @param users the users to report on and act upon
	 */
	public TradovateEndpoint(TradovateUsers users) {
		Assert.notNull(users, "TradovateUsers must not be null");
		this.tokenProvider = null;
		this.users = users;
	}

	/**
	 * Describe the token, the budget and the holds; with several users, of each user by
	 * its key.
	 * @return the description
	 */
	@ReadOperation
	public Map<String, Object> status() {
		if (this.users == null) {
			return status(Objects.requireNonNull(this.tokenProvider));
		}
		Map<String, Object> result = new LinkedHashMap<>();
		for (String key : this.users.keys()) {
			TokenStatusSource provider = provider(key);
			if (provider != null) {
				result.put(key, status(provider));
			}
		}
		return result;
	}

	/**
	 * Describe the token, the budget and the holds of one user.
	 * @param user the user's key
	 * @return the description, or {@code null} when there is no such user
	 */
	@ReadOperation
	public @Nullable Map<String, Object> userStatus(@Selector String user) {
		TokenStatusSource provider = provider(user);
		return (provider != null) ? status(provider) : null;
	}

	private static Map<String, Object> status(TokenStatusSource tokenProvider) {
		TokenStatus status = tokenProvider.getStatus();
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("state", status.state().name().toLowerCase(Locale.ROOT));
		putIfPresent(result, "user", status.user());
		putIfPresent(result, "expirationTime", status.expirationTime());
		result.put("expiresIn", status.expiresIn().toString());
		result.put("version", status.version());
		result.put("now", status.now().toString());
		putIfPresent(result, "lastLogin", status.lastLogin());
		putIfPresent(result, "lastRenewal", status.lastRenewal());
		putIfPresent(result, "nextRefresh", status.nextRefresh());
		TradovateAuthException failure = status.lastFailure();
		if (failure != null) {
			Map<String, Object> lastFailure = new LinkedHashMap<>();
			lastFailure.put("message", String.valueOf(failure.getMessage()));
			lastFailure.put("cause", TradovateFailureCause.of(failure).getCode());
			result.put("lastFailure", lastFailure);
		}
		result.put("clockOffset", status.clockOffset().toString());
		Hold hold = status.hold();
		if (hold != null) {
			result.put("hold", TokenStatusDetails.hold(hold));
		}
		result.put("budget", TokenStatusDetails.budget(status));
		return result;
	}

	/**
	 * Act on the provider: {@code renew} renews the token now, {@code clear-hold} ends a
	 * hold.
	 * @param action what to do
	 * @return what happened
	 */
	@WriteOperation
	public Map<String, Object> act(@Selector String action) {
		TokenStatusSource provider = (this.users != null) ? provider(TradovateUsers.DEFAULT_USER) : this.tokenProvider;
		if (provider == null) {
			return Map.of("done", false, "message", "There is no default Tradovate user: name one, as in "
					+ "/actuator/tradovate/{user}/" + action + ", of " + Objects.requireNonNull(this.users).keys());
		}
		return act(provider, action);
	}

	/**
	 * Act on the provider of one user: {@code renew} renews its token now,
	 * {@code clear-hold} ends its hold.
	 * @param user the user's key
	 * @param action what to do
	 * @return what happened, or {@code null} when there is no such user
	 */
	@WriteOperation
	public @Nullable Map<String, Object> userAct(@Selector String user, @Selector String action) {
		TokenStatusSource provider = provider(user);
		return (provider != null) ? act(provider, action) : null;
	}

	private Map<String, Object> act(TokenStatusSource tokenProvider, String action) {
		if (!(tokenProvider instanceof RenewingTokenProvider provider)) {
			return Map.of("done", false, "message", "The token provider does not support " + action);
		}
		return switch (action) {
			case "renew" -> renew(provider);
			case "clear-hold" -> Map.of("done", provider.clearHold(), "status", status(provider));
			default -> Map.of("done", false, "message", "Unknown action '" + action + "': use renew or clear-hold");
		};
	}

	private @Nullable TokenStatusSource provider(String key) {
		if (this.users == null) {
			return (TradovateUsers.DEFAULT_USER.equals(key)) ? this.tokenProvider : null;
		}
		try {
			return this.users.getTokenProvider(key);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private Map<String, Object> renew(RenewingTokenProvider provider) {
		try {
			AccessToken renewed = provider.renewNow();
			return Map.of("done", true, "expirationTime", renewed.expirationTime().toString());
		}
		catch (TradovateAuthException ex) {
			return Map.of("done", false, "message", String.valueOf(ex.getMessage()));
		}
	}

	private static void putIfPresent(Map<String, Object> map, String key, @Nullable Object value) {
		if (value != null) {
			map.put(key, value.toString());
		}
	}

}
