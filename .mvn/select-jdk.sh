# Sourced by ./mvnw, ./kubesim and .ci/run: makes JAVA_HOME point at a JDK >= 21.
# Keeps a JAVA_HOME that is already new enough; otherwise tries the java on PATH,
# then every JDK under /usr/lib/jvm (newest first). Prints nothing on success.
kubesim_java_major() {
  # $1 = path to a java binary; prints its feature version (17, 21, 25...) or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}
kubesim_select_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    v=$(kubesim_java_major "$JAVA_HOME/bin/java"); [ "${v:-0}" -ge 21 ] && return 0
  fi
  if command -v javac >/dev/null 2>&1; then
    home=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    v=$(kubesim_java_major "$home/bin/java"); [ "${v:-0}" -ge 21 ] && { JAVA_HOME=$home; export JAVA_HOME; return 0; }
  fi
  for home in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    home=${home%/}
    [ -x "$home/bin/javac" ] || continue
    v=$(kubesim_java_major "$home/bin/java"); [ "${v:-0}" -ge 21 ] && { JAVA_HOME=$home; export JAVA_HOME; return 0; }
  done
  echo "kubesim needs a JDK 21 or newer: set JAVA_HOME (none found on PATH or under /usr/lib/jvm)" >&2
  return 1
}
kubesim_select_jdk || exit 1
