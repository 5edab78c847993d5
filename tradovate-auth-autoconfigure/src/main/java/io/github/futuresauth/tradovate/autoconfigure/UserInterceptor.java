package io.github.futuresauth.tradovate.autoconfigure;

import java.io.IOException;

import io.github.futuresauth.tradovate.auth.TradovateBearerTokenInterceptor;
import io.github.futuresauth.tradovate.auth.TradovateUsers;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * The interceptor of an application with a default user and no {@code tradovate.users}: a
 * request that names no user gets the default user's token from its own interceptor,
 * without the registry of users; a request that names a user, with
 * {@link TradovateUsers#USER_ATTRIBUTE}, gets that user's token from the registry, or
 * fails before it is sent when there is no such user. Users added while the application
 * runs, and users who connected through OAuth, are in the registry alone: without it,
 * their requests would carry the default user's token.
 */
final class UserInterceptor implements ClientHttpRequestInterceptor {

	private final TradovateBearerTokenInterceptor defaultUser;

	private final ObjectProvider<TradovateUsers> users;

	UserInterceptor(TradovateBearerTokenInterceptor defaultUser, ObjectProvider<TradovateUsers> users) {
		this.defaultUser = defaultUser;
		this.users = users;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		Object named = request.getAttributes().get(TradovateUsers.USER_ATTRIBUTE);
		if (named == null) {
			return this.defaultUser.intercept(request, body, execution);
		}
		return users(named).interceptor().intercept(request, body, execution);
	}

	private TradovateUsers users(Object named) {
		TradovateUsers users = this.users.getIfAvailable();
		if (users == null) {
			throw new IllegalArgumentException("A request names the Tradovate user '" + named
					+ "', but the application has no TradovateUsers to take its token from");
		}
		return users;
	}

	/**
	 * Return whether an interceptor puts a Tradovate token on requests: one of a single
	 * user, or this one.
	 * @param interceptor the interceptor
	 * @return whether it puts a token on requests
	 */
	static boolean addsTokens(@Nullable ClientHttpRequestInterceptor interceptor) {
		return interceptor instanceof TradovateBearerTokenInterceptor || interceptor instanceof UserInterceptor;
	}

}
