package io.github.futuresauth.tradovate.autoconfigure.actuate;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.github.futuresauth.tradovate.auth.AccessToken;
import io.github.futuresauth.tradovate.auth.Hold;
import io.github.futuresauth.tradovate.auth.RenewingTokenProvider;
import io.github.futuresauth.tradovate.auth.TokenStatus;
import io.github.futuresauth.tradovate.auth.TokenStatusSource;
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
 * Its access is read-only unless granted with
 * {@code management.endpoint.tradovate.access=unrestricted}, like other endpoints that
 * change state; expose it with {@code management.endpoints.web.exposure.include}. It
 * never shows a token or a secret.
 */
@Endpoint(id = "tradovate", defaultAccess = Access.READ_ONLY)
public class TradovateEndpoint {

	private final TokenStatusSource tokenProvider;

	/**
	 * Create the endpoint.
	 * @param tokenProvider the provider to report on and act upon
	 */
	public TradovateEndpoint(TokenStatusSource tokenProvider) {
		Assert.notNull(tokenProvider, "TokenStatusSource must not be null");
		this.tokenProvider = tokenProvider;
	}

	/**
	 * Describe the token, the budget and the holds.
	 * @return the description
	 */
	@ReadOperation
	public Map<String, Object> status() {
		TokenStatus status = this.tokenProvider.getStatus();
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
		if (!(this.tokenProvider instanceof RenewingTokenProvider provider)) {
			return Map.of("done", false, "message", "The token provider does not support " + action);
		}
		return switch (action) {
			case "renew" -> renew(provider);
			case "clear-hold" -> Map.of("done", provider.clearHold(), "status", status());
			default -> Map.of("done", false, "message", "Unknown action '" + action + "': use renew or clear-hold");
		};
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
