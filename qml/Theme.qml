pragma Singleton
import QtQuick

// Colours, spacing and text sizes shared by the pages; Material supplies the rest. Every text
// size follows the application font, so the platform's text-size setting (and --font-scale)
// applies everywhere: nothing sets a fixed pixel size.
QtObject {
    readonly property color primary: "#1f5f6b"
    readonly property color accent: "#e0803a"
    readonly property color warning: "#b3261e"
    readonly property color ok: "#2e7d32"
    readonly property color muted: "#5f6368"
    readonly property color band: "#e8f1f2"
    readonly property color attentionBand: "#fdecea"
    readonly property color selected: "#d7e8ea"
    readonly property color divider: "#dadce0"

    // The application font (QGuiApplication::font(); main.cpp makes it at least Material's 14 px body
    // text). Read by name: Qt 6.4's qmllint knows Qt.application only as QQmlApplication, without the
    // font that Qt Quick adds at run time.
    readonly property var application: Qt.application
    readonly property real basePx: !application ? 14
                                   : application.font.pixelSize > 0 ? application.font.pixelSize
                                   : application.font.pointSize * 4 / 3
    readonly property real textScale: basePx / 14
    readonly property string fontFamily: application ? application.font.family : ""
    readonly property int fontSmall: Math.round(basePx * 12 / 14)
    readonly property int fontCaption: Math.round(basePx * 13 / 14)
    readonly property int fontBody: Math.round(basePx)
    readonly property int fontSubtitle: Math.round(basePx * 15 / 14)
    readonly property int fontTitle: Math.round(basePx * 16 / 14)
    readonly property int fontHeader: Math.round(basePx * 18 / 14)
    readonly property int fontLarge: Math.round(basePx * 20 / 14)
    readonly property int fontHeadline: Math.round(basePx * 28 / 14)
    // Icons grow with the text up to 150 %: beyond that they would no longer fit their buttons,
    // which keep their size (as Android's icons do not follow the text size at all).
    readonly property int iconSize: Math.round(24 * Math.min(textScale, 1.5))

    readonly property int spacing: 12
    readonly property int margin: 16
    readonly property int rowHeight: Math.max(64, Math.round(64 * textScale))
    readonly property int maxContentWidth: 720
    // From this window width on: a drawer that stays open and list + detail side by side.
    readonly property int wideWidth: 840
}
