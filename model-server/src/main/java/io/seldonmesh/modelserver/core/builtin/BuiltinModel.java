package io.seldonmesh.modelserver.core.builtin;

import io.seldonmesh.modelserver.core.Model;
import io.seldonmesh.modelserver.core.Signature;

/** What every built-in shares: the platform name and a signature fixed at load. */
abstract class BuiltinModel implements Model {

    private final Signature signature;

    BuiltinModel(Signature signature) {
        this.signature = signature;
    }

    @Override
    public final String platform() {
        return Builtins.PLATFORM;
    }

    @Override
    public final Signature signature() {
        return signature;
    }

    /** Built-ins copy or add tensors; the one that sleeps says otherwise. */
    @Override
    public boolean runsInline() {
        return true;
    }
}
