package io.seldonmesh.testkit;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects the {@link SharedServers} into test constructors, lifecycle and test methods: declare a
 * parameter of type {@link KafkaBroker}, {@link OAuthServer}, {@link S3Server} or
 * {@link TestCertificates} (the shared broker's). Each server starts on first use.
 */
public final class RealServersExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        Class<?> type = parameter.getParameter().getType();
        return type == KafkaBroker.class || type == OAuthServer.class || type == S3Server.class
                || type == TestCertificates.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        Class<?> type = parameter.getParameter().getType();
        try {
            if (type == KafkaBroker.class) {
                return SharedServers.kafka();
            }
            if (type == OAuthServer.class) {
                return SharedServers.oauth();
            }
            if (type == S3Server.class) {
                return SharedServers.s3();
            }
            return SharedServers.kafka().certificates();
        } catch (RuntimeException e) {
            throw new ParameterResolutionException("cannot start the shared server for parameter "
                    + parameter.getParameter() + ": " + e.getMessage(), e);
        }
    }
}
