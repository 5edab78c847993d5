package io.github.futuresauth.tradovate.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import io.github.futuresauth.tradovate.auth.AccessToken;
import io.github.futuresauth.tradovate.auth.AuthLedger;
import io.github.futuresauth.tradovate.auth.RenewingTokenProvider;
import io.github.futuresauth.tradovate.auth.StoredToken;
import io.github.futuresauth.tradovate.auth.TokenProvider;
import io.github.futuresauth.tradovate.auth.TokenStore;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Makes sure there is a token once the application has started: logs in, or, when the
 * store kept a token from before (a restart with a file, another instance of a fleet),
 * uses it. A kept token is checked with {@code /auth/me}, within that endpoint's budget,
 * unless a login, renewal or check vouched for it moments ago (less than an hour divided
 * by the checks allowed an hour, the time a check vouches for), so that a restart loop
 * costs no more checks than the budget allows. A token found dead is replaced by a login.
 */
final class LoginAtStartup implements SmartInitializingSingleton {

	private final TokenProvider tokenProvider;

	private final @Nullable TokenStore tokenStore;

	private final Duration vouchesFor;

	LoginAtStartup(TokenProvider tokenProvider, @Nullable TokenStore tokenStore, int checksPerHour) {
		this.tokenProvider = tokenProvider;
		this.tokenStore = tokenStore;
		this.vouchesFor = AuthLedger.WINDOW.dividedBy(Math.max(1, checksPerHour));
	}

	@Override
	public void afterSingletonsInstantiated() {
		StoredToken kept = (this.tokenStore != null) ? this.tokenStore.current() : null;
		AccessToken token = this.tokenProvider.getToken();
		if (kept == null || !kept.token().accessToken().equals(token.accessToken())
				|| vouchedFor(this.tokenStore.ledger())) {
			return;
		}
		this.tokenProvider.recover(token);
	}

	private boolean vouchedFor(AuthLedger ledger) {
		Instant now = (this.tokenProvider instanceof RenewingTokenProvider provider)
				? provider.getServerClock().instant() : Clock.systemUTC().instant();
		Instant since = now.minus(this.vouchesFor);
		Stream<Instant> latest = Stream.of(ledger.renewals(), ledger.checks(), List.of(nonNull(ledger.lastLogin())))
			.flatMap(List::stream);
		return latest.anyMatch((at) -> at.isAfter(since));
	}

	private static Instant nonNull(@Nullable Instant instant) {
		return (instant != null) ? instant : Instant.EPOCH;
	}

}
