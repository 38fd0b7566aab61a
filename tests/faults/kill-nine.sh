#!/usr/bin/env bash
# Kills the host with SIGKILL in the middle of a burst of M-Pesa callbacks, restarts it on the same database and has
# every callback retried, ROUNDS times (default 20); the suite runs 3. Each round prints what was acknowledged before the
# kill and checks the ledger: acknowledged callbacks once, all of them once after the retries, sums right.
# Another database: Database__Provider=Postgres ConnectionStrings__Chama='Host=…' tests/faults/kill-nine.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
KILL_NINE_ROUNDS="${1:-20}" dotnet test tests/Chama.Bot.Tests \
  --filter "FullyQualifiedName~Chama.Bot.Tests.Faults.KillNineTests" \
  --logger "console;verbosity=detailed"
