#!/usr/bin/env bash
# Download the same model set from the same S3 server with `rclone copy` (default settings) and with
# the model-fetcher, both verifying, and print MB/s of each, the ratio, and the fetcher's no-change
# re-sync time as a share of its full download.
#
#   bench/model-fetcher/run.sh            (from anywhere; RUNS=5 by default)
#   CHECKSUM=SHA256 bench/model-fetcher/run.sh   (upload with another S3 checksum than the SDK's CRC32)
#   FETCHER_WARMUP=20 bench/model-fetcher/run.sh  (the fetcher JVM first does 20 untimed downloads: a
#                                                  service that has run a while; said in the result)
#
# Model set: one 512 MiB file, 20 x 8 MiB, 200 x 16 KiB of random bytes, generated into a temporary
# directory, uploaded with the AWS SDK's defaults (PutObject, CRC32 checksum, no encryption: rclone
# checks single-part ETags as MD5, and fails on SSE-KMS objects), then deleted. The S3 server is
# testkit's S3Mock on 127.0.0.1. The two tools take turns, each run into a fresh directory, with
# `sync` before every timed run so neither pays for the other's write-back. The fetcher is one
# long-running JVM, as the service is (JVM options in FETCHER_JVM_OPTS, default -Xmx256m); its
# first run includes most of the JIT warm-up and is shown apart.
# Needs JDK 17, Maven and rclone (apt-get install -y rclone).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RUNS=${RUNS:-5}
RESYNCS=${RESYNCS:-5}
FETCHER_JVM_OPTS=${FETCHER_JVM_OPTS:--Xmx256m}
FETCHER_WARMUP=${FETCHER_WARMUP:-0}
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

command -v rclone >/dev/null || { echo "rclone is not installed: apt-get install -y rclone" >&2; exit 1; }
now_ms() { date +%s%3N; }
# CPU time (user + system, all threads) a process has used so far, in milliseconds.
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{sub(/^.*\) /, ""); print int(($12 + $13) * 1000 / hz)}' "/proc/$1/stat"; }

echo "== building (model-fetcher test classes and classpath)"
(cd "$ROOT" && mvn -B -q -pl model-fetcher test-compile dependency:build-classpath \
    -Dmdep.outputFile="$WORK/classpath.txt" -Dmdep.includeScope=test)
CP="$ROOT/model-fetcher/target/test-classes:$ROOT/model-fetcher/target/classes:$(cat "$WORK/classpath.txt")"

echo "== generating the model set"
mkdir -p "$WORK/data/weights" "$WORK/data/shards" "$WORK/data/small"
head -c 512M /dev/urandom > "$WORK/data/weights/model.bin"
for i in $(seq -w 1 20); do head -c 8M /dev/urandom > "$WORK/data/shards/shard-$i.bin"; done
for i in $(seq -w 1 200); do head -c 16K /dev/urandom > "$WORK/data/small/file-$i.bin"; done
TOTAL_BYTES=$(find "$WORK/data" -type f -printf '%s\n' | awk '{s += $1} END {print s}')
FILES=$(find "$WORK/data" -type f | wc -l)
(cd "$WORK/data" && find . -type f -exec md5sum {} + | sort -k2) > "$WORK/source.md5"

echo "== starting the S3 server and uploading $FILES files ($TOTAL_BYTES bytes)"
mkfifo "$WORK/s3.in" "$WORK/fetch.in" "$WORK/fetch.out"
java -cp "$CP" io.seldonmesh.modelfetcher.bench.BenchS3Server "$WORK/data" "${CHECKSUM:-}" <"$WORK/s3.in" >"$WORK/s3.out" 2>"$WORK/s3.log" &
PIDS+=($!)
exec 7>"$WORK/s3.in"
for _ in $(seq 1 300); do grep -q '^READY' "$WORK/s3.out" 2>/dev/null && break; sleep 1; done
grep -q '^READY' "$WORK/s3.out" || { echo "the S3 server did not start:" >&2; tail -30 "$WORK/s3.log" >&2; exit 1; }
ENDPOINT=$(awk '/^READY/ {print $2}' "$WORK/s3.out")
S3_SERVER_PID=$(awk '/^READY/ {print $4}' "$WORK/s3.out")
rm -rf "$WORK/data"
echo "   S3 at $ENDPOINT, bucket bench, prefix model/ (local copy of the data deleted)"

echo "== starting the fetcher (JVM up and AWS SDK initialised before the first download, as in the service)"
# shellcheck disable=SC2086 # the options are words
java $FETCHER_JVM_OPTS -cp "$CP" io.seldonmesh.modelfetcher.bench.BenchFetch "$ENDPOINT" "$WORK/fetcher" \
    <"$WORK/fetch.in" >"$WORK/fetch.out" 2>"$WORK/fetcher.log" &
