package io.seldonmesh.modelgateway.core;

import io.seldonmesh.common.status.Endpoints;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the gateway talks to model servers; one protocol for all models of a gateway. */
public enum ModelServerProtocol {
    /** Open Inference Protocol over gRPC: the Kafka protobuf goes to the server as it is, on one HTTP/2 channel. */
    GRPC,
    /** Open Inference Protocol over REST: JSON bodies on pooled keep-alive HTTP/1.1 connections. */
    REST;

    public static final String VARIABLE = "MODEL_SERVER_PROTOCOL";

    /** @throws IllegalArgumentException naming the variable, the value and the choices */
    public static ModelServerProtocol parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(VARIABLE + "='" + value + "' is not a protocol: use one of "
                    + Arrays.stream(values()).map(p -> p.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
        }
    }

    /** The address of this protocol in a model status, or null when the server does not offer it. */
    public String address(Endpoints endpoints) {
        if (endpoints == null) {
            return null;
        }
        String address = this == GRPC ? endpoints.grpc() : endpoints.rest();
        return address == null || address.isBlank() ? null : address.trim();
    }
}
