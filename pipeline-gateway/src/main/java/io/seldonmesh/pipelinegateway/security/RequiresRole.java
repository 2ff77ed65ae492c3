package io.seldonmesh.pipelinegateway.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The role a REST endpoint (a method, or every method of a class) needs when authentication is on. An endpoint with
 * neither this nor {@link PublicEndpoint} is refused to everyone: a new endpoint is closed until it says otherwise.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresRole {
    CallerRole value();
}
