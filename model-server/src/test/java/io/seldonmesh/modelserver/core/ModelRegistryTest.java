package io.seldonmesh.modelserver.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seldonmesh.common.v2.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ModelRegistryTest {

    /** A model that remembers whether it was closed. */
    static final class Recording implements Model {
        volatile boolean closed;

        @Override
        public String platform() {
            return "test";
        }

        @Override
        public Signature signature() {
            return Signature.acceptingAnyInputs();
        }

        @Override
        public List<Tensor> infer(InferenceInput input) {
            return input.tensors();
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private final List<Recording> opened = new ArrayList<>();
    private final AtomicReference<RuntimeException> nextFailure = new AtomicReference<>();
    private final ModelRegistry registry = new ModelRegistry((name, version) -> {
        RuntimeException failure = nextFailure.getAndSet(null);
        if (failure != null) {
            throw failure;
        }
        Recording model = new Recording();
        opened.add(model);
        return new LoadedModel(name, version.orElse(String.valueOf(opened.size())), model);
    });

    @Test
    void loadedModelIsReadyAndUnloadClosesIt() {
        registry.load("m", Optional.empty());

        assertThat(registry.isReady("m", Optional.empty())).isTrue();
        assertThat(registry.ready("m", Optional.of("1")).model()).isSameAs(opened.get(0));
        assertThat(registry.readyCount()).isEqualTo(1);

        registry.unload("m");
        assertThat(opened.get(0).closed).isTrue();
        assertThatThrownBy(() -> registry.ready("m", Optional.empty()))
                .hasMessage("model 'm' is not loaded on this server; load it through the repository API"
                        + " (POST /v2/repository/models/m/load)")
                .extracting(e -> ((ModelServerException) e).httpStatus()).isEqualTo(404);
    }

    @Test
    void reloadSwapsVersionsAndClosesThePreviousOne() {
        registry.load("m", Optional.empty());
        registry.load("m", Optional.empty());

        assertThat(registry.ready("m", Optional.empty()).version()).isEqualTo("2");
        assertThat(opened.get(0).closed).isTrue();
        assertThat(opened.get(1).closed).isFalse();
    }

    @Test
    void failedReloadKeepsThePreviousVersionServing() {
        registry.load("m", Optional.empty());
        nextFailure.set(ModelServerException.loadFailed("bad file"));

        assertThatThrownBy(() -> registry.load("m", Optional.empty())).hasMessage("bad file");
        assertThat(registry.ready("m", Optional.empty()).model()).isSameAs(opened.get(0));
        assertThat(opened.get(0).closed).isFalse();
    }

    @Test
    void failedFirstLoadLeavesTheModelUnavailableWithTheReason() {
        nextFailure.set(ModelServerException.loadFailed("settings are broken"));
        assertThatThrownBy(() -> registry.load("m", Optional.empty())).hasMessage("settings are broken");

        ModelEntry entry = registry.entry("m").orElseThrow();
        assertThat(entry.state()).isEqualTo(ModelState.UNAVAILABLE);
        assertThat(entry.reason()).isEqualTo("settings are broken");
        assertThat(registry.isReady("m", Optional.empty())).isFalse();
        assertThatThrownBy(() -> registry.ready("m", Optional.empty()))
                .hasMessage("model 'm' is not ready: settings are broken; fix the model and load it again")
                .extracting(e -> ((ModelServerException) e).httpStatus()).isEqualTo(503);
    }

    @Test
    void modelMissingOnDiskLeavesNoEntry() {
        nextFailure.set(ModelServerException.notFound("no directory"));
        assertThatThrownBy(() -> registry.load("m", Optional.empty())).hasMessage("no directory");
        assertThat(registry.entry("m")).isEmpty();
    }

    @Test
    void unexpectedLoaderErrorBecomesALoadFailure() {
        nextFailure.set(new IllegalStateException("boom"));
        assertThatThrownBy(() -> registry.load("m", Optional.empty()))
                .hasMessage("model 'm' failed to load: java.lang.IllegalStateException: boom");
    }

    @Test
    void otherVersionIsNotFound() {
        registry.load("m", Optional.empty());
        assertThatThrownBy(() -> registry.isReady("m", Optional.of("7")))
                .hasMessage("model 'm' version '7' is not loaded; the loaded version is '1'");
    }

    @Test
    void unloadingAnUnknownModelIsNotFound() {
        assertThatThrownBy(() -> registry.unload("ghost"))
                .hasMessage("model 'ghost' is not loaded; nothing to unload");
    }

    @Test
    void unloadWaitsForTheRequestInFlight() throws Exception {
        LoadedModel loaded = registry.load("m", Optional.empty());
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Boolean> request = pool.submit(() -> loaded.use(model -> {
                inside.countDown();
                await(release);
                return ((Recording) model).closed;
            }));
            inside.await(5, TimeUnit.SECONDS);
            Future<?> unload = pool.submit(() -> registry.unload("m"));
            Thread.sleep(100);
            assertThat(unload.isDone()).isFalse();

            release.countDown();
            assertThat(request.get(5, TimeUnit.SECONDS)).isFalse();
            unload.get(5, TimeUnit.SECONDS);
            assertThat(opened.get(0).closed).isTrue();
            assertThatThrownBy(() -> loaded.use(model -> model))
                    .hasMessageContaining("was unloaded while the request waited");
        } finally {
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
