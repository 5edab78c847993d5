package io.github.futuresauth.tradovate.autoconfigure;

import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.context.annotation.Conditional;

/**
 * Matches when no {@code tradovate.users.*} are set: the application acts for one
 * Tradovate user. For the starter's own auto-configurations.
 */
public class NoUsersCondition extends NoneNestedConditions {

	NoUsersCondition() {
		super(ConfigurationPhase.REGISTER_BEAN);
	}

	@Conditional(SeveralUsersCondition.class)
	static final class SeveralUsers {

	}

}
