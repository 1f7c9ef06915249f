# Sourced by the bench scripts (from the repository root): packages the modules the benchmarks run and sets CP to
# heartbeat-service's test classpath, with this worktree's own jars of protocol, events, testing and simulator (from
# the reactor, not from ~/.m2, which `package` never touches).
if [ "${FOSFLEET_BENCH_NO_BUILD:-0}" != 1 ]; then
  echo "== building heartbeat-service, device-gateway, simulator, cli (package, tests skipped) ..." >&2
  ./mvnw -q -pl heartbeat-service,device-gateway,simulator,cli -am package -DskipTests \
    dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >&2
fi
CP="heartbeat-service/target/classes:$(cat heartbeat-service/target/bench-classpath.txt)"
