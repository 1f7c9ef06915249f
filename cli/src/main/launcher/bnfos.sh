#!/bin/sh
# bnfos - fosfleet's drop-in replacement for the bntools command-line tool.
# This file is a shell script with the program's jar appended: copy it anywhere on the PATH.
# Needs a Java 17+ runtime: $JAVA_HOME/bin/java, else java on the PATH.
java=java
[ -n "$JAVA_HOME" ] && java=$JAVA_HOME/bin/java
self=$(readlink -f -- "$0")
set -- -cp "$self" io.fosfleet.cli.Bnfos "$@"

# Class-data sharing: an archive of the classes a kick loads halves the start time. It belongs to this build of
# bnfos and this Java, so its name carries both; the first run of a user makes it in the background, from a kick
# that nobody answers (localhost, MAC 00:00:00:00:00:00), so that the run itself is not slowed down.
cache=${XDG_CACHE_HOME:-${HOME:+$HOME/.cache}}
archive=
if [ -n "$cache" ] && javabin=$(command -v -- "$java"); then
    cache=$cache/bnfos
    archive=$cache/bnfos-$(stat -L -c %s.%Y -- "$self" "$javabin" | paste -sd-).jsa
fi
if [ -n "$archive" ] && [ -f "$archive" ]; then
    set -- "-XX:SharedArchiveFile=$archive" -Xlog:cds=off -Xlog:cds+dynamic=off "$@"
elif [ -n "$archive" ] && mkdir -p -- "$cache" 2>/dev/null; then
    (
        "$java" -XX:ArchiveClassesAtExit="$archive.$$" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
            -cp "$self" io.fosfleet.cli.Bnfos --kick -h 127.0.0.1 -m 00:00:00:00:00:00 -t 1
        [ -s "$archive.$$" ] && mv -f -- "$archive.$$" "$archive"
        rm -f -- "$archive.$$"
    ) </dev/null >/dev/null 2>&1 &
fi

# A short-lived command: the C1 compiler alone and the serial collector start fastest.
exec "$java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC "$@"
