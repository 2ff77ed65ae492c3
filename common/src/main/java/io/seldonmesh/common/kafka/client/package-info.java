/**
 * Kafka clients for every service, built from {@link io.seldonmesh.common.config.SeldonKafkaSettings}.
 *
 * <ul>
 * <li>{@link io.seldonmesh.common.kafka.client.KafkaClientFactory}: the one way to create producers, consumers and
 *     admin clients (and Kafka Streams properties).</li>
 * <li>{@link io.seldonmesh.common.kafka.client.KafkaClientProperties}: how each security protocol maps to Kafka
 *     properties, one method per protocol and mechanism.</li>
 * <li>Credentials reloaded without a restart, each read from its mounted file when a new connection (or token
 *     fetch) needs it, so established connections and the records on them are never disturbed:
 *     {@link io.seldonmesh.common.kafka.client.ReloadingPemSslEngineFactory} (mTLS and broker CAs),
 *     {@link io.seldonmesh.common.kafka.client.PasswordFileCallbackHandler} (SASL PLAIN and SCRAM),
 *     {@link io.seldonmesh.common.kafka.client.OAuthSecretJwtRetriever} (OAUTHBEARER client credentials). Each logs
 *     one line when it picks up new material, never the material itself.</li>
 * <li>{@link io.seldonmesh.common.kafka.client.RecreatingProducer}: a producer made while the credential was wrong
 *     never sends (Kafka's idempotent producer fails for good when its first login fails); this one is replaced, so a
 *     credential fixed after start-up is enough.</li>
 * <li>{@link io.seldonmesh.common.kafka.client.KafkaErrorExplainer}: authorization and authentication failures as
 *     one actionable line.</li>
 * </ul>
 */
package io.seldonmesh.common.kafka.client;
