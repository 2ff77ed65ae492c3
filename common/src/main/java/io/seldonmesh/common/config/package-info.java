/**
 * Seldon Core 2's Kafka environment variables, read and validated in one place:
 * {@link io.seldonmesh.common.config.SeldonKafkaSettings#fromEnvironment(java.util.Map)}. A blank value counts as
 * unset; a wrong or missing one stops the service at start-up with one line naming the variable, the value seen and
 * what is expected.
 *
 * <table>
 * <caption>Variables</caption>
 * <tr><th>variable</th><th>default</th><th>meaning</th></tr>
 * <tr><td>KAFKA_BOOTSTRAP_SERVERS</td><td>required</td><td>comma-separated {@code host:port} list</td></tr>
 * <tr><td>SELDON_TOPIC_PREFIX</td><td>seldon</td><td>first part of every topic name; {@code ^[A-Za-z0-9._-]+$}</td></tr>
 * <tr><td>SELDON_NAMESPACE</td><td>default</td><td>second part of every topic name; a Kubernetes namespace name</td></tr>
 * <tr><td>SELDON_CONSUMER_GROUP_ID_PREFIX</td><td>none</td><td>{@code <prefix>-} before every consumer group id and
 *     Streams application id</td></tr>
 * <tr><td>KAFKA_TOPICS_REPLICATION_FACTOR</td><td>1</td><td>replication factor of created topics (1..32767)</td></tr>
 * <tr><td>KAFKA_TOPICS_NUM_PARTITIONS</td><td>1</td><td>partitions of created topics</td></tr>
 * <tr><td>KAFKA_TOPICS_QUOTA</td><td>0 (none)</td><td>most topics the Kafka service allows (Event Hubs Standard: 10);
 *     the doctor warns before the next Model or Pipeline would pass it</td></tr>
 * <tr><td>KAFKA_MESSAGE_MAX_BYTES</td><td>1000000000</td><td>largest record: producer {@code max.request.size},
 *     consumer {@code max.partition.fetch.bytes} and {@code fetch.max.bytes}</td></tr>
 * <tr><td>KAFKA_SECURITY_PROTOCOL</td><td>PLAINTEXT</td><td>PLAINTEXT, SSL, SASL_SSL or SASL_PLAINTEXT</td></tr>
 * <tr><td>KAFKA_SASL_MECHANISM</td><td>SCRAM-SHA-512</td><td>PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 or OAUTHBEARER; used
 *     with SASL_* only, checked always</td></tr>
 * <tr><td>KAFKA_CLIENT_SASL_USERNAME</td><td>seldon</td><td>PLAIN/SCRAM user</td></tr>
 * <tr><td>KAFKA_CLIENT_SASL_PASSWORD_LOCATION</td><td>required for PLAIN/SCRAM</td><td>file with the password, re-read
 *     at every authentication</td></tr>
 * <tr><td>KAFKA_CLIENT_TLS_KEY_LOCATION</td><td>none</td><td>client key, PEM (PKCS#8, PKCS#1 or SEC1, unencrypted);
 *     with the certificate it makes mutual TLS</td></tr>
 * <tr><td>KAFKA_CLIENT_TLS_CRT_LOCATION</td><td>none</td><td>client certificate, PEM</td></tr>
 * <tr><td>KAFKA_CLIENT_TLS_CA_LOCATION</td><td>none</td><td>chain that issued the client certificate, sent after
 *     it</td></tr>
 * <tr><td>KAFKA_BROKER_TLS_CA_LOCATION</td><td>JVM's CAs</td><td>CAs that verify the brokers, PEM</td></tr>
 * <tr><td>KAFKA_CLIENT_TLS_ENDPOINT_IDENTIFICATION_ALGORITHM</td><td>https</td><td>{@code https} checks the broker host
 *     name, {@code none} does not</td></tr>
 * <tr><td>KAFKA_CLIENT_OAUTH_SECRET_LOCATION</td><td>required for OAUTHBEARER</td><td>directory of the mounted Seldon
 *     OAuth secret (method, client_id, client_secret, token_endpoint_url, extensions, scope)</td></tr>
 * <tr><td>KAFKA_PREFER_IPV4</td><td>false</td><td>{@code true} sets {@code java.net.preferIPv4Stack}, see
 *     {@link io.seldonmesh.common.config.SeldonKafkaSettings#applyJvmNetworkSettings()}</td></tr>
 * <tr><td>kafka.&lt;property&gt;, kafka.{consumer,producer,admin,streams}.&lt;property&gt;,
 *     KAFKA_{CONSUMER,PRODUCER,ADMIN,STREAMS}_&lt;PROPERTY&gt;</td><td>none</td><td>Kafka client properties passed
 *     through, see {@link io.seldonmesh.common.config.ClientPassthrough}</td></tr>
 * </table>
 */
package io.seldonmesh.common.config;
