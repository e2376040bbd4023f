#include "strictjson.h"

#include "jsonreader.h"

#include <QList>
#include <QSet>

namespace feltnotat::protocol {

namespace {

// Where a value stands, as a chain up to the top; the path text is built only when it is reported.
struct PathStep
{
    const PathStep *parent = nullptr;
    const QString *key = nullptr; // the member's key, or null for an array element
    qsizetype index = 0;
};

QString pathText(const PathStep *step)
{
    QList<const PathStep *> steps;
    for (; step; step = step->parent)
        steps.prepend(step);
    QString path;
    for (const PathStep *s : steps) {
        if (!s->key) {
            path += QStringLiteral("[%1]").arg(s->index);
            continue;
        }
        if (!path.isEmpty())
            path += u'.';
        path += s->key->left(40);
    }
    return path;
}

class StrictWalker
{
public:
    explicit StrictWalker(JsonReader &in)
        : m_in(in)
    { }

    QString repeatedKey; // the path of the first key seen twice

    bool value(const PathStep *at, int depth)
    {
        if (depth > MaxJsonDepth)
            return m_in.fail("nested too deeply");
        if (m_in.next('{')) {
            QSet<QString> seen;
            return m_in.object([&](const QString &key) {
                const PathStep step {at, &key, 0};
                if (seen.contains(key)) {
                    repeatedKey = pathText(&step);
                    return m_in.fail("a key appears twice in one object");
                }
                seen.insert(key);
                return value(&step, depth + 1);
            });
        }
        if (m_in.next('[')) {
            qsizetype index = 0;
            return m_in.array([&] {
                const PathStep step {at, nullptr, index++};
                return value(&step, depth + 1);
            });
        }
        return m_in.skipValue();
    }

private:
    JsonReader &m_in;
};

} // namespace

Status checkStrictJson(QByteArrayView json)
{
    JsonReader in(json.data(), json.data() + json.size());
    StrictWalker walker(in);
    if (walker.value(nullptr, 0) && !in.atEnd())
        in.fail("text after the value");
    if (!walker.repeatedKey.isEmpty())
        return makeError(
            ErrorCode::Protocol, QStringLiteral("a key appears twice in one object"), walker.repeatedKey);
    if (in.failed())
        return makeError(ErrorCode::Protocol, QStringLiteral("body is not valid JSON: ") + in.error());
    return Status::success();
}

} // namespace feltnotat::protocol
