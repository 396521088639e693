package dev.realtime.benchmark.server;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.jetty.JettyServerCustomizer;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.util.StringUtils;

/**
 * What every server shares: the control endpoints and, when {@code bench.socket-send-buffer} is
 * set, a fixed kernel send buffer per socket. On loopback the kernel grows a socket's send
 * buffer to megabytes, which would hide a stalled client from the send limits for a long time;
 * a fixed buffer lets scenario (f) see the limits at work on every system alike. A server JVM
 * has either Tomcat or Jetty on its classpath (see {@code ServerProcess}).
 */
@Configuration(proxyBeanMethods = false)
@Import({ BenchController.class, BenchServerConfiguration.TomcatSettings.class,
		BenchServerConfiguration.JettySettings.class })
public class BenchServerConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.apache.catalina.connector.Connector")
	static class TomcatSettings {

		@Bean
		TomcatConnectorCustomizer benchSocketSendBuffer(@Value("${bench.socket-send-buffer:0}") int bytes) {
			return (connector) -> {
				if (bytes > 0) {
					connector.setProperty("socket.txBufSize", Integer.toString(bytes));
				}
			};
		}

		// For A/B runs of the connector's own settings, which Boot has no properties for, e.g.
		// -Dbench.tomcat-connector=socket.appReadBufSize=1024,socket.appWriteBufSize=1024.
		@Bean
		TomcatConnectorCustomizer benchConnectorProperties(@Value("${bench.tomcat-connector:}") String properties) {
			return (connector) -> {
				for (String property : StringUtils.commaDelimitedListToStringArray(properties)) {
					String[] nameAndValue = property.split("=", 2);
					if (nameAndValue.length != 2 || !connector.setProperty(nameAndValue[0].trim(), nameAndValue[1].trim())) {
						throw new IllegalArgumentException("Not a Tomcat connector property: " + property);
					}
				}
			};
		}

	}

	/**
	 * Jetty's equivalents of the Tomcat settings: the accept queue ({@code accept-count} on
	 * Tomcat, which Boot has no property for on Jetty) and the kernel send buffer of every
	 * accepted socket ({@code socket.txBufSize}).
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.eclipse.jetty.server.Server")
	static class JettySettings {

		@Bean
		JettyServerCustomizer benchConnectorSettings(@Value("${bench.socket-send-buffer:0}") int bytes,
				@Value("${bench.accept-queue:0}") int acceptQueue) {
			return (server) -> {
				for (Connector connector : server.getConnectors()) {
					if (connector instanceof ServerConnector serverConnector) {
						if (acceptQueue > 0) {
							serverConnector.setAcceptQueueSize(acceptQueue);
						}
						if (bytes > 0) {
							serverConnector.setAcceptedSendBufferSize(bytes);
						}
					}
				}
			};
		}

	}

}
