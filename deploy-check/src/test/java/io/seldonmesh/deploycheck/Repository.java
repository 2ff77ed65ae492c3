package io.seldonmesh.deploycheck;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the files deploy-check reads live: this checkout, one level above the module (Maven runs tests there). */
final class Repository {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path DEPLOY = ROOT.resolve("deploy");
    static final Path EKS_OVERLAY = DEPLOY.resolve("overlays").resolve("eks");

    private Repository() {
    }

    static Path module(String name) {
        Path module = ROOT.resolve(name);
        if (!Files.isRegularFile(module.resolve("pom.xml"))) {
            throw new IllegalStateException(module + " is not a module of this checkout");
        }
        return module;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file, e);
        }
    }
}
