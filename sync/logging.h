#pragma once

#include <QLoggingCategory>

// Never log record contents, tokens or passwords: ids and counts only.
Q_DECLARE_LOGGING_CATEGORY(lcSync)
