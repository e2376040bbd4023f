#include "leakscan.h"

#include <QDirIterator>
#include <QFile>
#include <QRandomGenerator>

namespace leakscan {

QStringList findMarkers(const QString &folder, const QStringList &markers)
{
    QList<QByteArray> pieces;
    for (const QString &marker : markers) {
        const QByteArray utf8 = marker.toUtf8();
        for (qsizetype i = 0; i + 8 <= utf8.size(); ++i)
            pieces.append(utf8.mid(i, 8));
    }
    QStringList hits;
    QDirIterator it(folder, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            hits << path + QStringLiteral(": unreadable");
            continue;
        }
        const QByteArray content = file.readAll();
        for (const QByteArray &piece : pieces) {
            if (content.contains(piece)) {
                hits << path + QStringLiteral(": ") + QString::fromUtf8(piece);
                break;
            }
        }
    }
    return hits;
}

QString newMarker(const QString &prefix)
{
    QString hex;
    for (int i = 0; i < 3; ++i)
        hex += QString::number(QRandomGenerator::global()->generate64(), 16).rightJustified(16, u'0').left(8);
    return prefix + u' ' + hex;
}

} // namespace leakscan
