#!/usr/bin/env bash
# Runs the example program against a State API: by default http://localhost:8080, which is
# where `make run` (in another terminal) serves it. Usage: client-sdk/examples/run.sh [endpoint]
# The bearer token is $STATE_API_TOKEN, or else one `make token` signs for tenant demo (accepted
# by the running `make run`).
set -euo pipefail
cd "$(dirname "$0")/../.."
JAVA_HOME="$(localstack/bin/find-jdk)"
export JAVA_HOME
# Compile the client through the reactor (no install needed) and write its classpath.
mvn -B -ntp -q -pl client-sdk -am compile dependency:build-classpath \
    -Dmdep.outputFile=target/runtime-classpath.txt -Dmdep.includeScope=runtime
if [ -z "${STATE_API_TOKEN:-}" ]; then
    STATE_API_TOKEN="$(make -s token TENANT=demo SCOPES="state:read state:write")"
fi
export STATE_API_TOKEN
exec "$JAVA_HOME/bin/java" -cp "client-sdk/target/classes:$(cat client-sdk/target/runtime-classpath.txt)" \
    client-sdk/examples/src/main/java/io/stateapi/client/examples/CartExample.java "$@"
