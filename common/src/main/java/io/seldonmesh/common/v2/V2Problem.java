package io.seldonmesh.common.v2;

import java.util.Objects;

/**
 * One thing wrong with an inference request or response, worded for the person who sent it: it names the
 * tensor, what is wrong and, where it helps, what is expected.
 */
public record V2Problem(String message) {

    public V2Problem {
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return message;
    }
}
