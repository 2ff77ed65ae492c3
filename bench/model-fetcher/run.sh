#!/usr/bin/env bash
# One run, four measures of the model-fetcher against a reference tool (rclone when installed, else the AWS CLI)
# on the same S3 server and model set, taking turns, each verified against the source:
#   (a) one process per download, start included: the packaged jar's `fetch <storageUri> <dest>` against
#       `rclone copy` (or `aws s3 sync`) into an empty directory;
#   (b) a fresh service's first download: a new fetcher JVM, started and its AWS SDK initialised as the service
#       does at start-up, then one timed download;
#   (c) a no-change re-sync from a fresh process: `fetch` again into the same <dest> against the tool again;
#   (d) warm: one fetcher JVM doing RUNS + 1 downloads; its first is left out.
#
#   bench/model-fetcher/run.sh                      RUNS=5 rounds; the issue's 708 MB set
#   LARGE_MIB=128 SHARDS=10 SMALL_FILES=100 bench/model-fetcher/run.sh     a smaller set
#   MANIFEST=1 bench/model-fetcher/run.sh           with a SHA256SUMS over every file: all verified by SHA-256
#   ONESHOT_JVM_OPTS="-XX:TieredStopAtLevel=1" bench/model-fetcher/run.sh   other options for the one-shot JVM
#                                                   (default: the image's FETCH_JAVA_OPTS; ONESHOT_JVM_OPTS= for none)
#   REFERENCE=aws bench/model-fetcher/run.sh        the AWS CLI even where rclone is installed
#   SKIP_BUILD=1 bench/model-fetcher/run.sh         reuse the last build's target/ and classpath
#
# Model set: one LARGE_MIB file (512), SHARDS x 8 MiB (20), SMALL_FILES x 16 KiB (200) of random bytes; uploaded
# by BenchS3Server: the large one as SSE-KMS multipart without checksum, the rest in turn SSE-KMS + SHA-256,
# SSE-KMS (default key, no checksum), SSE-S3 + CRC32C, plain + CRC32. Needs JDK 17 and Maven; rclone or the AWS
# CLI. Not part of `mvn verify`.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RUNS=${RUNS:-5}
RESYNCS=${RESYNCS:-5}
LARGE_MIB=${LARGE_MIB:-512}
SHARDS=${SHARDS:-20}
SMALL_FILES=${SMALL_FILES:-200}
FETCHER_JVM_OPTS=${FETCHER_JVM_OPTS:--Xmx256m}
# The one-shot JVM runs with the options the image's entry point gives `fetch` (FETCH_JAVA_OPTS in Dockerfile.jvm).
ONESHOT_JVM_OPTS=${ONESHOT_JVM_OPTS-$(sed -n 's/^ENV FETCH_JAVA_OPTS="\(.*\)"$/\1/p' "$ROOT/model-fetcher/src/main/docker/Dockerfile.jvm")}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/model-fetcher-bench.XXXXXX")
PIDS=()

cleanup() {
    exec 7>&- 8>&- 9<&- 2>/dev/null || true
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
# A CA bundle meant for HTTPS clients elsewhere on the machine breaks rclone's plain-HTTP client.
unset AWS_CA_BUNDLE

if [[ -z "${REFERENCE:-}" ]]; then
    if command -v rclone >/dev/null; then REFERENCE=rclone; else REFERENCE=aws; fi
fi
case "$REFERENCE" in
    rclone) command -v rclone >/dev/null || { echo "rclone is not installed (apt-get install -y rclone)" >&2; exit 1; } ;;
    aws) command -v aws >/dev/null || { echo "neither rclone nor the AWS CLI is installed" >&2; exit 1; } ;;
    *) echo "REFERENCE is rclone or aws, not $REFERENCE" >&2; exit 1 ;;
esac

