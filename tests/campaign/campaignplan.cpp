#include "campaignplan.h"

#include <QRandomGenerator64>

namespace campaign {

QString Step::describe() const
{
    const QString dev = QStringLiteral("device %1").arg(device);
    switch (kind) {
    case StepKind::Operation:
        return QStringLiteral("%1 %2").arg(opName(op), dev);
    case StepKind::Sync:
        return QStringLiteral("sync %1").arg(dev);
    case StepKind::KillDevice:
        return QStringLiteral("kill -9 %1 for %2 steps").arg(dev).arg(duration);
    case StepKind::KillServer:
        return QStringLiteral("kill -9 server %1 for %2 steps").arg(server).arg(duration);
    case StepKind::RestartDatabase:
        return QStringLiteral("restart the database");
    case StepKind::Partition:
        return QStringLiteral("partition %1 for %2 steps").arg(dev).arg(duration);
    case StepKind::CutResponse:
        return QStringLiteral("cut the next answer to %1").arg(dev);
    case StepKind::Delay:
        return QStringLiteral("delay the requests of %1 by %2 steps").arg(dev).arg(duration);
    case StepKind::Duplicate:
        return QStringLiteral("duplicate the next request of %1").arg(dev);
    case StepKind::Skew:
        return QStringLiteral("skew the clock of %1 by %2 s").arg(dev).arg(amount / 1000);
    }
    return {};
}

QList<Step> makePlan(quint64 seed, const PlanOptions &options)
{
    QRandomGenerator64 rng(seed);
    const auto below = [&rng](int n) {
        return int(rng.bounded(quint64(n)));
    };
    // Clock jumps a phone really makes: a few seconds, minutes past the server's bound, hours, a day.
    static const qint64 skews[] {
        -2 * 3600 * 1000LL, -10 * 60 * 1000LL, -2000, 3 * 60 * 1000LL, 10 * 60 * 1000LL, 24 * 3600 * 1000LL};
    QList<Step> plan;
    for (int i = 0; i < options.steps; ++i) {
        Step s;
        s.device = below(options.devices);
        s.server = below(options.servers);
        s.pick = rng.generate();
        s.advanceMs = 200 + below(4000);
        if (below(100) < options.faultPercent) {
            const int f = below(options.databaseRestarts ? 9 : 8);
            s.duration = 1 + below(12);
            switch (f) {
            case 0:
                s.kind = StepKind::KillDevice;
                break;
            case 1:
                s.kind = StepKind::KillServer;
                break;
            case 2:
                s.kind = StepKind::Partition;
                break;
            case 3:
            case 4:
                s.kind = StepKind::CutResponse;
                break;
            case 5:
                s.kind = StepKind::Delay;
                s.duration = 1 + below(4);
                break;
            case 6:
                s.kind = StepKind::Duplicate;
                break;
            case 7:
                s.kind = StepKind::Skew;
                s.amount = skews[below(int(std::size(skews)))];
                break;
            default:
                s.kind = StepKind::RestartDatabase;
                break;
            }
        } else {
            const int op = below(100);
            if (op < 22) {
                s.kind = StepKind::Operation;
                s.op = OpKind::Create;
            } else if (op < 62) {
                s.kind = StepKind::Operation;
                s.op = OpKind::Edit;
            } else if (op < 68) {
                s.kind = StepKind::Operation;
                s.op = OpKind::Delete;
            } else if (op < 74) {
                s.kind = StepKind::Operation;
                s.op = OpKind::Resolve;
            } else {
                s.kind = StepKind::Sync;
            }
        }
        plan.append(s);
    }
    return plan;
}

} // namespace campaign
