#!/bin/bash
# The compose stack's one-shot demo init (service demo-init), the same demo as ./run-local's:
#   1. uploads the iris ONNX model to s3://models/iris with SSE-KMS (bare key id, as S3 expects) and an
#      x-amz-checksum-sha256 (model-fetcher verifies it; a KMS ETag is no MD5), and Seldon's sample
#      artifact triton/simple (a model-settings.json naming model-server's built-in sum-and-diff);
#   2. declares Model iris, the sample Models tfsimple1/tfsimple2 and the sample Pipeline tfsimples through
#      pipeline-gateway's control API (PUT /v1/models/<name>, PUT /v1/pipelines/<name>);
#   3. waits until the models are Available and the pipeline Ready (DEMO_READY_TIMEOUT, default 180 s);
#   4. seeds the Kubernetes API stand-in (kube-api) as ./run-local does: namespaces seldon-mesh, seldon-logs and
#      team-a (labelled seldon.io/runtime=true), and Seldon's OAuth Secret seldon-mesh/kafka-oauth (labelled
#      seldon.io/kafka-credential=true, pointing at the stack's OAuth server); then waits for secret-sync's token
#      Secret and its copies in seldon-logs and team-a.
# The storage secrets model-fetcher reads (local-s3, seldon-samples) are files under compose/demo/secrets.
set -euo pipefail
s3=${S3_ENDPOINT:-http://s3:9090}
bucket=${S3_BUCKET:-models}
key_id=${S3_KMS_KEY_ID:?S3_KMS_KEY_ID is required}
gateway=${PIPELINE_GATEWAY_URL:-http://pipeline-gateway:9010}
timeout=${DEMO_READY_TIMEOUT:-180}
kube=${KUBE_API_URL:-http://kube-api:6443}
token_url=${OAUTH_TOKEN_URL:-http://oauth:8080/testkit/token}

fail() { echo "demo-init: $*" >&2; exit 1; }
sha256_base64() { printf "$(sha256sum "$1" | cut -c1-64 | sed 's/../\\x&/g')" | base64; }
md5_base64() { printf "$(md5sum "$1" | cut -c1-32 | sed 's/../\\x&/g')" | base64; }
put_object() {  # put_object <file> <key> [kms]
  local headers=(-H "x-amz-checksum-sha256: $(sha256_base64 "$1")" -H "x-amz-meta-md5chksum: $(md5_base64 "$1")")
  if [ "${3:-}" = kms ]; then
    headers+=(-H "x-amz-server-side-encryption: aws:kms" -H "x-amz-server-side-encryption-aws-kms-key-id: $key_id")
  fi
  curl -fsS --max-time 30 -X PUT "${headers[@]}" -H 'Content-Type: application/octet-stream' --data-binary "@$1" \
    -o /dev/null "$s3/$bucket/$2" || fail "upload of s3://$bucket/$2 to $s3 failed"
  echo "  uploaded s3://$bucket/$2 ($(stat -c %s "$1") bytes${3:+, SSE-KMS key $key_id})"
}
declare_resource() {  # declare_resource <models|pipelines> <name>
  curl -fsS --max-time 30 -X PUT -H 'Content-Type: application/yaml' --data-binary "@/demo/resources/$2.yaml" \
    -o /dev/null "$gateway/v1/$1/$2" || fail "PUT $gateway/v1/$1/$2 failed"
  echo "  declared $1/$2 (PUT /v1/$1/$2)"
}
await() {  # await <path> <pattern> <failure pattern>
  local deadline=$((SECONDS + timeout)) body=""
  while [ $SECONDS -lt $deadline ]; do
    body=$(curl -fsS --max-time 10 "$gateway$1" 2>/dev/null || true)
    if grep -q "$3" <<<"$body"; then fail "$1 failed: $body"; fi
    if grep -q "$2" <<<"$body"; then local status=${body#*\"status\":}; echo "  $1 status: ${status:0:400}"; return 0; fi
    sleep 1
  done
  fail "$1 not ready within $timeout s; last answer: $body"
}

echo "Demo init: S3 $s3 (bucket $bucket), pipeline-gateway $gateway"
put_object /demo-model/model.onnx iris/model.onnx kms
tmp=$(mktemp -d)
printf '{"implementation":"sum-and-diff"}' >"$tmp/model-settings.json"
put_object "$tmp/model-settings.json" seldon-samples/triton/simple/model-settings.json
declare_resource models iris
declare_resource models tfsimple1
declare_resource models tfsimple2
declare_resource pipelines tfsimples
await /v1/models/iris '"state":"Available"' '"LoadFailed"'
await /v1/models/tfsimple1 '"state":"Available"' '"LoadFailed"'
await /v1/models/tfsimple2 '"state":"Available"' '"LoadFailed"'
await /v1/pipelines/tfsimples '"status":{"ready":true' '"state":"Failed"'
create() {  # create <api path> <json>: 201, or 409 when it is already there (a second run)
  local code
  code=$(curl -sS --max-time 10 -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' -d "$2" "$kube$1") \
    || fail "POST $kube$1 failed"
  case $code in 200|201|409) ;; *) fail "POST $kube$1 answered $code" ;; esac
}
b64() { printf '%s' "$1" | base64 -w0; }
echo "Kafka credentials for secret-sync (Kubernetes API stand-in $kube, OAuth token endpoint $token_url)"
create /api/v1/namespaces '{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"seldon-mesh"}}'
create /api/v1/namespaces '{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"seldon-logs"}}'
create /api/v1/namespaces '{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team-a","labels":{"seldon.io/runtime":"true"}}}'
# data, not stringData: converting stringData is the real API server's job, which the stand-in does not do
create /api/v1/namespaces/seldon-mesh/secrets "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"type\":\"Opaque\",
  \"metadata\":{\"name\":\"kafka-oauth\",\"namespace\":\"seldon-mesh\",\"labels\":{\"seldon.io/kafka-credential\":\"true\"}},
  \"data\":{\"method\":\"$(b64 OIDC)\",\"client_id\":\"$(b64 kafka-client)\",\"client_secret\":\"$(b64 kafka-client-secret)\",
  \"token_endpoint_url\":\"$(b64 "$token_url")\",\"extensions\":\"\",\"scope\":\"$(b64 kafka)\"}}"
echo "  created namespaces seldon-mesh, seldon-logs, team-a (seldon.io/runtime=true) and Secret seldon-mesh/kafka-oauth"
deadline=$((SECONDS + timeout))
for secret in seldon-mesh/kafka-oauth-token seldon-logs/kafka-oauth seldon-logs/kafka-oauth-token team-a/kafka-oauth team-a/kafka-oauth-token; do
  until curl -fsS --max-time 10 -o /dev/null "$kube/api/v1/namespaces/${secret%/*}/secrets/${secret#*/}" 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || fail "secret-sync made no Secret $secret within $timeout s"
    sleep 1
  done
done
echo "  secret-sync: token Secret seldon-mesh/kafka-oauth-token and copies in seldon-logs, team-a are there"
echo "Demo init: done"