now_ms() { date +%s%3N; }
# CPU time (user + system, all threads) a process has used so far, in milliseconds.
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{sub(/^.*\) /, ""); print int(($12 + $13) * 1000 / hz)}' "/proc/$1/stat"; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2fx", a / b}'; }
mbps() { awk -v b="$TOTAL_BYTES" -v ms="$1" 'BEGIN {printf "%.0f", b / 1e6 / (ms / 1000)}'; }

TARGET="$ROOT/model-fetcher/target"
if [[ "${SKIP_BUILD:-0}" == 1 && -f "$TARGET/bench-classpath.txt" ]]; then
    echo "== reusing the last build (SKIP_BUILD=1): $TARGET"
else
    echo "== building (model-fetcher packaged, its test classes and classpath)"
    (cd "$ROOT" && flock /tmp/maven.lock ./mvnw -B -o -q -pl model-fetcher -am package -DskipTests \
        dependency:build-classpath -Dmdep.outputFile="$TARGET/bench-classpath.txt" -Dmdep.includeScope=test)
fi
CP="$TARGET/test-classes:$TARGET/classes:$(cat "$TARGET/bench-classpath.txt")"
JAR="$TARGET/quarkus-app/quarkus-run.jar"

echo "== generating the model set"
mkdir -p "$WORK/data/weights" "$WORK/data/shards" "$WORK/data/small"
[[ "$LARGE_MIB" -gt 0 ]] && head -c "${LARGE_MIB}M" /dev/urandom > "$WORK/data/weights/model.bin"
for i in $(seq -w 1 "$SHARDS"); do head -c 8M /dev/urandom > "$WORK/data/shards/shard-$i.bin"; done
for i in $(seq -w 1 "$SMALL_FILES"); do head -c 16K /dev/urandom > "$WORK/data/small/file-$i.bin"; done
TOTAL_BYTES=$(find "$WORK/data" -type f -printf '%s\n' | awk '{s += $1} END {print s}')
FILES=$(find "$WORK/data" -type f | wc -l)
(cd "$WORK/data" && find . -type f -exec md5sum {} + | sort -k2) > "$WORK/source.md5"

echo "== starting the S3 server and uploading $FILES files ($TOTAL_BYTES bytes)"
mkfifo "$WORK/s3.in"
java -cp "$CP" io.seldonmesh.modelfetcher.bench.BenchS3Server "$WORK/data" "$([[ "${MANIFEST:-0}" == 1 ]] && echo manifest)" \
    <"$WORK/s3.in" >"$WORK/s3.out" 2>"$WORK/s3.log" &
PIDS+=($!)
exec 7>"$WORK/s3.in"
for _ in $(seq 1 600); do grep -q '^READY' "$WORK/s3.out" 2>/dev/null && break; sleep 1; done
grep -q '^READY' "$WORK/s3.out" || { echo "the S3 server did not start:" >&2; tail -30 "$WORK/s3.log" >&2; exit 1; }
ENDPOINT=$(awk '/^READY/ {print $2}' "$WORK/s3.out")
S3_SERVER_PID=$(awk '/^READY/ {print $4}' "$WORK/s3.out")
LAYOUT=$(awk '/^LAYOUT/ {printf "%s%s %s", sep, $3, $2; sep = ", "}' "$WORK/s3.out")
rm -rf "$WORK/data"
echo "   S3 at $ENDPOINT, s3://bench/model/: $LAYOUT (local copy of the data deleted)"

# The rclone remote a user writes in a Secret; the one-shot fetch and the fetcher JVMs read it, rclone reads the
# same settings from its environment. server_side_encryption tells rclone that KMS ETags are not MD5s.
cat > "$WORK/bench" <<EOF
type: s3
name: bench
parameters:
  provider: Other
  env_auth: false
  access_key_id: testkit
  secret_access_key: testkit-secret
  region: us-east-1
  endpoint: $ENDPOINT
  server_side_encryption: aws:kms
