#!/usr/bin/env bash
# heartbeat-service benchmarks: the kick loop against the simulator, and the old way (one `bnfos --kick -c` process
# per device) on the same machine in the same run. Builds what it needs first (package, never install; skip with
# FOSFLEET_BENCH_NO_BUILD=1 when the jars are fresh). Usage: heartbeat-service/bench/run.sh [devices] [measure-seconds]
# [bnfos-processes]
set -euo pipefail
cd "$(dirname "$0")/../.."
DEVICES=${1:-10000}
SECONDS_MEASURED=${2:-30}
BNFOS_PROCESSES=${3:-20}
WARMUP=10
OUT=heartbeat-service/target/bench
mkdir -p "$OUT"

source heartbeat-service/bench/classpath.sh

# Two simulator processes: each simulated device holds a UDP and a TCP socket, and one process may open 20,000 files.
HALF=$((DEVICES / 2))
SIMS=()
for n in 1 2; do
  java -Xmx1500m -Djava.util.logging.config.file=heartbeat-service/bench/quiet-logging.properties \
    -jar simulator/target/simulator.jar --count "$HALF" --first-address "127.7$((6 + n)).0.1" \
    --first-mac "00:19:32:${n}0:00:01" --http-port 8080 --control-port -1 >"$OUT/simulator-$n.log" 2>&1 &
  SIMS+=($!)
done
trap 'kill "${SIMS[@]}" 2>/dev/null || true' EXIT
echo "== simulators: 2 x $HALF devices, starting ..." >&2
until grep -q "simulator started" "$OUT/simulator-1.log" 2>/dev/null && grep -q "simulator started" "$OUT/simulator-2.log" 2>/dev/null; do
  sleep 1
done

uptime >&2
echo "== heartbeat-service kick loop: $((2 * HALF)) pairs every 1 s" >&2
java -Xmx512m -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "$CP" \
  heartbeat-service/bench/KickBench.java 1000 "$WARMUP" "$SECONDS_MEASURED" \
  "$HALF/127.77.0.1/00:19:32:10:00:01" "$HALF/127.78.0.1/00:19:32:20:00:01" | tee "$OUT/kick-loop.txt"

echo "== the old way: $BNFOS_PROCESSES x 'bnfos --kick -c -w 1', one process per device" >&2
PIDS=()
ADDR=1
for i in $(seq 1 "$BNFOS_PROCESSES"); do
  MAC=$(printf '00:19:32:10:00:%02x' "$ADDR")
  cli/target/bnfos --kick -c -w 1 -m "$MAC" -h "127.77.0.$ADDR" >/dev/null 2>"$OUT/bnfos-$i.err" &
  PIDS+=($!)
  ADDR=$((ADDR + 1))
done
cpu_ticks() {  # utime + stime of the bnfos processes and their children, in clock ticks
  local total=0 p
  for p in "${PIDS[@]}"; do
    for q in $p $(pgrep -P "$p" || true); do
      [ -r /proc/$q/stat ] && total=$((total + $(awk '{print $14 + $15}' /proc/$q/stat)))
    done
  done
  echo $total
}
kicks() { cat "$OUT"/bnfos-*.err | grep -c "successfully kicked" || true; }
uptime >&2
sleep "$WARMUP"
T0=$(cpu_ticks); K0=$(kicks)
sleep "$SECONDS_MEASURED"
T1=$(cpu_ticks); K1=$(kicks)
RSS=0
for p in "${PIDS[@]}"; do for q in $p $(pgrep -P "$p" || true); do
  KB=$(awk '/VmRSS/ {print $2}' /proc/$q/status 2>/dev/null || true); RSS=$((RSS + ${KB:-0})); done; done
for p in "${PIDS[@]}"; do pkill -P "$p" 2>/dev/null || true; kill "$p" 2>/dev/null || true; done
HZ=$(getconf CLK_TCK)
awk -v t=$((T1 - T0)) -v k=$((K1 - K0)) -v hz="$HZ" -v n="$BNFOS_PROCESSES" -v s="$SECONDS_MEASURED" -v rss="$RSS" 'BEGIN {
  ms = 1000 * t / hz;
  printf "bnfos processes %d: kicks %d in %d s, CPU %.0f ms = %.1f ms per 1,000 kicks, resident memory %.0f MB\n",
    n, k, s, ms, (k > 0 ? 1000 * ms / k : 0), rss / 1024 }' | tee "$OUT/bnfos.txt"
