#!/bin/sh
# fosctl - the fosfleet operators' command-line tool (config-service's REST API and live event stream).
# This file is a shell script with the program's jar appended: copy it anywhere on the PATH.
# Needs a Java 17+ runtime: $JAVA_HOME/bin/java, else java on the PATH.
java=java
[ -n "$JAVA_HOME" ] && java=$JAVA_HOME/bin/java
self=$(readlink -f -- "$0")
# A short-lived command: the C1 compiler alone and the serial collector start fastest.
exec "$java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$self" io.fosfleet.fosctl.Fosctl "$@"
