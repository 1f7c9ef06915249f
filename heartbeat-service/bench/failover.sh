#!/usr/bin/env bash
# Failover latency: primary killed → relay A-D, through the packaged heartbeat-service and device-gateway (processes
# of their own), an in-process Kafka broker and simulated devices and PBX nodes (FailoverBench.java says how).
# Builds what it needs first (package, never install; skip with FOSFLEET_BENCH_NO_BUILD=1 when the jars are fresh).
# Usage: heartbeat-service/bench/failover.sh [fast-pairs] [fast-kills] [watchdog-pairs] [watchdog-kills] [watchdog-s]
#        [hung-pairs] [hung-kills]
set -euo pipefail
cd "$(dirname "$0")/../.."
FAST_PAIRS=${1:-40}
FAST_KILLS=${2:-120}
SLOW_PAIRS=${3:-10}
SLOW_KILLS=${4:-40}
SLOW_WATCHDOG=${5:-3}
HUNG_PAIRS=${6:-10}
HUNG_KILLS=${7:-40}
OUT=heartbeat-service/target/bench/failover
rm -rf "$OUT"
mkdir -p "$OUT"

source heartbeat-service/bench/classpath.sh

uptime >&2
java -Xmx512m -Dheartbeat.jar=heartbeat-service/target/quarkus-app/quarkus-run.jar \
  -Dgateway.jar=device-gateway/target/quarkus-app/quarkus-run.jar \
  -Djava.util.logging.config.file=heartbeat-service/bench/quiet-logging.properties -cp "$CP" \
  heartbeat-service/bench/FailoverBench.java "$FAST_PAIRS" "$FAST_KILLS" "$SLOW_PAIRS" "$SLOW_KILLS" \
  "$SLOW_WATCHDOG" "$OUT" "$HUNG_PAIRS" "$HUNG_KILLS" | tee "$OUT/summary.txt"
uptime >&2
