package io.seldonmesh.testkit;

/**
 * A SCRAM user created when the broker's storage is formatted, under both SCRAM-SHA-256 and
 * SCRAM-SHA-512. {@link KafkaBroker#upsertScramUser} takes any password later.
 */
public record ScramUser(String name, String password) {

    public ScramUser {
        // kafka-storage parses "[name=...,password=...]" without escaping
        if (!name.matches("[A-Za-z0-9._-]+") || !password.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("SCRAM user '" + name + "': name and password must match "
                    + "[A-Za-z0-9._-]+ so they pass through kafka-storage --add-scram unchanged");
        }
        UsedSecrets.record("SCRAM password", password);
    }

    @Override
    public String toString() {
        return "ScramUser[" + name + "]";
    }
}
