package io.seldonmesh.testkit.runtime.s3;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Loaded into S3Mock through {@code loader.path}. S3Mock adds its plain-HTTP connector as an
 * "additional" Tomcat connector, and Spring Boot applies {@code server.address} and
 * {@code server.tomcat.keep-alive-timeout} only to the main (HTTPS) connector. Without this the
 * HTTP port listens on every interface and an aborted upload holds a connection for 60 s.
 * The same two standard properties are applied to every additional connector.
 */
@AutoConfiguration
public class LoopbackConnectorsAutoConfiguration {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> loopbackAdditionalConnectors(Environment environment) {
        String address = environment.getProperty("server.address", "127.0.0.1");
        Duration keepAlive = environment.getProperty("server.tomcat.keep-alive-timeout", Duration.class);
        return factory -> {
            for (Connector connector : factory.getAdditionalConnectors()) {
                if (connector.getProtocolHandler() instanceof AbstractProtocol<?> protocol) {
                    protocol.setAddress(resolve(address));
                    if (keepAlive != null) {
                        protocol.setKeepAliveTimeout((int) keepAlive.toMillis());
                    }
                }
            }
        };
    }

    private static InetAddress resolve(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("server.address '" + address
                    + "' is not an IP address or resolvable host name; set it to 127.0.0.1", e);
        }
    }
}
