package io.seldonmesh.secretsync.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyncSettingsTest {

    private static final SyncSettings DEFAULTS = SyncSettings.from(Map.of());

    @Test
    void sourceNamespaceDefaultsToSeldonMesh() {
        assertThat(DEFAULTS.sourceNamespace()).isEqualTo("seldon-mesh");
    }

    @Test
    void sourcesDefaultToTheKafkaCredentialLabel() {
        assertThat(DEFAULTS.sourceSelector().matches(Map.of("seldon.io/kafka-credential", "true"))).isTrue();
        assertThat(DEFAULTS.sourceNames()).isEmpty();
    }

    @Test
    void targetsDefaultToSeldonLogsAndRuntimeLabel() {
        assertThat(DEFAULTS.targetNamespaces()).containsExactly("seldon-logs");
        assertThat(DEFAULTS.targetSelector().matches(Map.of("seldon.io/runtime", "true"))).isTrue();
    }

    @Test
    void resyncDefaultsToOneMinute() {
        assertThat(DEFAULTS.resyncInterval()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void tokenScheduleDefaults() {
        RefreshSchedule schedule = DEFAULTS.refreshSchedule();
        assertThat(schedule.fraction()).isEqualTo(0.8);
        assertThat(schedule.jitter()).isEqualTo(0.1);
        assertThat(schedule.safetyMargin()).isEqualTo(Duration.ofSeconds(30));
        assertThat(schedule.retryInitial()).isEqualTo(Duration.ofSeconds(1));
        assertThat(schedule.retryMax()).isEqualTo(Duration.ofMinutes(1));
        assertThat(DEFAULTS.tokenRequestTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void everyVariableHasADefault() {
        assertThat(SyncSettings.DEFAULTS).containsOnlyKeys(SyncSettings.SOURCE_NAMESPACE, SyncSettings.SOURCE_SELECTOR,
                SyncSettings.SOURCE_NAMES, SyncSettings.TARGET_NAMESPACES, SyncSettings.TARGET_SELECTOR,
                SyncSettings.RESYNC_INTERVAL, SyncSettings.TOKEN_REFRESH_FRACTION, SyncSettings.TOKEN_REFRESH_JITTER,
                SyncSettings.TOKEN_SAFETY_MARGIN, SyncSettings.TOKEN_RETRY_INITIAL, SyncSettings.TOKEN_RETRY_MAX,
                SyncSettings.TOKEN_REQUEST_TIMEOUT);
    }

    @Test
    void namesAndDurationsAreRead() {
        SyncSettings settings = SyncSettings.from(Map.of(
                "SECRET_SYNC_SOURCE_NAMESPACE", "kafka-secrets",
                "SECRET_SYNC_SOURCE_NAMES", "kafka-sasl, kafka-oauth",
                "SECRET_SYNC_TARGET_NAMESPACES", "seldon-logs,team-a",
                "SECRET_SYNC_RESYNC_INTERVAL", "PT2M",
                "SECRET_SYNC_TOKEN_SAFETY_MARGIN", "500ms",
                "SECRET_SYNC_TOKEN_RETRY_MAX", "5m"));
        assertThat(settings.sourceNamespace()).isEqualTo("kafka-secrets");
        assertThat(settings.sourceNames()).containsExactlyInAnyOrder("kafka-sasl", "kafka-oauth");
        assertThat(settings.targetNamespaces()).containsExactlyInAnyOrder("seldon-logs", "team-a");
        assertThat(settings.resyncInterval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.refreshSchedule().safetyMargin()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.refreshSchedule().retryMax()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void bareNumberIsSeconds() {
        assertThat(SyncSettings.from(Map.of("SECRET_SYNC_RESYNC_INTERVAL", "15")).resyncInterval()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void invalidSourceNamespaceIsNamed() {
        assertThatThrownBy(() -> SyncSettings.from(Map.of("SECRET_SYNC_SOURCE_NAMESPACE", "Seldon_Mesh")))
                .hasMessageStartingWith("SECRET_SYNC_SOURCE_NAMESPACE='Seldon_Mesh' is not a namespace name");
    }

    @Test
    void nothingToReplicateIsAnError() {
        assertThatThrownBy(() -> SyncSettings.from(Map.of("SECRET_SYNC_SOURCE_SELECTOR", " ")))
                .hasMessageContaining("SECRET_SYNC_SOURCE_SELECTOR and SECRET_SYNC_SOURCE_NAMES are both empty");
    }

    @Test
    void nowhereToCopyIsAnError() {
        assertThatThrownBy(() -> SyncSettings.from(Map.of("SECRET_SYNC_TARGET_NAMESPACES", "", "SECRET_SYNC_TARGET_SELECTOR", "")))
                .hasMessageContaining("SECRET_SYNC_TARGET_NAMESPACES and SECRET_SYNC_TARGET_SELECTOR are both empty");
    }

    @Test
    void sourceNamespaceCannotBeATarget() {
        assertThatThrownBy(() -> SyncSettings.from(Map.of("SECRET_SYNC_TARGET_NAMESPACES", "seldon-logs,seldon-mesh")))
                .hasMessageContaining("contains the source namespace seldon-mesh");
    }

    @Test
    void badSourceNameIsNamed() {
        assertThatThrownBy(() -> SyncSettings.from(Map.of("SECRET_SYNC_SOURCE_NAMES", "ok,Not_OK")))
                .hasMessageStartingWith("SECRET_SYNC_SOURCE_NAMES='ok,Not_OK': 'Not_OK' is not a Secret name");
    }

    @Test
    void badDurationExplainsTheForms() {
        assertThatThrownBy(() -> SyncSettings.from(Map.of("SECRET_SYNC_RESYNC_INTERVAL", "soon")))
                .hasMessageStartingWith("SECRET_SYNC_RESYNC_INTERVAL='soon' is not a duration");
    }

    @Test
    void refreshFractionMustBeBetweenZeroAndOne() {
        assertThatThrownBy(() -> SyncSettings.from(Map.of("SECRET_SYNC_TOKEN_REFRESH_FRACTION", "1.2")))
                .hasMessageStartingWith("SECRET_SYNC_TOKEN_REFRESH_FRACTION='1.2' must be between 0 and 1");
    }

    @Test
    void jitterMustStayBelowTheFraction() {
        assertThatThrownBy(() -> SyncSettings.from(Map.of("SECRET_SYNC_TOKEN_REFRESH_JITTER", "0.9")))
                .hasMessageStartingWith("SECRET_SYNC_TOKEN_REFRESH_JITTER='0.9' must be at least 0 and below");
    }

    @Test
    void retryMaxBelowInitialIsAnError() {
        assertThatThrownBy(() -> SyncSettings.from(Map.of("SECRET_SYNC_TOKEN_RETRY_INITIAL", "10s",
                "SECRET_SYNC_TOKEN_RETRY_MAX", "5s")))
                .hasMessageStartingWith("SECRET_SYNC_TOKEN_RETRY_MAX='5s' is shorter than the minimum of 10000ms");
    }

    @Test
    void badTargetSelectorIsNamed() {
        assertThatThrownBy(() -> SyncSettings.from(Map.of("SECRET_SYNC_TARGET_SELECTOR", "a b")))
                .hasMessageStartingWith("SECRET_SYNC_TARGET_SELECTOR='a b' is not a label selector");
    }
}
