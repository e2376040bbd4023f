#pragma once

#include <QStringList>

// Looks for personal data left in plain text on disk: every file under a folder is searched for
// each marker and for every 8-byte piece of it (its UTF-8 bytes), so that a marker split across two
// pages or partly overwritten is still found.
namespace leakscan {

// "<file>: <marker piece>" for every hit; empty when nothing leaked.
QStringList findMarkers(const QString &folder, const QStringList &markers);
// A marker of synthetic text that occurs nowhere else: a prefix and 24 random letters (no digits:
// the store refuses a name that holds a birth number).
QString newMarker(const QString &prefix = QStringLiteral("Markør"));

} // namespace leakscan
