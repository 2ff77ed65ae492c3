package io.seldonmesh.modelserver.core.builtin;

import io.seldonmesh.modelserver.core.Model;
import io.seldonmesh.modelserver.core.ModelSettings;
import java.util.List;
import java.util.Optional;

/** The deterministic models that need no artifact, chosen by {@code implementation} name. */
public final class Builtins {

    public static final String PLATFORM = "seldon-mesh-builtin";
    public static final List<String> NAMES = List.of("identity", "add10", "mul10", "sum-and-diff", "conditional",
            "sleep", "fail");

    private Builtins() {
    }

    public static Optional<Model> create(String implementation, String modelName, ModelSettings settings) {
        return Optional.ofNullable(switch (implementation) {
            case "identity" -> new IdentityModel(settings);
            case "add10" -> new AddTenModel(settings);
            case "mul10" -> new MulTenModel(settings);
            case "sum-and-diff" -> new SumAndDiffModel(settings);
            case "conditional" -> new ConditionalModel(settings);
            case "sleep" -> new SleepModel(settings);
            case "fail" -> new FailModel(modelName, settings);
            default -> null;
        });
    }
}
