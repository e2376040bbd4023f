#pragma once

#include <QLoggingCategory>

// One category per layer. Never log personal data, tokens or passwords.
Q_DECLARE_LOGGING_CATEGORY(lcCore)
