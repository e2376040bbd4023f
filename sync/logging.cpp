#include "logging.h"

Q_LOGGING_CATEGORY(lcSync, "feltnotat.sync", QtInfoMsg)
