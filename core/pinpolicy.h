#pragma once

#include <QString>

namespace feltnotat {

// What a new PIN must be (issue 16): at least 6 digits and not a trivial sequence (one digit
// repeated, a run up or down such as 123456 or 987654, or a repeated pair such as 121212).
namespace pinpolicy {

constexpr int MinLength = 6;
constexpr int MaxLength = 32;

// Why `pin` may not be chosen, as a sentence for the user; empty when it may.
QString problem(QStringView pin);

} // namespace pinpolicy
} // namespace feltnotat
