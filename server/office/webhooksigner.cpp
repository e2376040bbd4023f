#include "webhooksigner.h"

#include <QList>
#include <QMessageAuthenticationCode>

#include <sodium.h>

namespace feltnotat::server {

namespace {

QByteArray mac(const QByteArray &secret, qint64 t, const QByteArray &body)
{
    QMessageAuthenticationCode code(QCryptographicHash::Sha256, secret);
    code.addData(QByteArray::number(t) + '.');
    code.addData(body);
    return code.result().toHex();
}

} // namespace

QByteArray WebhookSigner::sign(const QByteArray &secret, qint64 unixSeconds, const QByteArray &body)
{
    return QByteArrayLiteral("t=") + QByteArray::number(unixSeconds)
        + ",v1=" + mac(secret, unixSeconds, body);
}

bool WebhookSigner::verify(const QByteArray &secret, const QByteArray &header, const QByteArray &body,
    qint64 nowUnixSeconds, qint64 toleranceSeconds)
{
    qint64 t = -1;
    QList<QByteArray> signatures;
    for (const QByteArray &part : header.split(',')) {
        const QByteArray p = part.trimmed();
        if (p.startsWith("t=")) {
            bool ok = false;
            t = p.mid(2).toLongLong(&ok);
            if (!ok)
                return false;
        } else if (p.startsWith("v1=")) {
            signatures << p.mid(3);
        }
    }
    if (t < 0 || std::abs(nowUnixSeconds - t) > toleranceSeconds)
        return false;
    const QByteArray expected = mac(secret, t, body);
    for (const QByteArray &s : std::as_const(signatures)) {
        if (s.size() == expected.size()
            && sodium_memcmp(s.constData(), expected.constData(), size_t(s.size())) == 0)
            return true;
    }
    return false;
}

} // namespace feltnotat::server