FETCH_PID=$!
PIDS+=("$FETCH_PID")
exec 8>"$WORK/fetch.in" 9<"$WORK/fetch.out"
# The JVM may print a line of its own first (with a compiler-directives file: "1 compiler directives added").
ready=""
while [[ "$ready" != "READY" ]] && read -r ready <&9; do :; done
[[ "$ready" == "READY" ]] || { echo "the fetcher did not start" >&2; tail -30 "$WORK/fetcher.log" >&2; exit 1; }

fetch() { # model version -> FETCH_MS FETCH_FILES FETCH_VM_MS FETCH_VERIFICATION FETCH_CPU_MS S3_CPU_MS
    local kind ms bytes downloaded unchanged vm verification fetch_cpu s3_cpu
    fetch_cpu=$(cpu_ms "$FETCH_PID"); s3_cpu=$(cpu_ms "$S3_SERVER_PID")
    echo "fetch $1 $2" >&8
    read -r kind ms bytes downloaded unchanged vm verification <&9
    [[ "$kind" == "RESULT" ]] || { echo "the fetcher failed: $kind $ms $bytes $downloaded $unchanged $vm $verification" >&2; exit 1; }
    FETCH_MS=$ms; FETCH_FILES=$downloaded; FETCH_VM_MS=$vm; FETCH_VERIFICATION=$verification
    FETCH_CPU_MS=$(($(cpu_ms "$FETCH_PID") - fetch_cpu)); S3_CPU_MS=$(($(cpu_ms "$S3_SERVER_PID") - s3_cpu))
}

export RCLONE_CONFIG_BENCH_TYPE=s3 RCLONE_CONFIG_BENCH_PROVIDER=Other RCLONE_CONFIG_BENCH_ENV_AUTH=false \
    RCLONE_CONFIG_BENCH_ACCESS_KEY_ID=testkit RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY=testkit-secret \
    RCLONE_CONFIG_BENCH_REGION=us-east-1 RCLONE_CONFIG_BENCH_ENDPOINT="$ENDPOINT"
