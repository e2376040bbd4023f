#pragma once

#include <QDateTime>
#include <QObject>
#include <QTimeZone>
#include <QtQml/qqmlregistration.h>

class QQmlEngine;
class QJSEngine;

// Norwegian (nb-NO) formats for dates, times, weeks and numbers: dd.MM.yyyy, HH:mm, "uke 48",
// decimal comma, non-breaking space between thousands. Static helpers for C++ plus a QML singleton.
class Formatter : public QObject
{
    Q_OBJECT
    QML_NAMED_ELEMENT(Format)
    QML_SINGLETON

public:
    explicit Formatter(QObject *parent = nullptr);

    // ISO date (yyyy-MM-dd) or UTC time text → "dd.MM.yyyy"; empty for empty or invalid input.
    Q_INVOKABLE static QString date(const QString &iso);
    // UTC time text → local "HH:mm".
    Q_INVOKABLE static QString time(const QString &isoUtc);
    // UTC time text → local "dd.MM.yyyy HH:mm".
    Q_INVOKABLE static QString dateTime(const QString &isoUtc);
    // 1234.5 → "1 234,5" (decimals as given; trailing zeros kept).
    Q_INVOKABLE static QString number(double value, int decimals = 0);
    // "uke 48" / "week 48" after the current language.
    Q_INVOKABLE static QString week(const QString &isoDate);
    // Organisation number in groups of three: "123 456 785".
    Q_INVOKABLE static QString orgNumber(const QString &digits);
    // +4791234567 → "912 34 567"; foreign numbers as stored.
    Q_INVOKABLE static QString phone(const QString &stored);

    static QString date(const QDate &date);
    static QString time(const QDateTime &time);
    static QString dateTime(const QDateTime &time);
    static QString week(const QDate &date);
    // "i dag", "i morgen", "i går" or the date.
    static QString relativeDay(const QDate &day, const QDate &today);
    // Short form for list rows: "i går", "i dag", "fre. 20.11." in the same year, else dd.MM.yyyy.
    static QString shortDay(const QDate &day, const QDate &today);
    // Parses "dd.MM.yyyy" (also d.M.yyyy, dd.MM.yy and ISO yyyy-MM-dd); invalid QDate when it cannot.
    static QDate parseDate(const QString &text);
    // Parses "HH:mm" (also H:mm, HHmm, H.mm).
    static QTime parseTime(const QString &text);

    // The time zone for local display; the system zone unless a test sets one.
    static QTimeZone zone();
    static void setZone(const QTimeZone &zone);
};
