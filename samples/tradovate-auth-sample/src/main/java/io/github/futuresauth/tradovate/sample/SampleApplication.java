package io.github.futuresauth.tradovate.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * A trading service's first steps with the starter: log in, call Tradovate, and stay
 * logged in.
 * <p>
 * By default it runs on a simulator of Tradovate that it starts inside itself, with
 * tokens that live for a minute, so that renewals show up quickly. With the {@code demo}
 * profile and credentials in the environment ({@code TRADOVATE_NAME},
 * {@code TRADOVATE_PASSWORD} and, for an API key, {@code TRADOVATE_APP_ID},
 * {@code TRADOVATE_CID}, {@code TRADOVATE_SEC}) it talks to Tradovate's demo environment
 * instead. With the {@code fleet} profile, several instances share one token through
 * Redis, on a simulator started on its own ({@code application-fleet.yml} says how).
 */
@SpringBootApplication
@EnableScheduling
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
