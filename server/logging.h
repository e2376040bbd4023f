#pragma once

#include <QLoggingCategory>

// The server's one logging category. Never log personal data, record values, tokens or passwords.
Q_DECLARE_LOGGING_CATEGORY(lcServer)
