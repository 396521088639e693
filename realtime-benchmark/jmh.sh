#!/bin/sh
# JMH microbenchmarks of the push hot path, with allocation per operation (-prof gc).
# Arguments go to JMH (e.g. a benchmark name regex, -f 1 -wi 3 -i 5).
set -e
cd "$(dirname "$0")/.."
./mvnw -q -B -ntp -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt \
	-pl realtime-benchmark -am
CLASSPATH="realtime-benchmark/target/classes:$(cat realtime-benchmark/target/classpath.txt)"
exec java -cp "$CLASSPATH" org.openjdk.jmh.Main -prof gc "$@"
