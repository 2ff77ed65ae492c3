package io.seldonmesh.secretsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seldonmesh.runtime.StandaloneConfig;
import io.seldonmesh.secretsync.core.RefreshSchedule;
import io.seldonmesh.secretsync.core.SyncSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * secret-sync's settings as application.properties maps its environment variables, defaults included, and the checks
 * that make a wrong value one line naming the variable.
 */
class SecretSyncConfigTest {

    private static SecretSyncConfig config(Map<String, String> environment) {
        return StandaloneConfig.mapping(SecretSyncConfig.class, environment);
    }

    private static SyncSettings settings(Map<String, String> environment) {
        return SyncSettings.from(config(environment));
    }

    @Test
    void everySettingHasItsDefaultInOnePlace() {
        SecretSyncConfig defaults = config(Map.of());

        assertThat(defaults.sourceNamespace()).contains("seldon-mesh");
        assertThat(defaults.sourceSelector()).contains("seldon.io/kafka-credential=true");
        assertThat(defaults.sourceNames()).isEmpty();
        assertThat(defaults.targetNamespaces()).contains("seldon-logs");
        assertThat(defaults.targetSelector()).contains("seldon.io/runtime=true");
        assertThat(defaults.resyncInterval()).contains("60s");
        assertThat(defaults.tokenRefreshFraction()).contains("0.8");
        assertThat(defaults.tokenRefreshJitter()).contains("0.1");
        assertThat(defaults.tokenSafetyMargin()).contains("30s");
        assertThat(defaults.tokenRetryInitial()).contains("1s");
        assertThat(defaults.tokenRetryMax()).contains("60s");
        assertThat(defaults.tokenRequestTimeout()).contains("10s");
        assertThat(defaults.instance()).isEqualTo("secret-sync");
    }

