#include "benchutil.h"

#include "core/schema.h"
#include "core/validation.h"

#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTextStream>
#include <QTimeZone>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sys/resource.h>

namespace feltnotat::bench {

Stats stats(QList<double> samples)
{
    Stats s;
    s.count = samples.size();
    if (samples.isEmpty())
        return s;
    std::sort(samples.begin(), samples.end());
    const auto at = [&](double q) {
        const qsizetype i = std::min(samples.size() - 1, qsizetype(std::ceil(q * samples.size())) - 1);
        return samples.at(std::max<qsizetype>(0, i));
    };
    s.median = samples.size() % 2 ? samples.at(samples.size() / 2)
                                  : (samples.at(samples.size() / 2 - 1) + samples.at(samples.size() / 2)) / 2;
    s.p90 = at(0.90);
    s.p99 = at(0.99);
    s.max = samples.last();
    double sum = 0;
    for (double v : samples)
        sum += v;
    s.mean = sum / samples.size();
    return s;
}

QJsonObject statsJson(const Stats &s)
{
    const auto r = [](double v) {
        return std::round(v * 1000) / 1000;
    };
    return {{QStringLiteral("n"), s.count}, {QStringLiteral("median_ms"), r(s.median)},
        {QStringLiteral("p90_ms"), r(s.p90)}, {QStringLiteral("p99_ms"), r(s.p99)},
        {QStringLiteral("max_ms"), r(s.max)}, {QStringLiteral("mean_ms"), r(s.mean)}};
}

void report(const QString &name, QJsonObject fields)
{
    fields.insert(QStringLiteral("bench"), name);
    const QByteArray line = QJsonDocument(fields).toJson(QJsonDocument::Compact);
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

namespace {
qint64 statusField(const char *name)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray key = QByteArray(name) + ':';
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith(key))
            return line.mid(key.size()).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}
} // namespace

qint64 rssKiB()
{
    return statusField("VmRSS");
}

qint64 peakRssKiB()
{
    return statusField("VmHWM");
}

bool resetPeak()
{
    QFile f(QStringLiteral("/proc/self/clear_refs"));
    if (!f.open(QIODevice::WriteOnly))
        return false;
    return f.write("5") == 1;
}

Args::Args(const QStringList &args)
    : m_args(args)
{
    for (qsizetype i = 0; i < args.size(); ++i) {
        if (args.at(i).startsWith(u"--")) {
            if (i + 1 < args.size() && !args.at(i + 1).startsWith(u"--"))
                ++i;
        } else {
            m_positional << args.at(i);
        }
    }
}

QString Args::value(const QString &name, const QString &fallback) const
{
    const qsizetype i = m_args.indexOf(QString(u"--" + name));
    if (i < 0 || i + 1 >= m_args.size() || m_args.at(i + 1).startsWith(u"--"))
        return fallback;
    return m_args.at(i + 1);
}

qint64 Args::integer(const QString &name, qint64 fallback) const
{
    bool ok = false;
    const qint64 v = value(name).toLongLong(&ok);
    return ok ? v : fallback;
}

bool Args::flag(const QString &name) const
{
    return m_args.contains(QString(u"--" + name));
}

QList<DemoRecord> demoRecords(qint64 minRecords, const QString &userId, int *scaleOut)
{
    const QDate today = QDate::currentDate();
    const QTimeZone zone = QTimeZone::systemTimeZone();
    const qint64 perScale = demoData(today, zone, userId, 4).size() / 4;
    int scale = int(std::max<qint64>(1, (minRecords + perScale - 1) / perScale));
    QList<DemoRecord> out = demoData(today, zone, userId, scale);
    while (out.size() < minRecords)
        out = demoData(today, zone, userId, ++scale);
    if (scaleOut)
        *scaleOut = scale;
    return out;
}

