package com.example.operations;

import io.github.futuresauth.tradovate.auth.AccessTokenRenewedEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

@Component
class TokenAudit {

	private static final Log logger = LogFactory.getLog(TokenAudit.class);

	@EventListener
	void renewed(AccessTokenRenewedEvent event) {
		// Never the token itself: it is a secret.
		logger.info("Tradovate token renewed, valid until " + event.getToken().expirationTime());
	}

}
