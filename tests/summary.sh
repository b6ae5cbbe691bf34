#!/usr/bin/env bash
# Prints the plain CI summary line from the TRX written by the test run: "N passed, N failed, N skipped".
set -euo pipefail
dir=${1:?results dir}
trx=$(ls "$dir"/*.trx 2>/dev/null | head -1 || true)
if [ -z "$trx" ]; then echo "0 passed, 1 failed"; exit 0; fi
counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
passed=$(get passed); failed=$(get failed); errors=$(get error); timeout=$(get timeout); skipped=$(get notExecuted)
failed=$((failed + errors + timeout))
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
