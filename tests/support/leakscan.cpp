#include "leakscan.h"

#include <QDirIterator>
#include <QFile>
#include <QRandomGenerator>

#include <iterator>

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
    // Letters only: 3 % of markers of random hex digits held a run of 11 decimal digits, and about one
    // in 10,000 a valid birth number, which the store refuses in a name (tst_devicestore's writer
    // failed on one in CI).
    static constexpr char16_t letters[] = u"abcdefghjkmnpqrstuvwxyz";
    QString random;
    for (int i = 0; i < 24; ++i)
        random += QChar(letters[QRandomGenerator::global()->bounded(int(std::size(letters)) - 1)]);
    return prefix + u' ' + random;
}

} // namespace leakscan
