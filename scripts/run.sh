#!/usr/bin/env bash
# Set up and launch perfdesk on its built-in example document.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export LANG="${LANG:-C.UTF-8}"
exec .venv/bin/perfdesk --example "$@"
