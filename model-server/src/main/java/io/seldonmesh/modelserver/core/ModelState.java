package io.seldonmesh.modelserver.core;

/** Model states as Triton's repository index names them. */
public enum ModelState {
    LOADING,
    READY,
    UNAVAILABLE
}
