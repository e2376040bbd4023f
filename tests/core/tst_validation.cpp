#include "core/validation.h"
#include "support/testdata.h"

#include <QTest>

using namespace feltnotat;
using namespace feltnotat::validation;

class TestValidation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void orgNumber_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<bool>("valid");
        QTest::newRow("example 1") << QStringLiteral("123456785") << true;
        QTest::newRow("example 2") << QStringLiteral("701730496") << true;
        QTest::newRow("with spaces") << QStringLiteral("701 730 496") << true;
        QTest::newRow("wrong check digit") << QStringLiteral("123456789") << false;
        QTest::newRow("check digit 10") << QStringLiteral("100000060") << false;
        QTest::newRow("eight digits") << QStringLiteral("12345678") << false;
        QTest::newRow("letters") << QStringLiteral("12345678a") << false;
        QTest::newRow("empty") << QString() << false;
    }
    void orgNumber()
    {
        QFETCH(QString, input);
        QFETCH(bool, valid);
        auto r = normalizeOrgNumber(input);
        QCOMPARE(r.ok(), valid);
        if (valid)
            QCOMPARE(r.value().size(), 9);
        else
            QVERIFY(!r.error().message.isEmpty());
    }

    void checkDigitTenIsInvalid()
    {
        // 00000040x: 4 * 3 = 12, remainder 1, so the computed check digit is 10 and no x can make it valid.
        for (int d = 0; d < 10; ++d) {
            const QString n = QStringLiteral("00000040") + QString::number(d);
            QVERIFY2(!isValidOrgNumber(n), qPrintable(n));
        }
        // 00000050x has a real check digit: 5 * 3 = 15, remainder 4, check 7.
        QVERIFY(isValidOrgNumber(QStringLiteral("000000507")));
    }

    void phone_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected"); // empty = invalid
        QTest::newRow("mobile") << QStringLiteral("912 34 567") << QStringLiteral("+4791234567");
        QTest::newRow("with +47") << QStringLiteral("+47 41234567") << QStringLiteral("+4741234567");
        QTest::newRow("with 0047") << QStringLiteral("0047 412-34-567") << QStringLiteral("+4741234567");
        QTest::newRow("landline") << QStringLiteral("22 33 44 55") << QStringLiteral("+4722334455");
        QTest::newRow("swedish") << QStringLiteral("+46 70 123 45 67") << QStringLiteral("+46701234567");
        QTest::newRow("seven digits") << QStringLiteral("9123456") << QString();
        QTest::newRow("starts with 0") << QStringLiteral("01234567") << QString();
        QTest::newRow("letters") << QStringLiteral("9123456a") << QString();
        QTest::newRow("plus only") << QStringLiteral("+") << QString();
    }
    void phone()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        auto r = normalizePhone(input);
        QCOMPARE(r.ok(), !expected.isEmpty());
        if (r.ok())
            QCOMPARE(r.value(), expected);
    }

    void email_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::newRow("plain") << QStringLiteral("kari@example.no") << QStringLiteral("kari@example.no");
        QTest::newRow("domain case") << QStringLiteral(" Kari@Example.NO ")
                                     << QStringLiteral("Kari@example.no");
        QTest::newRow("norwegian letters")
            << QStringLiteral("ørjan@bedrift.no") << QStringLiteral("ørjan@bedrift.no");
        QTest::newRow("no at") << QStringLiteral("kari.example.no") << QString();
        QTest::newRow("two at") << QStringLiteral("a@b@c.no") << QString();
        QTest::newRow("no tld") << QStringLiteral("kari@example") << QString();
        QTest::newRow("space") << QStringLiteral("ka ri@example.no") << QString();
    }
    void email()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        auto r = normalizeEmail(input);
        QCOMPARE(r.ok(), !expected.isEmpty());
        if (r.ok())
            QCOMPARE(r.value(), expected);
    }

    void birthNumber_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<bool>("valid");
        // Synthetic numbers built for this test with the published check-digit rules.
        QTest::newRow("classic") << QStringLiteral("01010012356") << true;
        QTest::newRow("d-number") << QStringLiteral("41010012420") << true;
        QTest::newRow("wrong k2") << QStringLiteral("01010012357") << false;
        QTest::newRow("bad date") << QStringLiteral("32130012345") << false;
        QTest::newRow("ten digits") << QStringLiteral("0101001235") << false;
    }
    void birthNumber()
    {
        QFETCH(QString, input);
        QFETCH(bool, valid);
        QCOMPARE(isValidBirthNumber(input), valid);
    }

    void containsBirthNumberFindsItInText()
    {
        QVERIFY(containsBirthNumber(QStringLiteral("01010012356")));
        QVERIFY(containsBirthNumber(QStringLiteral("fnr 010100 12356 ble nevnt")));
        QVERIFY(!containsBirthNumber(QStringLiteral("ring 91234567 i morgen")));
        QVERIFY(containsBirthNumber(QStringLiteral("010100123560"))); // inside a longer run of digits
        QVERIFY(!containsBirthNumber(QStringLiteral("møte kl 10")));
    }

    // However a number is written (security review L9): after NFKC with separators removed, every run
    // of 11 digits counts. Synthetic numbers only (month + 80).
    void birthNumberHoweverWritten_data()
    {
        QTest::addColumn<QString>("text");
        const QString fnr = testdata::firstSyntheticBirthNumber(QDate(1987, 5, 14));
        QVERIFY(isValidBirthNumber(fnr));
        const QString d = fnr.left(6), n = fnr.mid(6);
        const auto digits = [&fnr](char16_t zero) {
            QString out;
            for (QChar c : fnr)
                out += QChar(char16_t(zero + (c.unicode() - u'0')));
            return out;
        };
        QTest::newRow("dash") << d + u'-' + n;
        QTest::newRow("dots and a space")
            << fnr.left(2) + u'.' + fnr.mid(2, 2) + u'.' + fnr.mid(4, 2) + u' ' + n;
        QTest::newRow("groups of three and two") << d + u' ' + n.left(3) + u' ' + n.mid(3);
        QTest::newRow("two spaces") << QStringLiteral("fnr ") + d + QStringLiteral("  ") + n;
        QTest::newRow("zero-width space") << d.left(3) + QChar(0x200b) + d.mid(3) + n;
        QTest::newRow("word joiner and soft hyphen")
            << d + QChar(0x2060) + n.left(2) + QChar(0x00ad) + n.mid(2);
        QTest::newRow("en dash") << d + QChar(0x2013) + n;
        QTest::newRow("no-break space") << d + QChar(0x00a0) + n;
        QTest::newRow("full-width digits") << digits(0xff10);
        QTest::newRow("Arabic-Indic digits") << digits(0x0660);
        QTest::newRow("in a longer run") << QStringLiteral("ref 7") + fnr + QStringLiteral("93");
        QTest::newRow("as a phone number") << u'+' + fnr;
        QTest::newRow("as an e-mail address") << fnr + QStringLiteral("@example.no");
        QTest::newRow("dotted e-mail address")
            << d.left(2) + u'.' + d.mid(2) + u'.' + n + QStringLiteral("@example.no");
    }
    void birthNumberHoweverWritten()
    {
        QFETCH(QString, text);
        QVERIFY(containsBirthNumber(text));
    }

    void everydayNumbersAreNoBirthNumber_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("phone") << QStringLiteral("ring 912 34 567 i morgen");
        QTest::newRow("date and time") << QStringLiteral("møte 12.03.2024 kl. 10.00-11.30");
        QTest::newRow("org number") << QStringLiteral("org.nr. 923 609 016");
        QTest::newRow("ten digits") << QStringLiteral("01.01.00 1235");
        QTest::newRow("plain text") << QStringLiteral("møte kl 10");
        QTest::newRow("wrong check digit") << QStringLiteral("010100-12357");
        QTest::newRow("split by a word") << QStringLiteral("010100 og 12356");
    }
    void everydayNumbersAreNoBirthNumber()
    {
        QFETCH(QString, text);
        QVERIFY(!containsBirthNumber(text));
    }

    void cleanText()
    {
        QVERIFY(isCleanText(QStringLiteral("Søberg, Ørsta og Åsgård"), false));
        QVERIFY(isCleanText(QStringLiteral("linje 1\nlinje 2"), true));
        QVERIFY(!isCleanText(QStringLiteral("linje 1\nlinje 2"), false));
        QVERIFY(!isCleanText(QStringLiteral("null\x01tegn"), true));
        QString lone;
        lone.append(QChar(0xd800));
        QVERIFY(!isCleanText(lone, true));
        QVERIFY(isCleanText(QString::fromUtf8("emoji \xf0\x9f\x98\x80"), true));
    }

    void strictUtf8()
    {
        QVERIFY(decodeUtf8(QByteArray("Søberg")).ok());
        QVERIFY(!decodeUtf8(QByteArray("S\xf8"
                                       "berg"))
                     .ok()); // Latin-1, not UTF-8
        QVERIFY(!decodeUtf8(QByteArray("\xc3\x28")).ok());
        QVERIFY(!decodeUtf8(QByteArray("\xed\xa0\x80")).ok()); // encoded surrogate
    }

    void datesAndTimes()
    {
        QVERIFY(parseDate(QStringLiteral("2026-11-23")));
        QVERIFY(!parseDate(QStringLiteral("2026-02-30")));
        QVERIFY(!parseDate(QStringLiteral("23.11.2026")));
        QVERIFY(!parseDate(QStringLiteral("1800-01-01")));
        QVERIFY(!parseDate(QStringLiteral("2026-13-01")));
        QVERIFY(!parseDate(QStringLiteral("2026-1x-01")));
        QCOMPARE(parseDate(QStringLiteral("2024-02-29")), QDate(2024, 2, 29));
        QVERIFY(!parseDate(QStringLiteral("2023-02-29")));
        // Digit by digit, the same as QDate's own reading and writing, for every day of the years allowed.
        for (QDate d(MinYear, 1, 1); d.year() <= MaxYear; d = d.addDays(1)) {
            const QString text = d.toString(Qt::ISODate);
            QCOMPARE(formatDate(d), text);
            QCOMPARE(parseDate(text), d);
        }
        QCOMPARE(formatDate(QDate(999, 12, 31)), QDate(999, 12, 31).toString(Qt::ISODate));
        QCOMPARE(formatDate(QDate()), QString());
        QVERIFY(parseDateTime(QStringLiteral("2026-11-23T09:00:00Z")));
        QVERIFY(parseDateTime(QStringLiteral("2026-11-23T09:00:00.250Z")));
        QVERIFY(!parseDateTime(QStringLiteral("2026-11-23T09:00:00"))); // no zone
        QVERIFY(!parseDateTime(QStringLiteral("2026-11-23T25:00:00Z")));
        QVERIFY(!parseDateTime(QStringLiteral("3026-11-23T09:00:00Z")));
    }

    void canonicalTimeIsExactlyWhatFormatWrites_data()
    {
        QTest::addColumn<QString>("text");
        for (const char *t :
            {"2026-11-23T09:05:00Z", "2024-02-29T23:59:59Z", "1900-01-01T00:00:00Z", "2100-12-31T23:59:59Z",
                "2026-11-23T09:05:00.250Z", "2026-11-23T09:05:00", "2026-11-23 09:05:00Z",
                "2026-02-29T10:00:00Z", "2026-11-23T24:00:00Z", "2026-11-23T09:60:00Z",
                "2026-11-23T09:05:60Z", "1899-12-31T23:59:59Z", "2101-01-01T00:00:00Z", "2026-1-23T09:05:00Z",
                "２026-11-23T09:05:00Z", "", "2026-11-23T09:05:00z"})
            QTest::newRow(t) << QString::fromUtf8(t);
    }

    void canonicalTimeIsExactlyWhatFormatWrites()
    {
        // The fast path must agree with the QDateTime round trip it stands in for.
        QFETCH(QString, text);
        const auto parsed = parseDateTime(text);
        const bool roundTrips = parsed && formatDateTime(*parsed) == text;
        QCOMPARE(isCanonicalDateTime(text), roundTrips);
    }
};

QTEST_GUILESS_MAIN(TestValidation)
#include "tst_validation.moc"
