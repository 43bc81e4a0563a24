// Production feedback monitoring for TweetLab: a workspace-based Application Insights resource
// that receives the testers' "prediction rejected" traces, an e-mail action group, and a log
// alert that fires when 3 or more rejections arrive within 5 minutes (evaluated every minute).
//
// Deploy (resource group scope):
//   az deployment group create -g <rg> -f installer/azure/monitoring.bicep \
//     -p alertEmail=team@example.com
// The output `connectionString` goes into the workbench Settings page (or the API server's
// APPLICATIONINSIGHTS_CONNECTION_STRING).

@description('Base name for every resource.')
param name string = 'tweetlab'

@description('Azure region; defaults to the resource group\'s.')
param location string = resourceGroup().location

@description('Who is e-mailed when the alert fires.')
param alertEmail string

@description('Rejections that fire the alert.')
@minValue(1)
param rejectionThreshold int = 3

@description('Window the rejections are counted over (ISO 8601 duration).')
param windowSize string = 'PT5M'

@description('How often the rule runs (ISO 8601 duration).')
param evaluationFrequency string = 'PT1M'

resource workspace 'Microsoft.OperationalInsights/workspaces@2022-10-01' = {
  name: '${name}-logs'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${name}-ai'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    IngestionMode: 'LogAnalytics'
    publicNetworkAccessForIngestion: 'Enabled'
    publicNetworkAccessForQuery: 'Enabled'
  }
}

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: '${name}-feedback-ag'
  location: 'global'
  properties: {
    groupShortName: 'tweetlab' // at most 12 characters
    enabled: true
    emailReceivers: [
      {
        name: 'team'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

resource rejectionAlert 'Microsoft.Insights/scheduledQueryRules@2021-08-01' = {
  name: '${name}-rejections-alert'
  location: location
  kind: 'LogAlert'
  properties: {
    displayName: 'TweetLab: ${rejectionThreshold} rejected predictions in ${windowSize}'
    description: 'Testers rejected the deployed model\'s prediction ${rejectionThreshold} or more times within the window.'
    severity: 2
    enabled: true
    scopes: [
      appInsights.id
    ]
    evaluationFrequency: evaluationFrequency
    windowSize: windowSize
    criteria: {
      allOf: [
        {
          // The workbench and tweetlab-serve send each rejection as a Warning trace with this message.
          query: 'traces | where message == "prediction rejected"'
          timeAggregation: 'Count'
          operator: 'GreaterThanOrEqual'
          threshold: rejectionThreshold
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: [
        actionGroup.id
      ]
      customProperties: {
        source: 'TweetLab Try page'
      }
    }
  }
}

// Traces carry the verdict time, so rejections delivered after an outage (the apps keep them
// offline and send them later) fall outside the window above. This rule counts rejections by
// ingestion time instead: those that arrived in the last 5 minutes more than 5 minutes after their
// verdict (the ones the rule above can no longer see). The 2-day window covers the oldest items the
// service accepts (48 h). docs/monitoring.md, "The alerts".
resource lateRejectionAlert 'Microsoft.Insights/scheduledQueryRules@2021-08-01' = {
  name: '${name}-late-rejections-alert'
  location: location
  kind: 'LogAlert'
  properties: {
    displayName: 'TweetLab: ${rejectionThreshold} rejected predictions delivered late'
    description: 'Rejections made while the apps could not reach Application Insights arrived together after the outage.'
    severity: 2
    enabled: true
    scopes: [
      appInsights.id
    ]
    evaluationFrequency: evaluationFrequency
    windowSize: 'P2D'
    criteria: {
      allOf: [
        {
          query: 'traces | where message == "prediction rejected" | where ingestion_time() > ago(5m) | where ingestion_time() - timestamp > 5m'
          timeAggregation: 'Count'
          operator: 'GreaterThanOrEqual'
          threshold: rejectionThreshold
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: true
    actions: {
      actionGroups: [
        actionGroup.id
      ]
      customProperties: {
        source: 'TweetLab Try page (delivered late)'
      }
    }
  }
}

output connectionString string = appInsights.properties.ConnectionString
output appInsightsId string = appInsights.id
output alertRuleId string = rejectionAlert.id
output lateAlertRuleId string = lateRejectionAlert.id
