#pragma once

#include <QCommandLineParser>
#include <QString>
#include <QStringList>

namespace feltnotat {

// feltnotat-cli's options, read by one QCommandLineParser for the whole command line: the global options
// and every command's own, each in any position (before or after the command and its arguments); "--"
// ends the options, so a text that starts with "-" can still be searched for. An option another command
// owns, an unknown option and a missing value are usage errors, worded in the chosen language.
class CliOptions
{
public:
    CliOptions();

    // Parses arguments (the program name first). False on a usage error: error() says what, in Bokmål,
    // or English once --lang en was read.
    bool parse(const QStringList &arguments);
    QString error() const { return m_error; }

    // The command and its arguments, options taken out.
    QString command() const { return m_positional.value(0); }
    QStringList arguments() const { return m_positional.mid(1); }

    // Whether option `name` (without dashes) was given; with `value`, its value (the last one given).
    bool isSet(const QString &name, QString *value = nullptr) const;
    // The names of the options given (without dashes), as given.
    QStringList given() const { return m_parser.optionNames(); }
    bool english() const { return m_english; }
    // Whether --lang was given a language other than nb and en.
    bool badLanguage() const { return m_badLanguage; }

private:
    QString say(const QString &bokmal, const QString &english) const { return m_english ? english : bokmal; }

    QCommandLineParser m_parser;
    QStringList m_positional;
    QString m_error;
    bool m_english = false;
    bool m_badLanguage = false;
};

} // namespace feltnotat
