#!/usr/bin/env bash
# The entitle steps of the CI samples beside it. GitHub Actions (github/entitle.yml) and GitLab CI
# (gitlab/.gitlab-ci.yml) call it; entitle's own tests run it against the Graph emulator.
#
#   entitle-ci.sh plan [MANIFESTS]   validate (annotations on GitHub), then plan: plan.json, the
#                                    saved plan to apply on merge, and plan.md for the comment.
#                                    Exits 0 with or without changes, 1 on an error.
#   entitle-ci.sh apply              apply exactly plan.json; refused, writing nothing, if the
#                                    tenant or the state moved since the plan was made.
#   entitle-ci.sh drift [MANIFESTS]  drift.json and drift.md; exits 2 when something changed
#                                    outside entitle (so the scheduled job fails and someone looks).
#
# Environment (set by the pipeline):
#   ENTITLE_TENANT   graph://TENANT (the tenant id or a verified domain)
#   ENTITLE_STATE    postgres://USER@HOST:5432/DB?sslmode=verify-full (no password in the URL:
#                    it comes from PGPASSWORD, so it never appears in a URL or a log)
#   sign-in          AZURE_TENANT_ID and AZURE_CLIENT_ID, with GitHub's OIDC token (ENTITLE_AUTH=github)
#                    or a federated token file (AZURE_FEDERATED_TOKEN_FILE, GitLab)
set -euo pipefail
command="${1:?usage: entitle-ci.sh plan|apply|drift [MANIFESTS]}"
manifests="${2:-manifests}"
format=text
if [ "${GITHUB_ACTIONS:-}" = true ]; then format=github; fi

case "$command" in
  plan)
    entitle validate "$manifests" --format "$format"
    status=0
    entitle plan "$manifests" --out plan.json --format markdown --detailed-exitcode > plan.md || status=$?
    cat plan.md
    # 0 no changes, 2 changes: both are fine here; 1 is an error.
    [ "$status" -ne 1 ]
    ;;
  apply)
    entitle show --plan plan.json
    entitle apply --plan plan.json --lock-timeout 5m
    ;;
  drift)
    status=0
    entitle drift "$manifests" --unmanaged --format json > drift.json || status=$?
    [ "$status" -ne 1 ] || exit 1
    entitle drift "$manifests" --unmanaged --format markdown > drift.md || true
    cat drift.md
    exit "$status"
    ;;
  *)
    echo "entitle-ci.sh: unknown step '$command' (plan, apply or drift)" >&2
    exit 64
    ;;
esac
