#pragma once

#include <QString>
#include <QStringList>

// Norwegian names for the record types, fields and enum values the user sees; translated at runtime
// (context "Vocabulary"). The schema keeps the English keys.
namespace vocabulary {

// "job_development" of encounter.kind → "Jobbutvikling".
QString valueLabel(const QString &entity, const QString &field, const QString &value);
// "phone" of participant → "Telefon".
QString fieldLabel(const QString &entity, const QString &field);
// "participant" → "Deltaker"; plural → "Deltakere".
QString entityLabel(const QString &entity, bool plural = false);

} // namespace vocabulary
