#pragma once

#include "leadfigures.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace feltnotat::server {

// The HTML of the lead reports (server-rendered, no script: the Content Security Policy allows only
// the server's own stylesheet). Norwegian (bokmål) text, numbers and dates as nb-NO writes them.
class ReportsPage
{
public:
    struct Team
    {
        QString id;
        QString name;
    };

    struct Report
    {
        QString userName;
        QString csrf;
        QList<Team> teams; // the lead's teams; the chosen one first is not required
        QString teamId; // chosen
        Period period;
        QDate today;
        QList<FigureRow> rows; // LeadFigures::team(): the team's row first
        QString error; // shown above the figures (a period that could not be read)
    };

    static QByteArray signIn(const QString &csrf, const QString &login, const QString &error);
    static QByteArray report(const Report &report);
    static QByteArray message(const QString &title, const QString &text);

    // Named periods offered as links: label and period, counted from today.
    static QList<QPair<QString, Period>> presets(const QDate &today);
    // "1.–30. november 2026", "28. september – 4. oktober 2026"
    static QString periodText(const Period &period);
};

} // namespace feltnotat::server
