package io.github.futuresauth.tradovate.autoconfigure;

import java.net.URI;

import io.github.futuresauth.tradovate.auth.TradovateEnvironment;
import org.jspecify.annotations.Nullable;

/**
 * The properties of one of several Tradovate users, {@code tradovate.users.<key>.*}. What
 * a user leaves unset of the environment and base URL is taken from
 * {@code tradovate.environment} and {@code tradovate.base-url}.
 */
public class TradovateUserProperties extends TradovateCredentialsProperties {

	/**
	 * Tradovate environment of this user. Defaults to tradovate.environment.
	 */
	private @Nullable TradovateEnvironment environment;

	/**
	 * Base URL of the REST API for this user. Overrides the user's environment's.
	 * Defaults to tradovate.base-url.
	 */
	private @Nullable URI baseUrl;

	public @Nullable TradovateEnvironment getEnvironment() {
		return this.environment;
	}

	public void setEnvironment(@Nullable TradovateEnvironment environment) {
		this.environment = environment;
	}

	public @Nullable URI getBaseUrl() {
		return this.baseUrl;
	}

	public void setBaseUrl(@Nullable URI baseUrl) {
		this.baseUrl = baseUrl;
	}

}
