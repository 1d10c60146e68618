# Sourced by the scripts: finds a JDK >= 21 (JAVA_HOME first, then /usr/lib/jvm/*) and exports JAVA_HOME.
java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1; }
find_jdk() {
    local candidate
    for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
        [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
        local v; v=$(java_major "$candidate")
        if [ -n "$v" ] && [ "$v" -ge 21 ]; then echo "$candidate"; return 0; fi
    done
    return 1
}
JAVA_HOME=$(find_jdk) || { echo "no JDK >= 21 found (set JAVA_HOME or install one under /usr/lib/jvm)" >&2; exit 1; }
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
