#!/usr/bin/env bash
# P4: a change on a device → the NOC's syslog server has the notification, through the packaged device-gateway and
# alert-service (processes of their own), an in-process Kafka broker, simulated devices and a syslog listener
# (NotifyLatencyBench.java says how). Builds what it needs first (package, never install; skip with
# FOSFLEET_BENCH_NO_BUILD=1 when the jars are fresh).
# Usage: deploy/local/bench/notify-latency.sh [devices] [changes]
set -euo pipefail
cd "$(dirname "$0")/../../.."
DEVICES=${1:-20}
CHANGES=${2:-250}
OUT=deploy/local/target/bench/notify-latency
rm -rf "$OUT"
mkdir -p "$OUT"
if [ "${FOSFLEET_BENCH_NO_BUILD:-0}" != 1 ]; then
  echo "== building device-gateway, alert-service, simulator, deploy/local (package, tests skipped) ..." >&2
  ./mvnw -q -pl device-gateway,alert-service,deploy/local -am package -DskipTests \
    dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >&2
fi
CP="deploy/local/target/classes:$(cat deploy/local/target/bench-classpath.txt)"
uptime >&2
java -Xmx512m -Djava.util.logging.config.file=deploy/local/bench/quiet-logging.properties -cp "$CP" deploy/local/bench/NotifyLatencyBench.java "$DEVICES" "$CHANGES" "$OUT" \
  | tee "$OUT/summary.txt"
uptime >&2
