#!/usr/bin/env bash
# Kills the host with SIGKILL in the middle of a burst of M-Pesa callbacks, restarts it on the same database and has
# every callback retried, ROUNDS times (default 20); the suite runs 3 on SQLite and 2 on PostgreSQL. Each round prints
# what was acknowledged before the kill and checks the ledger: acknowledged callbacks once, all of them once after the
# retries, sums right. ENGINE is Sqlite (a fresh file, the default) or Postgres (a fresh schema on the test server:
# the tests' own cluster, or CHAMA_TEST_POSTGRES: see docs/storage.md).
#   tests/faults/kill-nine.sh [ROUNDS] [ENGINE]
set -euo pipefail
cd "$(dirname "$0")/../.."
KILL_NINE_ROUNDS="${1:-20}" dotnet test tests/Chama.Bot.Tests \
  --filter "FullyQualifiedName~Chama.Bot.Tests.Faults.${2:-Sqlite}KillNineTests" \
  --logger "console;verbosity=detailed"
