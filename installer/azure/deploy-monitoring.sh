#!/usr/bin/env bash
# The same resources as monitoring.bicep, with plain `az` commands (Azure CLI 2.50+ with the
# application-insights extension). Usage:
#   installer/azure/deploy-monitoring.sh RESOURCE_GROUP LOCATION ALERT_EMAIL [NAME]
set -euo pipefail
rg=$1 location=$2 email=$3 name=${4:-tweetlab}

az extension add --upgrade --name application-insights --only-show-errors
az extension add --upgrade --name scheduled-query --only-show-errors

az monitor log-analytics workspace create -g "$rg" -n "$name-logs" -l "$location" --retention-time 30
workspace_id=$(az monitor log-analytics workspace show -g "$rg" -n "$name-logs" --query id -o tsv)

az monitor app-insights component create -g "$rg" --app "$name-ai" -l "$location" \
  --kind web --application-type web --workspace "$workspace_id"
ai_id=$(az monitor app-insights component show -g "$rg" --app "$name-ai" --query id -o tsv)

az monitor action-group create -g "$rg" -n "$name-feedback-ag" --short-name tweetlab \
  --action email team "$email"
ag_id=$(az monitor action-group show -g "$rg" -n "$name-feedback-ag" --query id -o tsv)

# count of rejection traces >= 3 over 5 minutes, evaluated every minute
az monitor scheduled-query create -g "$rg" -n "$name-rejections-alert" --scopes "$ai_id" \
  --description "Testers rejected the deployed model's prediction 3 or more times within 5 minutes" \
  --condition "count 'Rejections' >= 3 at least 1 violations out of 1 aggregated points" \
  --condition-query Rejections='traces | where message == "prediction rejected"' \
  --window-size 5m --evaluation-frequency 1m --severity 2 --action-groups "$ag_id"

# the same rejections by ingestion time: a burst an outage delivered late (docs/monitoring.md)
az monitor scheduled-query create -g "$rg" -n "$name-late-rejections-alert" --scopes "$ai_id" \
  --description "3 or more rejected predictions arrived late, after an outage" \
  --condition "count 'Late' >= 3 at least 1 violations out of 1 aggregated points" \
  --condition-query Late='traces | where message == "prediction rejected" | where ingestion_time() > ago(5m) | where ingestion_time() - timestamp > 5m' \
  --window-size 2d --evaluation-frequency 1m --severity 2 --action-groups "$ag_id"

echo "Connection string (Settings page / APPLICATIONINSIGHTS_CONNECTION_STRING):"
az monitor app-insights component show -g "$rg" --app "$name-ai" --query connectionString -o tsv
