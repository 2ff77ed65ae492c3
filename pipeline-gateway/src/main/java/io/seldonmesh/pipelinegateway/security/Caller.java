package io.seldonmesh.pipelinegateway.security;

import java.util.Set;

/**
 * Who made a request, as its token or client certificate proved, and the roles that gives it.
 *
 * @param description for messages: {@code token subject 'ci-deployer'}, {@code client certificate 'CN=x'}
 * @param roleSource  for messages: where its roles come from, so the reader knows where to grant one
 */
public record Caller(String description, Set<String> roles, String roleSource) {
}
