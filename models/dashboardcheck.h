#pragma once

#include "dashboard.h"

#include <QJsonObject>
#include <QStringList>

/// What `dozor check DASHBOARD --json` prints: panels (id, type, title, row,
/// targets), rows, variables, links, and the problems found. Shared by the command
/// and its tests.
namespace DashboardCheck {

/// Panel types this build draws; any other type shows as a placeholder naming it.
bool isSupportedType(const QString &type);

struct Problem
{
    QString severity; // "error" or "warning"
    int panelId = 0;  // 0 = the dashboard itself
    QString message;
};

QList<Problem> problems(const Dashboard &dashboard);
QJsonObject summary(const Dashboard &dashboard);

} // namespace DashboardCheck
