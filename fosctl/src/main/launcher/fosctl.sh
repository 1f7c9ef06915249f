#!/bin/sh
# fosctl - the fosfleet operators' command-line tool (config-service's REST API and live event stream).
# This file is a shell script with the program's jar appended: copy it anywhere on the PATH.
# Needs a Java 17+ runtime: $JAVA_HOME/bin/java, else java on the PATH.
java=java
[ -n "$JAVA_HOME" ] && java=$JAVA_HOME/bin/java
self=$(readlink -f -- "$0")
set -- -cp "$self" io.fosfleet.fosctl.Fosctl "$@"

# Class-data sharing: an archive of the classes a request loads makes every later run start faster. It belongs to
# this build of fosctl and this Java, so its name carries both; the first run of a user makes it in the background
# from a request to a closed local port (no server, no token sent anywhere), so that the run itself is not slowed.
cache=${XDG_CACHE_HOME:-${HOME:+$HOME/.cache}}
archive=
if [ -n "$cache" ] && javabin=$(command -v -- "$java"); then
    cache=$cache/fosctl
    archive=$cache/fosctl-$(stat -L -c %s.%Y -- "$self" "$javabin" | paste -sd-).jsa
fi
if [ -n "$archive" ] && [ -f "$archive" ]; then
    set -- "-XX:SharedArchiveFile=$archive" -Xlog:cds=off -Xlog:cds+dynamic=off "$@"
elif [ -n "$archive" ] && mkdir -p -- "$cache" 2>/dev/null; then
    (
        FOSCTL_CONFIG=/nonexistent/fosctl.json "$java" -XX:ArchiveClassesAtExit="$archive.$$" \
            -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$self" io.fosfleet.fosctl.Fosctl \
            get devices --server http://127.0.0.1:9 --token none
        [ -s "$archive.$$" ] && mv -f -- "$archive.$$" "$archive"
        rm -f -- "$archive.$$"
    ) </dev/null >/dev/null 2>&1 &
fi

# A short-lived command: the C1 compiler alone and the serial collector start fastest.
exec "$java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC "$@"
