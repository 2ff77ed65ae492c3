package io.seldonmesh.bench.startup;

/** One column of the table: a checkout's packaged services started in one launch mode. */
record Variant(Checkout checkout, LaunchMode mode) {

    String label() {
        return checkout.name() + " " + mode.label();
    }
}
