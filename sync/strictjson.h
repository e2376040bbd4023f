#pragma once

#include "core/result.h"

#include <QByteArrayView>

namespace feltnotat::protocol {

// The check every JSON message of the protocol passes before it is read (protocol.cpp parseObject):
// the JSON grammar exactly (RFC 8259, UTF-8), at most MaxJsonDepth levels of nesting, and no key twice
// in one object at any depth ("a" and "\u0061" are the same key). QJsonDocument keeps only one of two
// equal keys, so without this check a sender and a reader could disagree on what a message says.
// A failure is a Protocol error; a repeated key names its path in `field`, e.g. "mutations[0].fields.name".
constexpr int MaxJsonDepth = 32;
Status checkStrictJson(QByteArrayView json);

} // namespace feltnotat::protocol