rclone_copy() { # destination -> RCLONE_MS RCLONE_RSS_KB RCLONE_CPU_MS S3_CPU_MS
    local start end s3_cpu
    s3_cpu=$(cpu_ms "$S3_SERVER_PID")
    start=$(now_ms)
    /usr/bin/time -f "%M %U %S" -o "$WORK/rclone.time" rclone copy --config /dev/null bench:bench/model "$1" 2>>"$WORK/rclone.log"
    end=$(now_ms)
    RCLONE_MS=$((end - start)); RCLONE_RSS_KB=$(tail -1 "$WORK/rclone.time" | cut -d' ' -f1)
    RCLONE_CPU_MS=$(tail -1 "$WORK/rclone.time" | awk '{print int(($2 + $3) * 1000)}')
    S3_CPU_MS=$(($(cpu_ms "$S3_SERVER_PID") - s3_cpu))
}
mbps() { awk -v b="$TOTAL_BYTES" -v ms="$1" 'BEGIN {printf "%.0f", b / 1e6 / (ms / 1000)}'; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2fx", a / b}'; }

FETCHER_STATE="JVM just started"
if [[ "$FETCHER_WARMUP" -gt 0 ]]; then
    echo "== fetcher warm-up: $FETCHER_WARMUP untimed downloads in its JVM (FETCHER_WARMUP; rclone has no JIT to warm)"
    for i in $(seq 1 "$FETCHER_WARMUP"); do
        fetch "warmup$i" 1
        rm -rf "$WORK/fetcher/warmup$i"
    done
    FETCHER_STATE="after $FETCHER_WARMUP untimed warm-up downloads"
fi

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== $RUNS runs each, taking turns (load average $LOAD_BEFORE)"
RCLONE_RUNS=(); FETCH_RUNS=(); RCLONE_CPU=(); FETCH_CPU=(); RCLONE_S3_CPU=(); FETCH_S3_CPU=()
for run in $(seq 1 "$RUNS"); do
    rm -rf "$WORK/rclone"; sync
    rclone_copy "$WORK/rclone"
    RCLONE_RUNS+=("$RCLONE_MS"); RCLONE_CPU+=("$RCLONE_CPU_MS"); RCLONE_S3_CPU+=("$S3_CPU_MS")
    [[ $run -gt 1 ]] && rm -rf "$WORK/fetcher/run$((run - 1))"
    sync
    fetch "run$run" 1
    FETCH_RUNS+=("$FETCH_MS"); FETCH_CPU+=("$FETCH_CPU_MS"); FETCH_S3_CPU+=("$S3_CPU_MS")
    printf '   run %d: rclone %5d ms (%4s MB/s; CPU %5d ms, S3 server %5d ms)   fetcher %5d ms (%4s MB/s; CPU %5d ms of which JIT/GC %4d ms, S3 server %5d ms; %s files, verified: %s)\n' \
        "$run" "$RCLONE_MS" "$(mbps "$RCLONE_MS")" "$RCLONE_CPU_MS" "${RCLONE_S3_CPU[-1]}" \
        "$FETCH_MS" "$(mbps "$FETCH_MS")" "$FETCH_CPU_MS" "$FETCH_VM_MS" "$S3_CPU_MS" "$FETCH_FILES" "$FETCH_VERIFICATION"
done

echo "== checking both copies against the source"
(cd "$WORK/rclone" && find . -type f -exec md5sum {} + | sort -k2) | diff -q - "$WORK/source.md5" >/dev/null \
    || { echo "   the rclone copy differs from the source" >&2; exit 1; }
(cd "$WORK/fetcher/run$RUNS/1" && find . -type f ! -name .model-fetcher.json -exec md5sum {} + | sort -k2) \
    | diff -q - "$WORK/source.md5" >/dev/null || { echo "   the fetcher copy differs from the source" >&2; exit 1; }
echo "   both identical to the source (md5sum of all $FILES files)"

echo "== no-change re-sync, $RESYNCS times each"
RESYNC_RUNS=(); RCLONE_RESYNC_RUNS=()
for _ in $(seq 1 "$RESYNCS"); do
    fetch "run$RUNS" 1
    [[ "$FETCH_FILES" == "0" ]] || { echo "a re-sync downloaded $FETCH_FILES files" >&2; exit 1; }
    RESYNC_RUNS+=("$FETCH_MS")
    rclone_copy "$WORK/rclone"
    RCLONE_RESYNC_RUNS+=("$RCLONE_MS")
done
FETCH_RSS_KB=$(awk '/VmHWM/ {print $2}' "/proc/$FETCH_PID/status")

RCLONE_MEDIAN=$(median "${RCLONE_RUNS[@]}")
FETCH_MEDIAN=$(median "${FETCH_RUNS[@]}")
RESYNC_MEDIAN=$(median "${RESYNC_RUNS[@]}")
echo
echo "== result: $FILES files, $TOTAL_BYTES bytes, S3Mock on loopback, $(nproc) CPUs, load average $LOAD_BEFORE before, $(cut -d' ' -f1-3 /proc/loadavg) after"
printf '   rclone copy %s (defaults, MD5 check): median %5d ms = %4s MB/s  runs %s ms  max RSS %d MiB\n' \
    "$(rclone version | head -1 | awk '{print $2}')" "$RCLONE_MEDIAN" "$(mbps "$RCLONE_MEDIAN")" "${RCLONE_RUNS[*]}" \
    "$((RCLONE_RSS_KB / 1024))"
printf '   model-fetcher (defaults, verified):   median %5d ms = %4s MB/s  runs %s ms  max RSS %d MiB (%s; %s)\n' \
    "$FETCH_MEDIAN" "$(mbps "$FETCH_MEDIAN")" "${FETCH_RUNS[*]}" "$((FETCH_RSS_KB / 1024))" "$FETCHER_JVM_OPTS" "$FETCHER_STATE"
printf '   CPU per full download (medians): rclone %d ms + S3 server %d ms; fetcher %d ms + S3 server %d ms\n' \
    "$(median "${RCLONE_CPU[@]}")" "$(median "${RCLONE_S3_CPU[@]}")" "$(median "${FETCH_CPU[@]}")" "$(median "${FETCH_S3_CPU[@]}")"
printf '   speed-up fetcher vs rclone: %s (medians), %s (first runs)\n' \
    "$(ratio "$RCLONE_MEDIAN" "$FETCH_MEDIAN")" "$(ratio "${RCLONE_RUNS[0]}" "${FETCH_RUNS[0]}")"
printf '   no-change re-sync: fetcher median %d ms = %s of its median full download (first %d ms = %s); rclone %s ms\n' \
    "$RESYNC_MEDIAN" "$(awk -v r="$RESYNC_MEDIAN" -v f="$FETCH_MEDIAN" 'BEGIN {printf "%.1f%%", 100 * r / f}')" \
    "${RESYNC_RUNS[0]}" "$(awk -v r="${RESYNC_RUNS[0]}" -v f="$FETCH_MEDIAN" 'BEGIN {printf "%.1f%%", 100 * r / f}')" \
    "$(median "${RCLONE_RESYNC_RUNS[@]}")"
echo "   fetcher verification: $FETCH_VERIFICATION"
