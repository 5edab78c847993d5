package io.github.futuresauth.tradovate.autoconfigure;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.futuresauth.tradovate.auth.AuthNetwork;
import io.github.futuresauth.tradovate.auth.NetworkLedgerStore;
import io.github.futuresauth.tradovate.auth.RenewingTokenProvider;
import io.github.futuresauth.tradovate.auth.TokenProvider;
import io.github.futuresauth.tradovate.auth.TokenStore;
import io.github.futuresauth.tradovate.auth.TradovateAuthException;
import io.github.futuresauth.tradovate.auth.TradovateCredentials;
import io.github.futuresauth.tradovate.auth.TradovateEnvironment;
import io.github.futuresauth.tradovate.auth.TradovateUsers;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.web.client.RestClient;

/**
 * The users of an application that acts for several Tradovate users: those of
 * {@code tradovate.users.<key>.*}, the default user of the flat {@code tradovate.*}
 * properties when it is set, and those that the application adds while it runs.
 */
@Configuration(proxyBeanMethods = false)
class TradovateUsersConfiguration {

	/**
	 * The registry of users, created where it is first used. Every user's provider is
	 * configured by the {@code tradovate.*} settings, keeps its token in a store of its
	 * own, and shares the network's limits with the others.
	 */
	@Bean
	@Lazy
	@ConditionalOnMissingBean
	TradovateUsers tradovateUsers(TradovateAuthProperties properties, TradovateAuthClients clients,
			TradovateTokenStoreFactory stores, ObjectProvider<TokenProvider> defaultUser,
			TradovateTokenProviderConfigurer configurer, ObjectProvider<NetworkLedgerStore> networkLedger,
			ApplicationEventPublisher eventPublisher) {
		Map<RenewingTokenProvider, TokenStore> ownStores = new ConcurrentHashMap<>();
		UserProviders providers = (environment, baseUrl, credentials) -> {
			RenewingTokenProvider provider = new RenewingTokenProvider(clients.get(baseUrl), credentials);
			TokenStore store = stores.create(environment, credentials);
			ownStores.put(provider, store);
			provider.setTokenStore(store);
			provider.setApplicationEventPublisher(eventPublisher);
			return configurer.configure(provider);
		};
		AuthNetwork network = new AuthNetwork(networkLedger.getIfAvailable(NetworkLedgerStore::inMemory));
		TradovateUsers users = new TradovateUsers(network, (credentials) -> providers
			.create(properties.getEnvironment(), properties.determineBaseUrl(), credentials),
				tradovateUrls(properties));
		users.addListener(new TradovateUsers.Listener() {

			@Override
			public void removed(String key, RenewingTokenProvider provider) {
				// A store that the registry created is the removed user's alone; the
				// registry removes every user when the context closes.
				if (ownStores.remove(provider) instanceof AutoCloseable store) {
					try {
						store.close();
					}
					catch (Exception ex) {
						throw new IllegalStateException(
								"Could not close the token store of Tradovate user '" + key + "'", ex);
					}
				}
			}

		});
		Map<String, RenewingTokenProvider> configured = new LinkedHashMap<>();
		if (properties.hasDefaultUser() && defaultUser.getIfUnique() instanceof RenewingTokenProvider defaultProvider) {
			configured.put(TradovateAuthProperties.DEFAULT_USER, defaultProvider);
		}
		properties.getUsers().forEach((key, user) -> {
			TradovateCredentials credentials = user.determineCredentials("tradovate.users." + key);
			configured.put(key, providers.create(properties.determineEnvironment(user),
					properties.determineBaseUrl(user), credentials));
		});
		// One report at startup for all of them, rather than one for each user beyond
		// what the renewals carry.
		users.addAll(configured);
		if (configured.containsKey(TradovateAuthProperties.DEFAULT_USER)) {
			users.setDefaultUser(TradovateAuthProperties.DEFAULT_USER);
		}
		return users;
	}

	/**
	 * Logs in every user of {@code tradovate.users} while the application starts, or
	 * takes its token from the store, so that wrong credentials stop it at once. A token
	 * kept from before is not checked with {@code /auth/me} here: ten checks an hour are
	 * all that a network may make, whatever the number of users.
	 */
	@Bean
	@ConditionalOnBooleanProperty(name = "tradovate.login-at-startup", matchIfMissing = true)
	@ConditionalOnMissingBean(name = "tradovateUsersLoginAtStartup")
	static SmartInitializingSingleton tradovateUsersLoginAtStartup(ObjectProvider<TradovateAuthProperties> properties,
			ObjectProvider<TradovateUsers> users) {
		return () -> {
			for (String key : properties.getObject().getUsers().keySet()) {
				try {
					users.getObject().getTokenProvider(key).getToken();
				}
				catch (TradovateAuthException ex) {
					throw new TradovateUserLoginException(key, ex);
				}
			}
		};
	}

	private static URI[] tradovateUrls(TradovateAuthProperties properties) {
		Set<URI> urls = new LinkedHashSet<>();
		urls.add(properties.determineBaseUrl());
		properties.getUsers().values().forEach((user) -> urls.add(properties.determineBaseUrl(user)));
		for (TradovateEnvironment environment : TradovateEnvironment.values()) {
			urls.add(environment.getBaseUrl());
		}
		return urls.toArray(URI[]::new);
	}

	@FunctionalInterface
	private interface UserProviders {

		RenewingTokenProvider create(TradovateEnvironment environment, URI baseUrl, TradovateCredentials credentials);

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ RestClientCustomizer.class, ClientHttpRequestFactoryBuilder.class })
	static class RestClientsConfiguration {

		@Bean
		@Lazy
		@ConditionalOnMissingBean
		@ConditionalOnBean(RestClient.Builder.class)
		TradovateRestClients tradovateRestClients(ObjectProvider<RestClient.Builder> builder,
				ObjectProvider<TradovateUsers> users, TradovateAuthProperties properties,
				ObjectProvider<ClientHttpRequestFactoryBuilder<?>> requestFactoryBuilder,
				ObjectProvider<HttpClientSettings> httpClientSettings, ObjectProvider<SslBundles> sslBundles) {
			return new TradovateRestClients(builder, users, properties,
					() -> TradovateHttpClientSettings.requestFactory(requestFactoryBuilder,
							TradovateHttpClientSettings.forApi(properties,
									httpClientSettings.getIfAvailable(HttpClientSettings::defaults), sslBundles)));
		}

	}

}
