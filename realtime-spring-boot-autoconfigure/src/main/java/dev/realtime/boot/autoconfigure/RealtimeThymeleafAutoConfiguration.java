package dev.realtime.boot.autoconfigure;

import org.thymeleaf.spring6.SpringTemplateEngine;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.realtime.boot.RealtimeSocket;
import dev.realtime.boot.thymeleaf.RealtimeDialect;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration} of
 * the Thymeleaf dialect that writes {@code data-socket-connection-id} onto every page's
 * {@code <body>}.
 */
@AutoConfiguration(after = RealtimeAutoConfiguration.class,
		beforeName = "org.springframework.boot.thymeleaf.autoconfigure.ThymeleafAutoConfiguration")
@ConditionalOnClass(SpringTemplateEngine.class)
@ConditionalOnBean(RealtimeSocket.class)
public final class RealtimeThymeleafAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RealtimeDialect realtimeDialect(RealtimeSocket socket) {
		return new RealtimeDialect(socket);
	}

}
