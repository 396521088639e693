package dev.realtime.benchmark.server;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * What both servers share: the control endpoints and, when {@code bench.socket-send-buffer} is
 * set, a fixed kernel send buffer per socket. On loopback the kernel grows a socket's send
 * buffer to megabytes, which would hide a stalled client from the send limits for a long time;
 * a fixed buffer lets scenario (f) see the limits at work on both systems alike.
 */
@Configuration(proxyBeanMethods = false)
@Import(BenchController.class)
public class BenchServerConfiguration {

	@Bean
	TomcatConnectorCustomizer benchSocketSendBuffer(@Value("${bench.socket-send-buffer:0}") int bytes) {
		return (connector) -> {
			if (bytes > 0) {
				connector.setProperty("socket.txBufSize", Integer.toString(bytes));
			}
		};
	}

}
