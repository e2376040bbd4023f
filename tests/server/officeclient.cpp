#include "officeclient.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryFile>

namespace testapi {

Reply OfficeClient::get(const QString &pathAndQuery, const ApiClientCredentials &who,
    const QList<QPair<QByteArray, QByteArray>> &extraHeaders)
{
    QList<QPair<QByteArray, QByteArray>> headers = extraHeaders;
    if (!who.id.isEmpty())
        headers.append({"Authorization", "Basic " + (who.id + u':' + who.secret).toUtf8().toBase64()});
    const Reply r = m_api.request("GET", pathAndQuery, {}, headers, false);
    const qsizetype question = pathAndQuery.indexOf(u'?');
    m_log.append(QJsonObject {{QStringLiteral("method"), QStringLiteral("get")},
        {QStringLiteral("path"), question < 0 ? pathAndQuery : pathAndQuery.left(question)},
        {QStringLiteral("status"), r.status},
        {QStringLiteral("content_type"), QString::fromLatin1(r.header("content-type"))},
        {QStringLiteral("body"), QString::fromUtf8(r.body)}});
    return r;
}

QByteArray OfficeClient::recorded() const
{
    QByteArray out;
    for (const QJsonValue &v : m_log)
        out += QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact) + '\n';
    return out;
}

QString OfficeClient::validateAgainstOpenApi() const
{
    const QString root = QStringLiteral(FELTNOTAT_SOURCE_DIR);
    const QString script = root + QStringLiteral("/scripts/openapi/validate-responses.mjs");
    const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
    if (node.isEmpty() || !QDir(root + QStringLiteral("/scripts/openapi/node_modules/ajv")).exists())
        return QStringLiteral(
            "skip: node or scripts/openapi/node_modules missing (scripts/test installs them)");
    QTemporaryFile file;
    if (!file.open())
        return QStringLiteral("cannot write a temporary file");
    file.write(recorded());
    file.flush();
    QProcess p;
    p.start(node, {script, root + QStringLiteral("/docs/openapi.yaml"), file.fileName()});
    if (!p.waitForFinished(60000))
        return QStringLiteral("the OpenAPI check did not finish");
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError()).left(4000);
    return {};
}

ApiClientCredentials parseCredentials(const QByteArray &adminOutput)
{
    ApiClientCredentials c;
    for (const QByteArray &line : adminOutput.split('\n')) {
        if (line.startsWith("client_id: "))
            c.id = QString::fromLatin1(line.mid(11).trimmed());
        else if (line.startsWith("client_secret: "))
            c.secret = QString::fromLatin1(line.mid(15).trimmed());
    }
    return c;
}

} // namespace testapi
