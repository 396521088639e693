#!/bin/sh
# Runs every scenario against this starter and Spring's STOMP and writes docs/benchmarks.md.
# Arguments go to BenchmarkRunner: --smoke, --rounds N, --scenarios abcdef, --out FILE.
set -e
cd "$(dirname "$0")/.."
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
./mvnw -q -B -ntp -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt \
	-pl realtime-benchmark -am
CLASSPATH="realtime-benchmark/target/classes:$(cat realtime-benchmark/target/classpath.txt)"
# BENCH_JAVA_OPTS=-Dbench.jfr=true records a JFR profile of each server under target/bench-logs.
exec java -Xms1g -Xmx1g -XX:+UseParallelGC $BENCH_JAVA_OPTS -cp "$CLASSPATH" dev.realtime.benchmark.BenchmarkRunner "$@"
