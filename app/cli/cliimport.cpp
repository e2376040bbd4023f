// feltnotat-cli import: many records from JSON Lines or CSV, validated by the store's own rules.
#include "cli.h"
#include "core/database.h"
#include "sync/jsonreader.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <unistd.h>

namespace feltnotat {

namespace {

// One field of an input row: a text (CSV cells are texts), or another JSON value.
struct ImportField
{
    QString key;
    bool isText = false;
    QString text;
    QJsonValue other;
};

// One input row: where it starts in the file, its record type, optional id and reference name, and its
// fields in the order of their names (as QJsonObject keeps them), each name once.
struct ImportRow
{
    qint64 line = 0;
    QString entity;
    QString id;
    QString ref;
    QList<ImportField> fields;
    QString error; // set when the row could not be read
};

// The fields of a JSON object, in its (name) order.
QList<ImportField> fieldsOf(const QJsonObject &o)
{
    QList<ImportField> fields;
    fields.reserve(o.size());
    for (auto it = o.begin(); it != o.end(); ++it) {
        ImportField f;
        f.key = it.key();
        const QJsonValue value = it.value();
        f.isText = value.isString();
        if (f.isText)
            f.text = value.toString();
        else
            f.other = value;
        fields.append(std::move(f));
    }
    return fields;
}

// Reads a line of the shape nearly every import has without building a QJsonDocument (which was half
// of the reading), with the strict reader of the sync protocol (sync/jsonreader.h): one object with the keys
// entity, fields, id and ref, each at most once, the first, third and fourth with a text, "fields" an object
// whose names are plain ASCII without escapes, each once, and whose values are texts, true, false, null or
// whole numbers of up to 15 digits. Anything else (and any line that is not valid JSON) gives false, and
// the caller reads the line with QJsonDocument as before: same values, same refusals.
class PlainJsonLine
{
public:
    explicit PlainJsonLine(const QByteArray &line)
        : m_json(line.constData(), line.constData() + line.size())
    { }

    bool read(ImportRow *row)
    {
        if (!m_json.take('{'))
            return false;
        bool seen[4] = {};
        for (;;) {
            QString key;
            if (!name(&key) || !m_json.take(':'))
                return false;
            int which = -1;
            if (key == u"entity")
                which = 0;
            else if (key == u"fields")
                which = 1;
            else if (key == u"id")
                which = 2;
            else if (key == u"ref")
                which = 3;
            if (which < 0 || seen[which])
                return false; // an unknown or repeated key: QJsonDocument's reading says what it makes of it
            seen[which] = true;
            const bool ok = which == 1 ? fields(&row->fields)
                : m_json.next('"')     ? m_json.string(which == 0 ? row->entity
                              : which == 2                        ? row->id
                                                                  : row->ref)
                                       : false;
            if (!ok)
                return false;
            if (m_json.take('}'))
                return seen[1]
                    && m_json.atEnd(); // without "fields": QJsonDocument's reading words the refusal
            if (!m_json.take(','))
                return false;
        }
    }

private:
    // A name of plain ASCII without escapes (so ordered alike by QString and QJsonObject).
    bool name(QString *out)
    {
        QByteArrayView raw;
        bool plain = false;
        if (!m_json.rawString(raw, plain) || !plain)
            return false;
        *out = QString::fromLatin1(raw);
        return true;
    }

