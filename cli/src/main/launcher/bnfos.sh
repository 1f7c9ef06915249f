#!/bin/sh
# bnfos - fosfleet's drop-in replacement for the bntools command-line tool.
# This file is a shell script with the program's jar appended: copy it anywhere on the PATH.
# Needs a Java 17+ runtime: $JAVA_HOME/bin/java, else java on the PATH.
java=java
[ -n "$JAVA_HOME" ] && java=$JAVA_HOME/bin/java
self=$(readlink -f -- "$0")
set -- -cp "$self" io.fosfleet.cli.Bnfos "$@"

# A short-lived command: the C1 compiler alone, and only for code that runs often (a one-shot kick is over before
# compiling would pay off; a -c loop still gets its hot code compiled), the serial collector, no hsperfdata file.
jvm="-XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=20 -XX:+UseSerialGC -XX:-UsePerfData"

# The classes a kick loads, prepared ahead: an AOT cache (JEP 483) where the java supports it (Java 24 and later),
# else a class-data sharing archive. Either belongs to this build of bnfos and this Java, so its name carries both;
# the first run of a user makes it in the background, from a kick that nobody answers (localhost, MAC
# 00:00:00:00:00:00), so that the run itself is not slowed down.
cache=${XDG_CACHE_HOME:-${HOME:+$HOME/.cache}}
archive=
if [ -n "$cache" ] && javabin=$(command -v -- "$java"); then
    cache=$cache/bnfos
    archive=$cache/bnfos-$(stat -L -c %s.%Y -- "$self" "$javabin" | paste -sd-)
fi
if [ -n "$archive" ] && [ -f "$archive.aot" ]; then
    set -- "-XX:AOTCache=$archive.aot" -Xlog:cds=off "$@"
elif [ -n "$archive" ] && [ -f "$archive.jsa" ]; then
    set -- "-XX:SharedArchiveFile=$archive.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off "$@"
elif [ -n "$archive" ] && mkdir -p -- "$cache" 2>/dev/null; then
    (
        tmp=$archive.$$
        # shellcheck disable=SC2086
        train() {
            "$java" "$@" $jvm -cp "$self" io.fosfleet.cli.Bnfos --kick -h 127.0.0.1 -m 00:00:00:00:00:00 -t 1
        }
        # Java 24+: record the training run, then create the cache; an older java refuses -XX:AOTMode at once
        train -XX:AOTMode=record -XX:AOTConfiguration="$tmp.conf"
        if [ -s "$tmp.conf" ]; then
            # shellcheck disable=SC2086
            "$java" -XX:AOTMode=create -XX:AOTConfiguration="$tmp.conf" -XX:AOTCache="$tmp.aot" $jvm -cp "$self" \
                && [ -s "$tmp.aot" ] && mv -f -- "$tmp.aot" "$archive.aot"
        else
            train -XX:ArchiveClassesAtExit="$tmp.jsa"
            [ -s "$tmp.jsa" ] && mv -f -- "$tmp.jsa" "$archive.jsa"
        fi
        rm -f -- "$tmp.conf" "$tmp.aot" "$tmp.jsa"
    ) </dev/null >/dev/null 2>&1 &
fi

# shellcheck disable=SC2086
exec "$java" $jvm "$@"
