#!/usr/bin/env bash
# Re-lock the Python requirements, with hashes, after a change to pyproject.toml's pins:
#   requirements.lock       what `make run` installs (the service and what builds it)
#   requirements-test.lock  what `make test` adds (pytest, ruff, mypy, playwright, …)
# Versions already locked are kept unless a pin asks otherwise. Slow (it hashes every file of
# every release); run it by hand, never from make.
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLS=${LOCK_VENV:-.venv-lock}
test -x "$TOOLS/bin/pip-compile" || {
  python3 -m venv "$TOOLS"
  "$TOOLS/bin/pip" install -q "pip==26.3" "pip-tools==7.6.2"
}
COMPILE=("$TOOLS/bin/pip-compile" -q --generate-hashes --allow-unsafe --strip-extras
         --no-emit-index-url --no-emit-find-links)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The existing locks seed the new ones, so that nothing moves by itself.
cp requirements.lock "$work/runtime.txt"
cat requirements.lock requirements-test.lock > "$work/all.txt" 2>/dev/null || cp requirements.lock "$work/all.txt"
"${COMPILE[@]}" --extra postgresql -o "$work/runtime.txt" pyproject.toml requirements/build.in
"${COMPILE[@]}" --all-extras -o "$work/all.txt" pyproject.toml requirements/build.in
python3 scripts/lock_split.py "$work/runtime.txt" "$work/all.txt" requirements.lock requirements-test.lock
