#!/usr/bin/env bash
# Builds the root file system every fosfleet image starts from: a Java runtime made from the build's JDK, the host's
# shared libraries it needs (glibc, zlib, ...), a non-root user and /tmp. No base image is pulled: there is no registry.
#   build-runtime.sh <java home> <output dir>
set -euo pipefail
java_home=$1
out=$2
# All of Java SE (the services' libraries reach for java.rmi, java.beans, java.sql, ...: jdeps cannot tell, their
# modular jars need each other) and the jdk.* modules they use: sun.misc.Unsafe, EC and PKCS#11 crypto for TLS and
# JWT keys, JMX, DNS, Kerberos/SASL login, JFR, zip file systems.
modules=java.se,jdk.crypto.cryptoki,jdk.crypto.ec,jdk.jfr,jdk.management,jdk.naming.dns,jdk.net,jdk.security.auth,\
jdk.unsupported,jdk.zipfs

rm -rf "$out"
mkdir -p "$out/opt" "$out/etc" "$out/tmp" "$out/deployments"
if [ -d "$java_home/jmods" ]; then
  "$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
    --output "$out/opt/java"
else
  # Debian ships the jmods apart (openjdk-17-jmods): without them, take the JDK's whole runtime, links resolved.
  echo "build-runtime: no $java_home/jmods, copying the JDK's runtime instead of jlink (install openjdk-17-jmods for a smaller image)"
  # (Debian's JDK is links into /etc and /usr/share, some dangling: copy the files they lead to, skip the rest.)
  (cd "$java_home" && find -L bin/java lib conf -type f ! -name src.zip ! -name ct.sym -print0) \
    | while IFS= read -r -d '' f; do
        mkdir -p "$out/opt/java/$(dirname "$f")"
        cp -L "$java_home/$f" "$out/opt/java/$f"
      done
fi

# The host's libraries the runtime links against, at the same paths (the loader's default search path); not those
# of AWT's windowing, sound and image codecs: a headless service never loads them, and they would pull in X11.
find "$out/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) -print0 \
  | grep -zvE '/lib(awt_xawt|splashscreen|jsound|fontmanager|lcms|javajpeg|mlib_image|jawt)\.so$' \
  | xargs -0 ldd 2>/dev/null \
  | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\/.*[^:]$/ { print $1 }' \
  | grep -v "^$out/" \
  | sort -u \
  | while read -r lib; do
      mkdir -p "$out$(dirname "$lib")"
      cp -L "$lib" "$out$lib"
    done

printf 'root:x:0:0:root:/root:/sbin/nologin\nfosfleet:x:185:185:fosfleet:/deployments:/sbin/nologin\n' > "$out/etc/passwd"
printf 'root:x:0:\nfosfleet:x:185:\n' > "$out/etc/group"
printf '127.0.0.1 localhost\n::1 localhost\n' > "$out/etc/hosts"
printf 'hosts: files dns\n' > "$out/etc/nsswitch.conf"