    bool fields(QList<ImportField> *out)
    {
        if (!m_json.take('{'))
            return false;
        if (m_json.take('}'))
            return true;
        out->reserve(8);
        for (;;) {
            ImportField f;
            if (!name(&f.key) || !m_json.take(':'))
                return false;
            if (m_json.next('"')) {
                f.isText = true;
                if (!m_json.string(f.text))
                    return false;
            } else if (m_json.next('t') || m_json.next('f') || m_json.next('n')) {
                QVariant v;
                if (!m_json.literal(v))
                    return false;
                f.other = v.isValid() ? QJsonValue(v.toBool()) : QJsonValue(QJsonValue::Null);
            } else {
                const char *start = m_json.position();
                double number = 0;
                if (!m_json.number(number))
                    return false;
                // -?[0-9]{1,15} but "-0": the same double as QJsonDocument's integer
                const QByteArrayView token(start, m_json.position() - start);
                const QByteArrayView digits = token.startsWith('-') ? token.sliced(1) : token;
                if (digits.size() > 15 || token == "-0"
                    || !std::all_of(
                        digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
                    return false;
                f.other = QJsonValue(number);
            }
            out->append(std::move(f));
            if (m_json.take('}'))
                break;
            if (!m_json.take(','))
                return false;
        }
        // In name order, as QJsonObject keeps them; a name given twice is left to QJsonDocument.
        std::sort(out->begin(), out->end(),
            [](const ImportField &a, const ImportField &b) { return a.key < b.key; });
        for (qsizetype i = 1; i < out->size(); ++i) {
            if (out->at(i).key == out->at(i - 1).key)
                return false;
        }
        return true;
    }

    protocol::JsonReader m_json;
};

// A row made ready for the writer: its values in the store's types (checked and normalised once, by
// Store::normalizeNew), or why it is refused. `early` comes before the check of its reference name,
// `fieldError` after the references in `refs` (the fields that name an earlier row by "@NAME", in key order,
// up to the refused field).
struct PreparedRow
{
    qint64 line = 0;
    QString entity;
    QString id;
    QString ref;
    const EntitySpec *spec = nullptr;
    QVariantHash values;
    QList<QPair<QString, QString>> refs; // field, reference name
    std::optional<Error> early;
    std::optional<Error> fieldError;
    std::optional<Error> valueError; // the first value Store::normalizeNew() refused: after the id's checks
};

// Reads JSON Lines: one {"entity": …, "fields": {…}, "id"?: …, "ref"?: …} object a line; blank lines skipped.
class JsonLinesReader
{
public:
    JsonLinesReader(QIODevice &in, bool english)
        : m_in(in)
        , m_english(english)
    { }

    bool next(ImportRow *row)
    {
        while (!m_in.atEnd()) {
            const QByteArray line = m_in.readLine().trimmed();
            ++m_line;
            if (line.isEmpty())
                continue;
            *row = ImportRow {};
            row->line = m_line;
            if (PlainJsonLine(line).read(row))
                return true;
            *row = ImportRow {};
            row->line = m_line;
            QJsonParseError parseError {};
            const QJsonDocument doc = QJsonDocument::fromJson(line, &parseError);
            if (!doc.isObject()) {
                row->error = (m_english ? QStringLiteral("not a JSON object (%1)")
                                        : QStringLiteral("ikke et JSON-objekt (%1)"))
                                 .arg(parseError.errorString());
                return true;
            }
            const QJsonObject o = doc.object();
            for (auto it = o.begin(); it != o.end(); ++it) {
                if (it.key() != u"entity" && it.key() != u"fields" && it.key() != u"id"
                    && it.key() != u"ref") {
                    row->error
                        = (m_english ? QStringLiteral("unknown key \"%1\" (entity, fields, id, ref)")
                                     : QStringLiteral("ukjent nøkkel \"%1\" (entity, fields, id, ref)"))
                              .arg(it.key());
                    return true;
                }
            }
            row->entity = o.value(QStringLiteral("entity")).toString();
            row->id = o.value(QStringLiteral("id")).toString();
            row->ref = o.value(QStringLiteral("ref")).toString();
            if (!o.value(QStringLiteral("fields")).isObject())
                row->error = m_english ? QStringLiteral("\"fields\" must be an object")
                                       : QStringLiteral("\"fields\" må være et objekt");
            row->fields = fieldsOf(o.value(QStringLiteral("fields")).toObject());
            return true;
        }
        return false;
    }

private:
    QIODevice &m_in;
    bool m_english;
    qint64 m_line = 0;
};

// Reads CSV (RFC 4180: commas, double quotes around a cell that holds commas, quotes or line breaks, "" for
// a quote) whose first row names the fields. Every row is a record of one type; the columns `id` and `ref`
// are the record's id and reference name. An empty cell leaves the field unset.
class CsvReader
{
public:
    CsvReader(QIODevice &in, const QString &entity, bool english)
        : m_in(in)
        , m_entity(entity)
        , m_english(english)
    { }

    Status readHeader()
    {
        QStringList cells;
        if (!readRecord(&cells))
            return makeError(ErrorCode::Invalid,
                m_english ? QStringLiteral("the CSV has no header row")
                          : QStringLiteral("CSV-filen har ingen overskriftsrad"));
        m_header = cells;
        for (const QString &name : std::as_const(m_header)) {
            if (name.isEmpty())
                return makeError(ErrorCode::Invalid,
                    m_english ? QStringLiteral("the CSV header has an empty column name")
                              : QStringLiteral("overskriftsraden har en kolonne uten navn"));
        }
        return Status::success();
    }

    bool next(ImportRow *row)
    {
        QStringList cells;
        const qint64 start = m_line + 1;
        if (!readRecord(&cells))
            return false;
        *row = ImportRow {};
        row->line = start;
        row->entity = m_entity;
        if (cells.size() != m_header.size()) {
            row->error = (m_english ? QStringLiteral("%1 cells, the header has %2")
                                    : QStringLiteral("%1 celler, overskriftsraden har %2"))
                             .arg(cells.size())
                             .arg(m_header.size());
            return true;
        }
        QJsonObject fields;
        for (qsizetype i = 0; i < cells.size(); ++i) {
            const QString &name = m_header.at(i);
            if (name == u"id")
                row->id = cells.at(i);
            else if (name == u"ref")
                row->ref = cells.at(i);
            else if (!cells.at(i).isEmpty())
                fields.insert(name, cells.at(i));
        }
        row->fields = fieldsOf(fields);
        return true;
    }

private:
    // One record; false at the end of the input. Counts physical lines for the row numbers.
    bool readRecord(QStringList *cells)
    {
        for (;;) {
            if (m_in.atEnd())
                return false;
            QString line = QString::fromUtf8(m_in.readLine());
            ++m_line;
            if (line.endsWith(u'\n'))
                line.chop(1);
            if (line.endsWith(u'\r'))
                line.chop(1);
            if (line.isEmpty())
                continue; // blank lines between records
            QString cell;
            bool quoted = false;
            qsizetype i = 0;
            for (;;) {
                if (i >= line.size()) {
                    if (quoted && !m_in.atEnd()) { // a line break inside a quoted cell
                        cell += u'\n';
                        line = QString::fromUtf8(m_in.readLine());
                        ++m_line;
                        if (line.endsWith(u'\n'))
                            line.chop(1);
                        if (line.endsWith(u'\r'))
                            line.chop(1);
                        i = 0;
                        continue;
                    }
                    break;
                }
                const QChar c = line.at(i++);
                if (quoted) {
                    if (c == u'"' && i < line.size() && line.at(i) == u'"') {
                        cell += u'"';
                        ++i;
                    } else if (c == u'"') {
                        quoted = false;
                    } else {
                        cell += c;
                    }
                } else if (c == u'"') {
                    quoted = true;
                } else if (c == u',') {
                    *cells << cell;
                    cell.clear();
                } else {
                    cell += c;
                }
            }
            *cells << cell;
            return true;
        }
    }

    QIODevice &m_in;
    QString m_entity;
    bool m_english;
    QStringList m_header;
    qint64 m_line = 0;
};

} // namespace

int Cli::importRecords(QStringList &args)
{
    QString csvEntity;
    const bool csv = option(QStringLiteral("csv"), &csvEntity);
    QString batchText = QStringLiteral("1000");
    option(QStringLiteral("batch"), &batchText);
    bool ok = false;
    const int batchSize = batchText.toInt(&ok);
    if (args.size() > 1 || !ok || batchSize <= 0)
        return usage(say(QStringLiteral("bruk: import [--csv TYPE] [--batch N] [FIL|-]"),
            QStringLiteral("usage: import [--csv ENTITY] [--batch N] [FILE|-]")));
    if (csv && !Schema::instance().entity(csvEntity))
        return fail(makeError(ErrorCode::Invalid,
            say(QStringLiteral("ukjent posttype: "), QStringLiteral("unknown record type: ")) + csvEntity));
    const QString path = args.value(0, QStringLiteral("-"));
    QFile file;
    if (path == u"-") {
        if (!file.open(stdin, QIODevice::ReadOnly))
            return fail(makeError(ErrorCode::Invalid,
                say(QStringLiteral("kan ikke lese standard inn"),
                    QStringLiteral("cannot read standard input"))));
    } else {
        file.setFileName(path);
        if (!file.open(QIODevice::ReadOnly))
            return fail(makeError(ErrorCode::NotFound,
                say(QStringLiteral("kan ikke lese %1: %2"), QStringLiteral("cannot read %1: %2"))
                    .arg(path, file.errorString())));
    }
    JsonLinesReader jsonLines(file, m_english);
    CsvReader csvReader(file, csvEntity, m_english);
    if (csv) {
        if (Status s = csvReader.readHeader(); !s)
            return fail(s.error());
    }
    const auto nextRow = [&](ImportRow *row) {
        return csv ? csvReader.next(row) : jsonLines.next(row);
    };

    // Everything about a row that needs no database: its type, its fields and their values in the store's
    // types. What it refuses it refuses in the order of the checks of a row (the row, its type, then the
    // fields in key order), with the checks that need earlier rows (reference names) left to the writer at
    // their place in that order, and the values' own refusals after them and the id's checks.
    const auto prepare = [this](ImportRow &&row) {
        PreparedRow p;
        p.line = row.line;
        p.entity = std::move(row.entity);
        p.id = std::move(row.id);
        p.ref = std::move(row.ref);
        if (!row.error.isEmpty()) {
            p.early = makeError(ErrorCode::Invalid, row.error);
            return p;
        }
        static const QStringList importable {QStringLiteral("participant"), QStringLiteral("employer"),
            QStringLiteral("workplace"), QStringLiteral("contact"), QStringLiteral("encounter"),
            QStringLiteral("task"), QStringLiteral("employment")};
        const EntitySpec *spec = Schema::instance().entity(p.entity);
        if (!spec || !importable.contains(p.entity)) {
            p.early = makeError(ErrorCode::Invalid,
                say(QStringLiteral("ukjent posttype: \"%1\""), QStringLiteral("unknown record type: \"%1\""))
                    .arg(p.entity));
            return p;
        }
        p.spec = spec;
        p.values.reserve(row.fields.size());
        for (ImportField &f : row.fields) {
            const FieldSpec *field = spec->field(f.key);
            if (!field) {
                p.fieldError = makeError(ErrorCode::Invalid,
                    say(QStringLiteral("%1 har ikke feltet %2"), QStringLiteral("%1 has no field %2"))
                        .arg(p.entity, f.key));
                return p;
            }
            QVariant converted;
            if (f.isText) {
                if (field->type == FieldType::Ref && f.text.startsWith(u'@')) {
                    p.refs.append({field->name, f.text.mid(1)}); // resolved by the writer
                    continue;
                }
                converted = QVariant(f.text);
            } else {
                auto fromJson = Schema::fromJson(*field, f.other);
                if (!fromJson) {
                    p.fieldError = makeError(fromJson.error().code, fromJson.error().message, f.key);
                    return p;
                }
                converted = std::move(fromJson).value();
            }
            // The store's own check and normalisation of the value, done once here (createNormalized() takes
            // it).
            auto normalized = Store::normalizeNew(*spec, field->name, converted);
            if (!normalized) {
                if (!p.valueError)
                    p.valueError = normalized.error();
                continue; // a reason found above for a later field comes first
            }
            // Keyed by the spec's own name: the store finds it by its pointer, without hashing it.
            p.values.insert(field->name, std::move(normalized).value());
        }
        return p;
    };

    // Rows are read and prepared one at a time, just before they are written. (A reading thread that
    // prepared them ahead cut the writing thread's work by a fifth, but on this project's shared 2-core
    // machine it made the import slower and cost more CPU in all: bench/notes.md, "Import".)
    ImportRow read;
    PreparedRow current;
    const auto nextPrepared = [&](PreparedRow **row) {
        if (!nextRow(&read))
            return false;
        current = prepare(std::move(read));
        *row = &current;
        return true;
    };

    Store &store = m_session->store();
    QHash<QString, QString> refs; // reference name → id of the record stored with it
    qint64 stored = 0;
    QJsonArray refused;
    const auto refuse = [&](qint64 line, const QString &reason) {
        m_err << QStringLiteral("line %1: %2").arg(line).arg(reason) << Qt::endl;
        refused.append(QJsonObject {{QStringLiteral("line"), line}, {QStringLiteral("reason"), reason}});
    };
    // One prepared row: references resolved, then written with the store's rules (in the batch's
    // transaction; a refused row writes nothing).
    const auto importRow = [&](PreparedRow &row) -> Status {
        if (row.early)
            return *row.early;
        if (!row.ref.isEmpty() && refs.contains(row.ref))
            return makeError(ErrorCode::Invalid,
                say(QStringLiteral("referansenavnet \"%1\" er brukt før"),
                    QStringLiteral("reference name \"%1\" is used twice"))
                    .arg(row.ref));
        for (const auto &[field, name] : std::as_const(row.refs)) {
            const auto target = refs.constFind(name);
            if (target == refs.cend())
                return makeError(ErrorCode::Invalid,
                    say(QStringLiteral("%1: ingen tidligere rad har \"ref\": \"%2\""),
                        QStringLiteral("%1: no earlier row has \"ref\": \"%2\""))
                        .arg(field, name));
            auto normalized = Store::normalizeNew(*row.spec, field, *target);
            if (!normalized && !row.valueError)
                row.valueError = normalized.error();
            else if (normalized)
                row.values.insert(field, std::move(normalized).value());
        }
        if (row.fieldError)
            return *row.fieldError;
        if (row.valueError) {
            if (!row.id.isEmpty()) { // as createWithId(): the id's checks before the values'
                if (Status s = store.checkNewId(row.entity, row.id); !s)
                    return s;
            }
            return *row.valueError;
        }
        auto created = store.createNormalized(row.entity, row.id, row.values);
        if (!created)
            return created.error();
        if (!row.ref.isEmpty())
            refs.insert(row.ref, created->id);
        ++stored;
        return Status::success();
    };

    const bool tty = ::isatty(STDERR_FILENO);
    QElapsedTimer elapsed;
    elapsed.start();
    qint64 lastProgress = 0;
    PreparedRow *row = nullptr;
    qint64 lastLine = 0;
    bool more = true;
    while (more) {
        Transaction batch(store.database());
        if (!batch.ok())
            return fail(batch.status().error());
        store.beginBulk(); // search entries and the clock once per batch
        const qint64 storedBefore = stored;
        for (int n = 0; n < batchSize && (more = nextPrepared(&row)); ++n) {
            lastLine = row->line;
            Status s = importRow(*row);
            if (store.bulkBroken())
                break; // the database failed mid-row: the batch cannot be committed (endBulk says why)
            if (!s)
                refuse(row->line,
                    (s.error().field.isEmpty() ? QString() : s.error().field + QStringLiteral(": "))
                        + s.error().message);
        }
        if (Status s = store.endBulk(); !s) {
            m_err << say(
                QStringLiteral("importen stoppet ved linje %1; %2 oppføringer før denne bolken er lagret"),
                QStringLiteral("the import stopped at line %1; %2 records before this batch are stored"))
                         .arg(lastLine)
                         .arg(storedBefore)
                  << Qt::endl;
            return fail(s.error(), SyncFailed);
        }
        if (Status s = batch.commit(); !s)
            return fail(s.error(), SyncFailed);
        if (tty && elapsed.elapsed() - lastProgress >= 250) {
            lastProgress = elapsed.elapsed();
            m_err << say(QStringLiteral("\rimportert %1 oppføringer, %2 avvist"),
                QStringLiteral("\rimported %1 records, %2 refused"))
                         .arg(stored)
                         .arg(refused.size())
                  << Qt::flush;
        }
    }
    if (tty && lastProgress > 0)
        m_err << '\n';
    const double seconds = elapsed.elapsed() / 1000.0;
    print(QJsonObject {{QStringLiteral("imported"), stored}, {QStringLiteral("refused"), refused},
              {QStringLiteral("seconds"), seconds}},
        say(QStringLiteral("importerte %1 oppføringer, avviste %2 (%3 s)"),
            QStringLiteral("imported %1 records, refused %2 (%3 s)"))
            .arg(stored)
            .arg(refused.size())
            .arg(seconds, 0, 'f', 1));
    return refused.isEmpty() ? Ok : Refused;
}

} // namespace feltnotat
