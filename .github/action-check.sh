#!/usr/bin/env bash
# The check step of action.yml: runs `theorem-harness check` with the action's inputs (TH_* variables) and records
# its exit code as the step's output, so the report is uploaded before the job fails.
set -uo pipefail
cmd=(node "$GITHUB_ACTION_PATH/bin/theorem-harness.js" check)
[ -n "${TH_SPEC:-}" ] && cmd+=("$TH_SPEC")
cmd+=(--profile "${TH_PROFILE:-quick}" --out "${TH_OUT:-reports/latest}")
[ -n "${TH_BASELINE:-}" ] && cmd+=(--baseline "$TH_BASELINE")
# Extra flags are split on spaces, as a user would type them.
read -r -a extra <<< "${TH_ARGS:-}"
cmd+=("${extra[@]}")
echo "+ ${cmd[*]}"
"${cmd[@]}"
code=$?
echo "exit-code=$code" >> "$GITHUB_OUTPUT"
if [ -f "${TH_OUT:-reports/latest}/report.md" ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  cat "${TH_OUT:-reports/latest}/report.md" >> "$GITHUB_STEP_SUMMARY"
fi
exit 0
