#!/usr/bin/env bash
# Set up and run the whole test suite (Qt runs offscreen; the seed is read from ../shared/seed).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
export LANG="${LANG:-C.UTF-8}" QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m pytest "$@"
