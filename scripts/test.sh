#!/usr/bin/env bash
# The full test suite: unit tests (Surefire) of the plugin and archetype, then the
# end-to-end tests in its/ (Failsafe), which drive the real archetype and plugin through
# real Maven processes against git fixtures, PostgreSQL, podman and a local registry.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-host.sh
# A differential test (PEP 440, markers, literals against CPython and packaging) that cannot
# find its interpreter fails here instead of skipping.
./mvnw -B -ntp install -Dodoo.test.requireDifferential=true "$@"
