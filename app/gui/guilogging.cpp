#include "guilogging.h"

Q_LOGGING_CATEGORY(lcGui, "feltnotat.gui")