EOF
export RCLONE_CONFIG_BENCH_TYPE=s3 RCLONE_CONFIG_BENCH_PROVIDER=Other RCLONE_CONFIG_BENCH_ENV_AUTH=false \
    RCLONE_CONFIG_BENCH_ACCESS_KEY_ID=testkit RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY=testkit-secret \
    RCLONE_CONFIG_BENCH_REGION=us-east-1 RCLONE_CONFIG_BENCH_ENDPOINT="$ENDPOINT" \
    RCLONE_CONFIG_BENCH_SERVER_SIDE_ENCRYPTION=aws:kms
if [[ "$REFERENCE" == rclone ]]; then
    REFERENCE_COMMAND="rclone copy --config /dev/null bench:bench/model DEST"
    REFERENCE_NAME="rclone copy $(rclone version | head -1 | awk '{print $2}') (defaults)"
else
    REFERENCE_COMMAND="aws s3 sync --only-show-errors --endpoint-url $ENDPOINT s3://bench/model DEST"
    REFERENCE_NAME="aws s3 sync ($(aws --version 2>&1 | cut -d' ' -f1), defaults; rclone is not installed)"
fi
reference() { # destination -> REF_MS REF_CPU_MS REF_RSS_KB S3_CPU_MS
    local start end s3_cpu
    s3_cpu=$(cpu_ms "$S3_SERVER_PID")
    start=$(now_ms)
    # shellcheck disable=SC2086 # the command is words
    AWS_ACCESS_KEY_ID=testkit AWS_SECRET_ACCESS_KEY=testkit-secret AWS_DEFAULT_REGION=us-east-1 \
        /usr/bin/time -f "%M %U %S" -o "$WORK/ref.time" ${REFERENCE_COMMAND/DEST/$1} 2>>"$WORK/reference.log" \
        || { echo "the reference tool failed:" >&2; tail -20 "$WORK/reference.log" >&2; exit 1; }
    end=$(now_ms)
    REF_MS=$((end - start)); REF_RSS_KB=$(tail -1 "$WORK/ref.time" | cut -d' ' -f1)
    REF_CPU_MS=$(tail -1 "$WORK/ref.time" | awk '{print int(($2 + $3) * 1000)}')
    S3_CPU_MS=$(($(cpu_ms "$S3_SERVER_PID") - s3_cpu))
}

ONESHOT_COMMAND="java $ONESHOT_JVM_OPTS -jar $JAR fetch bench://bench/model DEST --secret $WORK/bench"
one_shot() { # destination -> SHOT_MS SHOT_CPU_MS SHOT_RSS_KB SHOT_FETCHED SHOT_LINE
    local start end
    start=$(now_ms)
    # shellcheck disable=SC2086 # the command is words
    /usr/bin/time -f "%M %U %S" -o "$WORK/shot.time" ${ONESHOT_COMMAND/DEST/$1} 2>"$WORK/shot.err" \
        || { echo "the one-shot fetch failed:" >&2; cat "$WORK/shot.err" >&2; exit 1; }
    end=$(now_ms)
    SHOT_MS=$((end - start)); SHOT_RSS_KB=$(tail -1 "$WORK/shot.time" | cut -d' ' -f1)
    SHOT_CPU_MS=$(tail -1 "$WORK/shot.time" | awk '{print int(($2 + $3) * 1000)}')
    SHOT_LINE=$(grep '^model-fetcher fetch:' "$WORK/shot.err" | tail -1)
    SHOT_FETCHED=$(sed -E 's/.*: ([0-9]+) files fetched.*/\1/' <<<"$SHOT_LINE")
}