Record pulledRecord(
    const DemoRecord &demo, const QString &teamId, const QString &userId, const QString &clock)
{
    const EntitySpec *spec = Schema::instance().entity(demo.entity);
    Record r;
    r.entity = demo.entity;
    r.id = demo.id;
    for (const FieldSpec &f : spec->fields) {
        if (f.defaultValue.isValid())
            r.values.insert(f.name, f.defaultValue);
    }
    for (auto it = demo.values.begin(); it != demo.values.end(); ++it) {
        const FieldSpec *f = spec->field(it.key());
        auto v = f ? Schema::normalize(*f, it.value()) : Result<QVariant>(it.value());
        r.values.insert(it.key(), v ? v.value() : it.value());
    }
    const QString now = validation::formatDateTime(QDateTime::currentDateTimeUtc());
    r.values.insert(sys::Team, teamId);
    r.values.insert(sys::CreatedBy, userId);
    r.values.insert(sys::UpdatedBy, userId);
    r.values.insert(sys::CreatedAt, now);
    r.values.insert(sys::UpdatedAt, now);
    r.values.insert(sys::Deleted, false);
    for (auto it = r.values.begin(); it != r.values.end(); ++it)
        r.clocks.insert(it.key(), clock);
    return r;
}

HttpHead parseHttpHead(const QByteArray &head)
{
    HttpHead h;
    h.status = head.mid(9, 3).toInt();
    for (const QByteArray &line : head.split('\n')) {
        const QByteArray l = line.trimmed().toLower();
        if (l.startsWith("content-length:"))
            h.length = l.mid(15).trimmed().toLongLong();
        else if (l.startsWith("transfer-encoding:") && l.contains("chunked"))
            h.chunked = true;
        else if (l.startsWith("connection:") && l.contains("close"))
            h.close = true;
        else if (l.startsWith("content-encoding:") && l.contains("gzip"))
            h.gzip = true;
    }
    return h;
}

QString syntheticNote(quint32 seed)
{
    static const char *const Openers[] = {"Møtte", "Ringte", "Besøkte", "Snakket med", "Fulgte opp",
        "Hadde samtale med", "Sendte melding til", "Trepartsmøte med"};
    static const char *const Who[] = {"daglig leder", "butikksjef", "jobbsøker", "verksted", "kantineleder",
        "lagersjef", "personalansvarlig", "veileder", "NAV-kontoret", "skolen"};
    static const char *const Topics[] = {"morgenskiftet", "prøvedag", "arbeidstrening", "tilrettelegging",
        "lønnstilskudd", "sertifikat", "truckførerbevis", "hygienekurs", "språkkurs", "arbeidstid", "ferie",
        "sykefravær", "turnus", "kundeservice", "kassesystem", "varelevering", "rengjøring", "oppvask",
        "hagearbeid", "snekring", "bilvask", "barnehagen", "hotellresepsjon", "regnskap", "sveising"};
    static const char *const Tails[] = {"Avtalt ny samtale neste uke.", "Trives godt og ønsker flere timer.",
        "Sendt CV til to bedrifter.", "Leder er positiv.", "Må følges opp før jul.",
        "Venter på svar fra bedriften.", "Ønsker å prøve noe utendørs.", "God stemning i møtet."};
    static const char *const Places[] = {"Oslo", "Bergen", "Ørsta", "Tromsø", "Drammen", "Ålesund", "Bodø",
        "Hamar", "Molde", "Førde", "Gjøvik", "Skien"};
    QRandomGenerator rng(seed);
    const auto pick = [&](const auto &list) {
        return QString::fromUtf8(list[rng.bounded(int(std::size(list)))]);
    };
    QString note = pick(Openers) + u' ' + pick(Who) + QStringLiteral(" i ") + pick(Places)
        + QStringLiteral(" om ") + pick(Topics) + QStringLiteral(" og ") + pick(Topics) + u'.';
    const int extra = 1 + int(rng.bounded(3));
    for (int i = 0; i < extra; ++i)
        note += u' ' + pick(Tails);
    // A rare word now and then (reference numbers, product names), so queries vary in selectivity.
    note += QStringLiteral(" Ref %1.").arg(rng.bounded(100000));
    return note;
}

double processCpuMs()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    const auto ms = [](const timeval &t) {
        return double(t.tv_sec) * 1000.0 + double(t.tv_usec) / 1000.0;
    };
    return ms(usage.ru_utime) + ms(usage.ru_stime);
}

} // namespace feltnotat::bench
