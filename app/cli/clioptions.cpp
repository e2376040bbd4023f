#include "clioptions.h"

#include <QHash>

#include <algorithm>

namespace feltnotat {

namespace {

struct OptionSpec
{
    const char *name;
    bool takesValue;
};

// Options every command takes.
const QList<OptionSpec> &globalOptions()
{
    static const QList<OptionSpec> options {{"data", true}, {"pin-file", true}, {"pin-fd", true},
        {"json", false}, {"lang", true}, {"keystore", true}, {"allow-plain-http", false}, {"help", false},
        {"h", false}};
    return options;
}

// Each command's own options; a command that takes none is listed with none.
const QHash<QString, QList<OptionSpec>> &commandOptions()
{
    static const QHash<QString, QList<OptionSpec>> options {
        {QStringLiteral("login"),
            {{"server", true}, {"user", true}, {"device-name", true}, {"no-sync", false}}},
        {QStringLiteral("logout"), {{"wipe", false}, {"force", false}}},
        {QStringLiteral("list"), {{"limit", true}, {"all", false}}},
        {QStringLiteral("import"), {{"csv", true}, {"batch", true}}},
        {QStringLiteral("add"), {}},
        {QStringLiteral("edit"), {}},
        {QStringLiteral("delete"), {}},
        {QStringLiteral("show"), {}},
        {QStringLiteral("search"), {}},
        {QStringLiteral("today"), {}},
        {QStringLiteral("export"), {}},
        {QStringLiteral("sync"), {}},
        {QStringLiteral("status"), {}},
        {QStringLiteral("conflicts"), {}},
        {QStringLiteral("resolve"), {}},
        {QStringLiteral("dead-letters"), {}},
        {QStringLiteral("retry"), {}},
        {QStringLiteral("discard"), {}},
    };
    return options;
}

bool hasOption(const QList<OptionSpec> &options, const QString &name)
{
    return std::any_of(options.cbegin(), options.cend(),
        [&name](const OptionSpec &o) { return name == QLatin1String(o.name); });
}

} // namespace

CliOptions::CliOptions()
{
    // "-x" is the option x, as "--x" is (no bundles of one-letter options).
    m_parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    m_parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);
    QList<OptionSpec> all = globalOptions();
    for (auto it = commandOptions().cbegin(); it != commandOptions().cend(); ++it) {
        for (const OptionSpec &o : it.value()) {
            if (!hasOption(all, QLatin1String(o.name)))
                all.append(o);
        }
    }
    for (const OptionSpec &o : std::as_const(all)) {
        QCommandLineOption option(QString::fromLatin1(o.name));
        if (o.takesValue)
            option.setValueName(QStringLiteral("value"));
        m_parser.addOption(option);
    }
}

bool CliOptions::parse(const QStringList &arguments)
{
    const bool parsed = m_parser.parse(arguments);
    // The language first, so that every later message is in it.
    const QString lang = m_parser.value(QStringLiteral("lang"));
    m_english = lang == u"en";
    m_badLanguage = m_parser.isSet(QStringLiteral("lang")) && lang != u"nb" && lang != u"en";
    m_positional = m_parser.positionalArguments();
    if (!parsed) {
        const QStringList unknown = m_parser.unknownOptionNames();
        if (!unknown.isEmpty()) {
            const QString single = QStringLiteral("-") + unknown.first();
            const QString typed = arguments.contains(single) ? single : QString(u'-' + single);
            m_error = say(QStringLiteral("ukjent valg: "), QStringLiteral("unknown option: ")) + typed;
        } else { // the only other failure: the last argument is an option that needs a value
            m_error = say(QStringLiteral("%1 mangler en verdi"), QStringLiteral("%1 needs a value"))
                          .arg(arguments.value(arguments.size() - 1));
        }
        return false;
    }
    const auto own = commandOptions().constFind(command());
    if (own == commandOptions().cend())
        return true; // no command, or an unknown one: the caller says so
    for (const QString &name : m_parser.optionNames()) {
        if (!hasOption(globalOptions(), name) && !hasOption(*own, name)) {
            m_error = say(QStringLiteral("valget --%1 hører ikke til %2"),
                QStringLiteral("the option --%1 does not belong to %2"))
                          .arg(name, command());
            return false;
        }
    }
    return true;
}

bool CliOptions::isSet(const QString &name, QString *value) const
{
    if (!m_parser.isSet(name))
        return false;
    if (value)
        *value = m_parser.value(name);
    return true;
}

} // namespace feltnotat
