package io.seldonmesh.testkit;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What a test asked of its broker; the listeners follow from it. */
record BrokerSettings(List<ScramUser> scramUsers, boolean mtls, OAuthValidation oauth, boolean acls,
                      Map<String, String> properties) {

    Set<Listener> listeners() {
        Set<Listener> listeners = EnumSet.of(Listener.PLAINTEXT);
        if (!scramUsers.isEmpty()) {
            listeners.add(Listener.SCRAM);
        }
        if (mtls) {
            listeners.add(Listener.MTLS);
        }
        if (oauth != null) {
            listeners.add(Listener.OAUTH);
        }
        return listeners;
    }

    boolean needsTls() {
        return listeners().stream().anyMatch(listener -> !listener.securityProtocol().equals("PLAINTEXT"));
    }
}
