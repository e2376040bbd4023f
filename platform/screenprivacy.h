#pragma once

#include <QString>

namespace feltnotat {

// Platform hook: keep the window's content out of screenshots, screen recordings and the app
// switcher's preview. Android: WindowManager.LayoutParams.FLAG_SECURE on the activity's window; iOS:
// a cover view while the scene is inactive. The app turns it on while it holds a store (and the lock
// page hides the content on every platform). The phone implementations cannot be built here.
class ScreenPrivacy
{
public:
    virtual ~ScreenPrivacy() = default;
    virtual void setSecure(bool secure) = 0;
    virtual bool isSecure() const = 0;
    virtual QString describe() const = 0;
};

// The desktop: no platform way to keep a window out of screenshots; the lock page is what hides the
// content. Remembers the request so callers can ask.
class DesktopScreenPrivacy final : public ScreenPrivacy
{
public:
    void setSecure(bool secure) override { m_secure = secure; }
    bool isSecure() const override { return m_secure; }
    QString describe() const override
    {
        return QStringLiteral("desktop (no-op: the lock page hides the content)");
    }

private:
    bool m_secure = false;
};

} // namespace feltnotat
