package io.seldonmesh.cli;

/** {@code -o}: tables and sentences for a person, or the gateway's JSON for a script. */
public enum OutputFormat {
    HUMAN, JSON
}