start_service() { # -> SERVICE_PID SERVICE_START_MS (JVM start to READY: SDK initialised)
    local start ready=""
    rm -f "$WORK/fetch.in" "$WORK/fetch.out"; mkfifo "$WORK/fetch.in" "$WORK/fetch.out"
    start=$(now_ms)
    # shellcheck disable=SC2086 # the options are words
    java $FETCHER_JVM_OPTS -cp "$CP" io.seldonmesh.modelfetcher.bench.BenchFetch "$ENDPOINT" "$WORK/service" \
        <"$WORK/fetch.in" >"$WORK/fetch.out" 2>>"$WORK/fetcher.log" &
    SERVICE_PID=$!
    PIDS+=("$SERVICE_PID")
    exec 8>"$WORK/fetch.in" 9<"$WORK/fetch.out"
    while [[ "$ready" != "READY" ]] && read -r ready <&9; do :; done
    [[ "$ready" == "READY" ]] || { echo "the fetcher did not start" >&2; tail -30 "$WORK/fetcher.log" >&2; exit 1; }
    SERVICE_START_MS=$(($(now_ms) - start))
}
stop_service() { exec 8>&- 9<&-; wait "$SERVICE_PID" 2>/dev/null || true; }
service_fetch() { # model -> FETCH_MS FETCH_VERIFICATION FETCH_CPU_MS (into $WORK/service/<model>/1)
    local kind ms bytes downloaded unchanged vm verification fetch_cpu
    fetch_cpu=$(cpu_ms "$SERVICE_PID")
    echo "fetch $1 1" >&8
    read -r kind ms bytes downloaded unchanged vm verification <&9
    [[ "$kind" == "RESULT" ]] || { echo "the fetcher failed: $kind $ms $bytes $downloaded $unchanged $vm $verification" >&2; exit 1; }
    FETCH_MS=$ms; FETCH_VERIFICATION=$verification; FETCH_CPU_MS=$(($(cpu_ms "$SERVICE_PID") - fetch_cpu))
}
same_as_source() { # directory what
    (cd "$1" && find . -type f ! -name .model-fetcher.json ! -name SHA256SUMS -exec md5sum {} + | sort -k2) \
        | diff -q - "$WORK/source.md5" >/dev/null || { echo "   the $2 copy differs from the source" >&2; exit 1; }
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== (a) one process per download and (b) a fresh service's first download: $RUNS rounds (load average $LOAD_BEFORE)"
REF_A=(); SHOT=(); SHOT_CPU=(); REF_CPU=(); FIRST=(); SERVICE_START=()
for run in $(seq 1 "$RUNS"); do
    rm -rf "$WORK/ref" "$WORK/shot" "$WORK/service"; sync
    reference "$WORK/ref"; REF_A+=("$REF_MS"); REF_CPU+=("$REF_CPU_MS")
    same_as_source "$WORK/ref" reference
    sync
    one_shot "$WORK/shot"; SHOT+=("$SHOT_MS"); SHOT_CPU+=("$SHOT_CPU_MS")
    same_as_source "$WORK/shot/model/1" one-shot
    sync
    start_service; service_fetch model; stop_service; FIRST+=("$FETCH_MS"); SERVICE_START+=("$SERVICE_START_MS")
    same_as_source "$WORK/service/model/1" service
    printf '   round %d: %s %5d ms (CPU %5d ms)   one-shot fetch %5d ms (CPU %5d ms, RSS %d MiB)   fresh service: started in %5d ms, first download %5d ms\n' \
        "$run" "$REFERENCE" "$REF_MS" "$REF_CPU_MS" "$SHOT_MS" "$SHOT_CPU_MS" "$((SHOT_RSS_KB / 1024))" "$SERVICE_START_MS" "$FETCH_MS"
done
echo "   one-shot: $SHOT_LINE"

echo "== (c) no-change re-sync from a fresh process, $RESYNCS times each"
REF_C=(); RESYNC=()
for _ in $(seq 1 "$RESYNCS"); do
    reference "$WORK/ref"; REF_C+=("$REF_MS")
    one_shot "$WORK/shot"; RESYNC+=("$SHOT_MS")
    [[ "$SHOT_FETCHED" == 0 ]] || { echo "a re-sync fetched $SHOT_FETCHED files: $SHOT_LINE" >&2; exit 1; }
done
echo "   re-sync $REFERENCE ${REF_C[*]} ms; one-shot fetch ${RESYNC[*]} ms"

echo "== (d) warm: one fetcher JVM, $((RUNS + 1)) downloads (the first left out), taking turns with $REFERENCE"
REF_D=(); WARM=(); WARM_CPU=()
rm -rf "$WORK/service"; start_service
for run in $(seq 0 "$RUNS"); do
    rm -rf "$WORK/ref"; [[ $run -gt 0 ]] && rm -rf "$WORK/service/run$((run - 1))"
    sync
    reference "$WORK/ref"
    sync
    service_fetch "run$run"
    if [[ $run -gt 0 ]]; then REF_D+=("$REF_MS"); WARM+=("$FETCH_MS"); WARM_CPU+=("$FETCH_CPU_MS"); fi
done
same_as_source "$WORK/service/run$RUNS/1" warm
stop_service
echo "   $REFERENCE ${REF_D[*]} ms; warm fetcher ${WARM[*]} ms"

target() { # ratio-as-"1.23x" op bound -> "met"/"not met"
    awk -v r="${1%x}" -v op="$2" -v b="$3" 'BEGIN {m = (op == ">=") ? r >= b : r <= b; print (m ? "met" : "NOT met")}'
}
REF_A_MED=$(median "${REF_A[@]}"); SHOT_MED=$(median "${SHOT[@]}"); FIRST_MED=$(median "${FIRST[@]}")
REF_C_MED=$(median "${REF_C[@]}"); RESYNC_MED=$(median "${RESYNC[@]}")
REF_D_MED=$(median "${REF_D[@]}"); WARM_MED=$(median "${WARM[@]}")
A=$(ratio "$REF_A_MED" "$SHOT_MED"); B=$(ratio "$REF_A_MED" "$FIRST_MED")
C=$(ratio "$RESYNC_MED" "$REF_C_MED"); D=$(ratio "$REF_D_MED" "$WARM_MED")
echo
echo "== result: $FILES files, $TOTAL_BYTES bytes ($LAYOUT), S3Mock on loopback, $(nproc) CPUs, load average $LOAD_BEFORE before, $(cut -d' ' -f1-3 /proc/loadavg) after"
echo "   reference: $REFERENCE_NAME: ${REFERENCE_COMMAND}"
echo "   one-shot:  ${ONESHOT_COMMAND}"
printf '   (a) one process per download: %s median %d ms (%s MB/s, CPU %d ms); one-shot fetch median %d ms (%s MB/s, CPU %d ms): %s (target >= 0.8x: %s)\n' \
    "$REFERENCE" "$REF_A_MED" "$(mbps "$REF_A_MED")" "$(median "${REF_CPU[@]}")" "$SHOT_MED" "$(mbps "$SHOT_MED")" \
    "$(median "${SHOT_CPU[@]}")" "$A" "$(target "$A" '>=' 0.8)"
printf '   (b) fresh service, first download: median %d ms (%s MB/s; the service started in %d ms, not counted): %s (target >= 1.2x: %s)\n' \
    "$FIRST_MED" "$(mbps "$FIRST_MED")" "$(median "${SERVICE_START[@]}")" "$B" "$(target "$B" '>=' 1.2)"
printf '   (c) no-change re-sync from a fresh process: %s median %d ms; one-shot fetch median %d ms: %s of its time (target <= 1.5x: %s)\n' \
    "$REFERENCE" "$REF_C_MED" "$RESYNC_MED" "$C" "$(target "$C" '<=' 1.5)"
printf '   (d) warm: %s median %d ms; fetcher median %d ms (%s MB/s, CPU %d ms): %s (target >= 1.5x: %s)\n' \
    "$REFERENCE" "$REF_D_MED" "$WARM_MED" "$(mbps "$WARM_MED")" "$(median "${WARM_CPU[@]}")" "$D" "$(target "$D" '>=' 1.5)"
echo "   ratios are the reference's median time over the fetcher's, except (c): the fetcher's over the reference's"
echo "   fetcher verification: $FETCH_VERIFICATION"
