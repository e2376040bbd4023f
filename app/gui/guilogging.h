#pragma once

#include <QLoggingCategory>

// The app layer's logging category. Never log personal data.
Q_DECLARE_LOGGING_CATEGORY(lcGui)
