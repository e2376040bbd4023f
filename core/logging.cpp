#include "logging.h"

Q_LOGGING_CATEGORY(lcCore, "feltnotat.core", QtInfoMsg)
