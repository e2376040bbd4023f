#include "pinpolicy.h"

#include <QCoreApplication>

namespace feltnotat::pinpolicy {

namespace {

bool isTrivial(QStringView pin)
{
    bool repeatedPair = true;
    bool up = true;
    bool down = true;
    for (qsizetype i = 1; i < pin.size(); ++i) {
        const int step = (pin.at(i).unicode() - pin.at(i - 1).unicode() + 10) % 10;
        up = up && step == 1;
        down = down && step == 9;
        repeatedPair = repeatedPair && (i < 2 || pin.at(i) == pin.at(i - 2)); // also one digit repeated
    }
    return up || down || repeatedPair;
}

} // namespace

QString problem(QStringView pin)
{
    for (QChar c : pin) {
        if (c < u'0' || c > u'9')
            return QCoreApplication::translate("PinPolicy", "PIN-koden kan bare ha sifre.");
    }
    if (pin.size() < MinLength)
        return QCoreApplication::translate("PinPolicy", "PIN-koden må ha minst %1 sifre.").arg(MinLength);
    if (pin.size() > MaxLength)
        return QCoreApplication::translate("PinPolicy", "PIN-koden kan ha høyst %1 sifre.").arg(MaxLength);
    if (isTrivial(pin))
        return QCoreApplication::translate(
            "PinPolicy", "PIN-koden er for lett å gjette (like sifre eller en rekkefølge). Velg en annen.");
    return {};
}

} // namespace feltnotat::pinpolicy
