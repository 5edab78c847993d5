package io.github.futuresauth.tradovate.sample;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may see what: with the {@code oauth} profile, a trader connects a Tradovate account
 * before seeing its accounts; otherwise the sample has nothing to protect, its Actuator
 * endpoints included.
 */
@Configuration(proxyBeanMethods = false)
class SampleSecurity {

	@Bean
	@Profile("oauth")
	SecurityFilterChain connectTradovate(HttpSecurity http) {
		return http
			.authorizeHttpRequests((requests) -> requests.requestMatchers("/", "/error", "/actuator/**")
				.permitAll()
				.anyRequest()
				.authenticated())
			.oauth2Login((login) -> login.defaultSuccessUrl("/accounts", true))
			.build();
	}

	@Bean
	@Profile("!oauth")
	SecurityFilterChain open(HttpSecurity http) {
		return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll()).build();
	}

}
