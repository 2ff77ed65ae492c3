package io.seldonmesh.modelgateway.core;

/** How one call to the model server ended: a {@link ModelReply} or a {@link CallFailure}. Never an exception. */
public sealed interface CallResult permits ModelReply, CallFailure {
}