    @Test
    void defaultsReplicateLabelledSourcesIntoSeldonLogsAndRuntimeNamespaces() {
        SyncSettings defaults = settings(Map.of());

        assertThat(defaults.sourceNamespace()).isEqualTo("seldon-mesh");
        assertThat(defaults.sourceSelector().matches(Map.of("seldon.io/kafka-credential", "true"))).isTrue();
        assertThat(defaults.sourceNames()).isEmpty();
        assertThat(defaults.targetNamespaces()).containsExactly("seldon-logs");
        assertThat(defaults.targetSelector().matches(Map.of("seldon.io/runtime", "true"))).isTrue();
        assertThat(defaults.resyncInterval()).isEqualTo(Duration.ofMinutes(1));
        RefreshSchedule schedule = defaults.refreshSchedule();
        assertThat(schedule.fraction()).isEqualTo(0.8);
        assertThat(schedule.jitter()).isEqualTo(0.1);
        assertThat(schedule.safetyMargin()).isEqualTo(Duration.ofSeconds(30));
        assertThat(schedule.retryInitial()).isEqualTo(Duration.ofSeconds(1));
        assertThat(schedule.retryMax()).isEqualTo(Duration.ofMinutes(1));
        assertThat(defaults.tokenRequestTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void everySettingIsReadFromItsVariable() {
        Map<String, String> environment = Map.ofEntries(Map.entry("SECRET_SYNC_SOURCE_NAMESPACE", "kafka-secrets"),
                Map.entry("SECRET_SYNC_SOURCE_SELECTOR", "team in (a,b)"),
                Map.entry("SECRET_SYNC_SOURCE_NAMES", "kafka-sasl, kafka-oauth"),
                Map.entry("SECRET_SYNC_TARGET_NAMESPACES", "seldon-logs,team-a"),
                Map.entry("SECRET_SYNC_TARGET_SELECTOR", "!legacy"), Map.entry("SECRET_SYNC_RESYNC_INTERVAL", "PT2M"),
                Map.entry("SECRET_SYNC_TOKEN_REFRESH_FRACTION", "0.7"),
                Map.entry("SECRET_SYNC_TOKEN_REFRESH_JITTER", "0.05"),
                Map.entry("SECRET_SYNC_TOKEN_SAFETY_MARGIN", "500ms"), Map.entry("SECRET_SYNC_TOKEN_RETRY_INITIAL", "2s"),
                Map.entry("SECRET_SYNC_TOKEN_RETRY_MAX", "5m"), Map.entry("SECRET_SYNC_TOKEN_REQUEST_TIMEOUT", "3s"),
                Map.entry("HOSTNAME", "secret-sync-7d9f"));

        assertThat(config(environment).instance()).isEqualTo("secret-sync-7d9f");
        SyncSettings set = settings(environment);
        assertThat(set.sourceNamespace()).isEqualTo("kafka-secrets");
        assertThat(set.sourceSelector().matches(Map.of("team", "b"))).isTrue();
        assertThat(set.sourceSelector().matches(Map.of("seldon.io/kafka-credential", "true"))).isFalse();
        assertThat(set.sourceNames()).containsExactlyInAnyOrder("kafka-sasl", "kafka-oauth");
        assertThat(set.targetNamespaces()).containsExactlyInAnyOrder("seldon-logs", "team-a");
        assertThat(set.targetSelector().matches(Map.of("seldon.io/runtime", "true"))).isTrue();
        assertThat(set.targetSelector().matches(Map.of("legacy", "yes"))).isFalse();
        assertThat(set.resyncInterval()).isEqualTo(Duration.ofMinutes(2));
        RefreshSchedule schedule = set.refreshSchedule();
        assertThat(schedule.fraction()).isEqualTo(0.7);
        assertThat(schedule.jitter()).isEqualTo(0.05);
        assertThat(schedule.safetyMargin()).isEqualTo(Duration.ofMillis(500));
        assertThat(schedule.retryInitial()).isEqualTo(Duration.ofSeconds(2));
        assertThat(schedule.retryMax()).isEqualTo(Duration.ofMinutes(5));
        assertThat(set.tokenRequestTimeout()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void variableSetEmptyTurnsTheSelectorOffInsteadOfFallingBackToTheDefault() {
        SyncSettings byName = settings(Map.of("SECRET_SYNC_SOURCE_SELECTOR", "", "SECRET_SYNC_SOURCE_NAMES", "a,b"));

        assertThat(byName.sourceSelector().selectsNothing()).isTrue();
        assertThat(byName.sourceNames()).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void bareNumberIsSeconds() {
        assertThat(settings(Map.of("SECRET_SYNC_RESYNC_INTERVAL", "15")).resyncInterval())
                .isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void invalidSourceNamespaceIsNamed() {
        assertThatThrownBy(() -> settings(Map.of("SECRET_SYNC_SOURCE_NAMESPACE", "Seldon_Mesh")))
                .hasMessageStartingWith("SECRET_SYNC_SOURCE_NAMESPACE='Seldon_Mesh' is not a namespace name");
    }

    @Test
    void emptySourceNamespaceIsNamed() {
        assertThatThrownBy(() -> settings(Map.of("SECRET_SYNC_SOURCE_NAMESPACE", "")))
                .hasMessageStartingWith("SECRET_SYNC_SOURCE_NAMESPACE='' is not a namespace name");
    }

    @Test
    void nothingToReplicateIsAnError() {
        assertThatThrownBy(() -> settings(Map.of("SECRET_SYNC_SOURCE_SELECTOR", " ")))
                .hasMessageContaining("SECRET_SYNC_SOURCE_SELECTOR and SECRET_SYNC_SOURCE_NAMES are both empty");
    }

    @Test
    void nowhereToCopyIsAnError() {
        assertThatThrownBy(() -> settings(Map.of("SECRET_SYNC_TARGET_NAMESPACES", "", "SECRET_SYNC_TARGET_SELECTOR", "")))
                .hasMessageContaining("SECRET_SYNC_TARGET_NAMESPACES and SECRET_SYNC_TARGET_SELECTOR are both empty");
    }

    @Test
    void sourceNamespaceCannotBeATarget() {
        assertThatThrownBy(() -> settings(Map.of("SECRET_SYNC_TARGET_NAMESPACES", "seldon-logs,seldon-mesh")))
                .hasMessageContaining("contains the source namespace seldon-mesh");
    }

    @Test
    void badSourceNameIsNamed() {
        assertThatThrownBy(() -> settings(Map.of("SECRET_SYNC_SOURCE_NAMES", "ok,Not_OK")))
                .hasMessageStartingWith("SECRET_SYNC_SOURCE_NAMES='ok,Not_OK': 'Not_OK' is not a Secret name");
    }

    @Test
    void badDurationExplainsTheForms() {
        assertThatThrownBy(() -> settings(Map.of("SECRET_SYNC_RESYNC_INTERVAL", "soon")))
                .hasMessageStartingWith("SECRET_SYNC_RESYNC_INTERVAL='soon' is not a duration");
    }

    @Test
    void refreshFractionMustBeBetweenZeroAndOne() {
        assertThatThrownBy(() -> settings(Map.of("SECRET_SYNC_TOKEN_REFRESH_FRACTION", "1.2")))
                .hasMessageStartingWith("SECRET_SYNC_TOKEN_REFRESH_FRACTION='1.2' must be between 0 and 1");
    }

    @Test
    void jitterMustStayBelowTheFraction() {
        assertThatThrownBy(() -> settings(Map.of("SECRET_SYNC_TOKEN_REFRESH_JITTER", "0.9")))
                .hasMessageStartingWith("SECRET_SYNC_TOKEN_REFRESH_JITTER='0.9' must be at least 0 and below");
    }

    @Test
    void retryMaxBelowInitialIsAnError() {
        assertThatThrownBy(() -> settings(Map.of("SECRET_SYNC_TOKEN_RETRY_INITIAL", "10s",
                "SECRET_SYNC_TOKEN_RETRY_MAX", "5s")))
                .hasMessageStartingWith("SECRET_SYNC_TOKEN_RETRY_MAX='5s' is shorter than the minimum of 10000ms");
    }

    @Test
    void badTargetSelectorIsNamed() {
        assertThatThrownBy(() -> settings(Map.of("SECRET_SYNC_TARGET_SELECTOR", "a b")))
                .hasMessageStartingWith("SECRET_SYNC_TARGET_SELECTOR='a b' is not a label selector");
    }
}
